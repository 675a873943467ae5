package io.mt5db.signals.queue;

import java.time.Instant;
import java.util.UUID;

/** What the EA reports about one delivered signal. {@code accountId} is already resolved against the key. */
public record AckRequest(UUID id, String accountId, DeliveryStatus status, Long mt5Ticket, Double price, Instant tsExec,
        String message) {
}

package io.mt5db.signals.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * The recorded ack. Built from the stored row, so that repeating an ack answers the identical body
 * (including {@code acked_at} of the first one).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AckResponse(UUID id, String accountId, DeliveryStatus status, int deliveryAttempt, Long mt5Ticket,
        Double price, Instant tsExec, String message, Instant ackedAt) {
}

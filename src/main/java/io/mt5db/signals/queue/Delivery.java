package io.mt5db.signals.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One signal's delivery to one account, with the ack the EA sent, if any. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Delivery(String accountId, DeliveryStatus status, int deliveryAttempt, Instant firstDeliveredAt,
        Instant claimedAt, Instant leaseUntil, Instant ackedAt, Long mt5Ticket, Double price, Instant tsExec,
        String message) {
}

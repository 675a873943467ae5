package io.mt5db.signals.queue;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of one signal for one account. CLAIMED: delivered, lease running (or run out: then it
 * may be delivered again). FILLED, REJECTED, SKIPPED: what the EA reported. EXPIRED: the signal
 * expired before any ack. An ack is accepted while CLAIMED or EXPIRED (the trade may have happened
 * after the lease or the expiry); once acked, the outcome is final.
 */
public enum DeliveryStatus {
    CLAIMED, FILLED, REJECTED, SKIPPED, EXPIRED;

    /** Statuses an EA may report in an ack. */
    public static final Set<DeliveryStatus> ACK_STATUSES = EnumSet.of(FILLED, REJECTED, SKIPPED);

    /** Statuses in which an ack is recorded rather than compared with an earlier one. */
    public static final Set<DeliveryStatus> AWAITING_ACK = EnumSet.of(CLAIMED, EXPIRED);

    /** What an ack with status {@code requested} does to a delivery in this status. */
    public enum AckOutcome {
        /** Store the ack. */
        RECORD,
        /** The same ack was stored before: answer it again, change nothing. */
        REPEAT,
        /** A different outcome was stored before. */
        CONFLICT
    }

    public AckOutcome ackOutcome(DeliveryStatus requested) {
        if (!ACK_STATUSES.contains(requested)) {
            throw new IllegalArgumentException("an ack reports FILLED, REJECTED or SKIPPED, not " + requested);
        }
        if (AWAITING_ACK.contains(this)) {
            return AckOutcome.RECORD;
        }
        return this == requested ? AckOutcome.REPEAT : AckOutcome.CONFLICT;
    }
}

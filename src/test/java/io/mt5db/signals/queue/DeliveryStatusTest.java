package io.mt5db.signals.queue;

import static io.mt5db.signals.queue.DeliveryStatus.AckOutcome.CONFLICT;
import static io.mt5db.signals.queue.DeliveryStatus.AckOutcome.RECORD;
import static io.mt5db.signals.queue.DeliveryStatus.AckOutcome.REPEAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void anUnackedDeliveryRecordsAnyAckEvenAfterExpiry() {
        for (DeliveryStatus ack : DeliveryStatus.ACK_STATUSES) {
            assertEquals(RECORD, DeliveryStatus.CLAIMED.ackOutcome(ack));
            assertEquals(RECORD, DeliveryStatus.EXPIRED.ackOutcome(ack));
        }
    }

    @Test
    void anAckedDeliveryRepeatsTheSameAckAndRefusesAnother() {
        assertEquals(REPEAT, DeliveryStatus.FILLED.ackOutcome(DeliveryStatus.FILLED));
        assertEquals(CONFLICT, DeliveryStatus.FILLED.ackOutcome(DeliveryStatus.REJECTED));
        assertEquals(CONFLICT, DeliveryStatus.SKIPPED.ackOutcome(DeliveryStatus.FILLED));
        assertEquals(REPEAT, DeliveryStatus.REJECTED.ackOutcome(DeliveryStatus.REJECTED));
    }

    @Test
    void onlyOutcomesCanBeAcked() {
        assertThrows(IllegalArgumentException.class, () -> DeliveryStatus.CLAIMED.ackOutcome(DeliveryStatus.CLAIMED));
        assertThrows(IllegalArgumentException.class, () -> DeliveryStatus.FILLED.ackOutcome(DeliveryStatus.EXPIRED));
    }
}

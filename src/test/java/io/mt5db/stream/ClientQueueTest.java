package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientQueueTest {

    static StreamEvent event(long id) {
        return new StreamEvent(id, StreamEvent.CANDLE, "EURUSD", "M1", null, null, "{}");
    }

    static StreamEvent dropped(long lastId) {
        return StreamEvent.control(lastId, StreamEvent.DROPPED, "{\"last_id\":" + lastId + "}");
    }

    @Test
    void oneEventIsInFlightAtATime() {
        ClientQueue q = new ClientQueue(4, 10);
        q.offer(event(11), ClientQueueTest::dropped);
        q.offer(event(12), ClientQueueTest::dropped);
        StreamEvent first = q.takeNext();
        assertEquals(11, first.id());
        assertNull(q.takeNext(), "the next waits for the first to be written");
        assertFalse(q.written(first));
        assertEquals(12, q.takeNext().id());
    }

    @Test
    void pastTheBoundOnlyTheDroppedEventStaysNamingTheLastHandedId() {
        ClientQueue q = new ClientQueue(2, 10);
        q.offer(event(11), ClientQueueTest::dropped);
        StreamEvent inFlight = q.takeNext();
        q.offer(event(12), ClientQueueTest::dropped);
        q.offer(event(13), ClientQueueTest::dropped);
        assertEquals(ClientQueue.Offer.DROPPED, q.offer(event(14), ClientQueueTest::dropped));
        assertEquals(1, q.size());
        assertEquals(ClientQueue.Offer.CLOSED, q.offer(event(15), ClientQueueTest::dropped));
        assertFalse(q.written(inFlight));
        StreamEvent last = q.takeNext();
        assertEquals(StreamEvent.DROPPED, last.type());
        assertEquals(11, last.id(), "event 11 went out before it; 12 and 13 never did");
        assertTrue(q.written(last), "drained and closing: disconnect");
    }

    @Test
    void roomCountsWhatWaits() {
        ClientQueue q = new ClientQueue(3, 0);
        assertTrue(q.hasRoom(3));
        q.offer(event(1), ClientQueueTest::dropped);
        assertFalse(q.hasRoom(3));
        assertTrue(q.hasRoom(2));
    }
}

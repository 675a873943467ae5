package io.mt5db.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkEndTest {

    @Test
    void nothingOfferedHasNoEnd() {
        assertNull(new ChunkEnd<Long>(10).lastKey());
    }

    @Test
    void keysAreTakenWholeUntilTheyCoverTheLimit() {
        ChunkEnd<Long> end = new ChunkEnd<>(10);
        assertTrue(end.offer(1L, 4));
        assertTrue(end.offer(2L, 4));
        assertTrue(end.offer(3L, 4)); // 8 covered before key 3: it belongs to the chunk
        assertFalse(end.offer(4L, 1), "12 covered before key 4");
        assertEquals(3L, end.lastKey());
    }

    @Test
    void aKeyMarkedSeveralTimesCountsItsLongestRunOnce() {
        ChunkEnd<Long> end = new ChunkEnd<>(8);
        assertTrue(end.offer(1L, 1));
        assertTrue(end.offer(1L, 6));
        assertTrue(end.offer(1L, 1));
        assertTrue(end.offer(2L, 3), "6 covered before key 2, not the 8 of all three marks");
        assertFalse(end.offer(3L, 1));
        assertEquals(2L, end.lastKey());
    }

    @Test
    void marksRunningOutEndTheChunkAtTheLastKeyOffered() {
        ChunkEnd<String> end = new ChunkEnd<>(100);
        end.offer("a", 5);
        end.offer("b", 5);
        assertEquals("b", end.lastKey());
    }
}

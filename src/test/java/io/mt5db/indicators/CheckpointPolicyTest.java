package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CheckpointPolicyTest {

    @Test
    void keepsEveryIntervalAndTheNewestTwo() {
        CheckpointPolicy policy = new CheckpointPolicy(5);
        List<Long> kept = LongStream.rangeClosed(1, 23).filter(n -> policy.keeps(n, 23)).boxed().toList();
        assertEquals(List.of(5L, 10L, 15L, 20L, 22L, 23L), kept);
        assertEquals(22, policy.tailStart(23));
    }

    @Test
    void aBoundaryInTheTailIsKeptOnce() {
        CheckpointPolicy policy = new CheckpointPolicy(5);
        assertEquals(List.of(5L, 9L, 10L), LongStream.rangeClosed(1, 10).filter(n -> policy.keeps(n, 10)).boxed().toList());
        assertTrue(policy.isBoundary(10));
        assertFalse(policy.isBoundary(9));
    }

    @Test
    void nothingBeyondTheNewestIsKept() {
        assertFalse(new CheckpointPolicy(5).keeps(24, 23));
    }

    @Test
    void intervalOneKeepsEveryState() {
        CheckpointPolicy policy = new CheckpointPolicy(1);
        assertTrue(LongStream.rangeClosed(1, 50).allMatch(n -> policy.keeps(n, 50)));
    }

    @Test
    void rejectsANonPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointPolicy(0));
    }
}

package io.mt5db.indicators;

/**
 * Which calculator states of a series are kept: the state after every {@code interval}-th bar, so a
 * change anywhere replays fewer than {@code interval} bars, plus the states after the newest
 * {@value #TAIL} bars, so that a correction of the newest bar (the forming bar, re-sent every
 * second) resumes from the bar before it without any replay.
 */
public record CheckpointPolicy(int interval) {
    public static final int TAIL = 2;

    public CheckpointPolicy {
        if (interval < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1, got " + interval);
        }
    }

    /** Whether the state after the {@code barCount}-th bar is kept for good. */
    public boolean isBoundary(long barCount) {
        return barCount % interval == 0;
    }

    /** The smallest bar count of the tail kept behind a series whose newest state has {@code lastBarCount}. */
    public long tailStart(long lastBarCount) {
        return lastBarCount - TAIL + 1;
    }

    /** Whether a state stays once the newest state of its series has {@code lastBarCount}. */
    public boolean keeps(long barCount, long lastBarCount) {
        return isBoundary(barCount) || (barCount >= tailStart(lastBarCount) && barCount <= lastBarCount);
    }
}

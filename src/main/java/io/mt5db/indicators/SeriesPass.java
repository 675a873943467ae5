package io.mt5db.indicators;

import io.mt5db.indicators.math.Bar;
import io.mt5db.indicators.math.IndicatorCalculator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One pass of the indicator calculator over stored bars of one series, in ts order, continuing from a
 * saved state (or from the first bar). It collects the rows to write, those of bars at or after
 * {@code writeFromMillis} (earlier bars are only replayed to rebuild the state), and the checkpoints
 * the {@link CheckpointPolicy} keeps.
 */
public final class SeriesPass {

    /** The calculator state after the bar at {@code tsMillis}. */
    public record Checkpoint(long tsMillis, IndicatorCalculator.State state) {
    }

    private final IndicatorCalculator calculator;
    private final CheckpointPolicy policy;
    private final long writeFromMillis;
    private final IndicatorRows rows;
    private final List<Checkpoint> boundaries = new ArrayList<>();
    private final Deque<Checkpoint> tail = new ArrayDeque<>(CheckpointPolicy.TAIL + 1);
    private IndicatorCalculator.State state;
    private int barsRead;
    private int badBars;

    /**
     * @param start           the state after the last bar before the first one fed to {@link #accept}
     * @param writeFromMillis bars before this ts are replayed without producing rows
     * @param expectedBars    a sizing hint
     */
    public SeriesPass(IndicatorCalculator calculator, CheckpointPolicy policy, IndicatorCalculator.State start,
            long writeFromMillis, int expectedBars) {
        if (start.convention() != calculator.convention()) {
            throw new IllegalArgumentException("start state is " + start.convention() + ", calculator is "
                    + calculator.convention());
        }
        this.calculator = calculator;
        this.policy = policy;
        this.state = start;
        this.writeFromMillis = writeFromMillis;
        this.rows = new IndicatorRows(expectedBars);
    }

    /** Feeds the next stored bar. A bar with a non-finite price is skipped as if it were absent. */
    public void accept(long tsMillis, double high, double low, double close) {
        barsRead++;
        Bar bar;
        try {
            bar = new Bar(high, low, close);
        } catch (IllegalArgumentException e) {
            badBars++;
            return;
        }
        IndicatorCalculator.Step step = calculator.next(state, bar);
        state = step.state();
        if (tsMillis >= writeFromMillis) {
            rows.add(tsMillis, step.values());
        }
        Checkpoint checkpoint = new Checkpoint(tsMillis, state);
        if (policy.isBoundary(state.barCount())) {
            boundaries.add(checkpoint);
        }
        tail.addLast(checkpoint);
        if (tail.size() > CheckpointPolicy.TAIL) {
            tail.removeFirst();
        }
    }

    public IndicatorRows rows() {
        return rows;
    }

    /** Bars fed, bad ones included. */
    public int barsRead() {
        return barsRead;
    }

    /** Bars skipped for a non-finite price. */
    public int badBars() {
        return badBars;
    }

    /** The state after the last good bar fed (the start state when there was none). */
    public IndicatorCalculator.State state() {
        return state;
    }

    /** The ts of the last good bar fed, if any. */
    public Optional<Long> lastBarMillis() {
        return tail.isEmpty() ? Optional.empty() : Optional.of(tail.getLast().tsMillis());
    }

    /** The states to store, ascending: the boundaries passed and the newest {@value CheckpointPolicy#TAIL}. */
    public List<Checkpoint> checkpoints() {
        List<Checkpoint> out = new ArrayList<>(boundaries);
        for (Checkpoint checkpoint : tail) {
            if (!policy.isBoundary(checkpoint.state().barCount())) {
                out.add(checkpoint);
            }
        }
        out.sort(Comparator.comparingLong(Checkpoint::tsMillis));
        return out;
    }
}

package io.mt5db.indicators;

import io.mt5db.indicators.IndicatorWorkQueue.PendingSeries;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.market.SeriesChangeLog.Series;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Recomputes one changed series from its change point forward, within the caller's transaction:
 * resume from the newest checkpoint before the change (or from the first bar when there is none),
 * replay up to the change, write the rows from there on, drop rows whose candle is gone or whose bar
 * has no value any more, store the new checkpoints, and finish or advance the series' work.
 */
@ApplicationScoped
public class SeriesRecomputer {

    private static final Logger LOG = Logger.getLogger(SeriesRecomputer.class);

    @Inject
    IndicatorRepository indicators;

    @Inject
    IndicatorStateRepository states;

    @Inject
    IndicatorWorkQueue queue;

    /** What one call did; {@code finished} = the series is computed to its newest bar. */
    public record Outcome(int barsRead, int badBars, boolean finished) {
    }

    private record Resume(Instant ts, IndicatorCalculator.State state) {
    }

    /** Works on the series for at most {@code maxBars} bars (replayed ones included). */
    public Outcome recompute(Connection tx, PendingSeries pending, IndicatorCalculator calculator,
            CheckpointPolicy policy, int maxBars) throws SQLException {
        Series series = pending.series();
        Optional<Resume> resume = resumePoint(tx, pending, calculator);
        // Without a usable checkpoint the series restarts at its first bar and every row is rewritten:
        // rows before the change may stem from another convention or from a damaged state.
        Instant writeFrom = resume.isPresent() ? pending.fromTs() : null;
        Instant after = resume.map(Resume::ts).orElse(null);
        SeriesPass pass = new SeriesPass(calculator, policy,
                resume.map(Resume::state).orElseGet(calculator::initialState),
                writeFrom == null ? Long.MIN_VALUE : writeFrom.toEpochMilli(),
                Math.min(maxBars, IndicatorRepository.FETCH_SIZE));
        IndicatorRepository.Streamed streamed = indicators.streamBars(tx, series, after, maxBars, pass::accept);
        boolean finished = streamed.nextMillis() == null;
        Instant processedTo = finished || streamed.lastMillis() == null ? null : Instant.ofEpochMilli(streamed.lastMillis());

        // Comparing with the timestamps stored for this stretch tells new rows from replaced ones and finds
        // the rows to drop, without an anti-join whose plan would depend on statistics.
        IndicatorRows.Split split = pass.rows().against(indicators.storedBarsMillis(tx, series, writeFrom, processedTo));
        indicators.deleteAt(tx, series, split.absent());
        indicators.write(tx, series, split);
        states.replace(tx, series, calculator.convention(), after, policy, pass.state().barCount(), pass.checkpoints());
        if (finished) {
            queue.done(tx, pending);
        } else {
            Instant next = Instant.ofEpochMilli(streamed.nextMillis());
            queue.advance(tx, pending, writeFrom != null && writeFrom.isAfter(next) ? writeFrom : next);
        }
        return new Outcome(pass.barsRead(), pass.badBars(), finished);
    }

    private Optional<Resume> resumePoint(Connection tx, PendingSeries pending, IndicatorCalculator calculator)
            throws SQLException {
        Optional<IndicatorStateRepository.StoredState> stored =
                states.latestBefore(tx, pending.series(), calculator.convention(), pending.fromTs());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            IndicatorCalculator.State state = IndicatorCalculator.State.fromArray(stored.get().values());
            if (state.convention() != calculator.convention() || state.barCount() != stored.get().barCount()) {
                throw new IllegalArgumentException("state of " + state.convention() + " after " + state.barCount()
                        + " bars stored as " + stored.get().barCount() + " bars");
            }
            return Optional.of(new Resume(stored.get().ts(), state));
        } catch (IllegalArgumentException e) {
            LOG.warnf("indicator state of %s %s at %s is unusable (%s); recomputing the series from its first bar",
                    pending.series().symbol(), pending.series().timeframe(), stored.get().ts(), e.getMessage());
            return Optional.empty();
        }
    }
}

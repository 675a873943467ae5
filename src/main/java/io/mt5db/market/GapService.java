package io.mt5db.market;

import io.mt5db.common.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** /gaps: reads a series' bar starts and the symbol's sessions, and lets {@link GapFinder} compare them. */
@ApplicationScoped
public class GapService {

    /** Most buckets one page scans (two years of M1); a longer range continues on the next page. */
    static final long MAX_BUCKETS = 1_100_000;

    /**
     * @param from the range used (inclusive)
     * @param to the range used (exclusive), or where the next page resumes
     * @param fromDefaulted true when no from was given and the series' first bar was used
     * @param toDefaulted true when no to was given and the end of the series' last bar was used
     */
    public record GapsReport(String symbol, String timeframe, Instant from, Instant to, boolean fromDefaulted,
            boolean toDefaulted, long expectedBars, long presentBars, long missingBars, List<GapFinder.Gap> items,
            String nextCursor) {
    }

    @Inject
    MarketRepository repository;

    @Inject
    SymbolService symbols;

    /**
     * Gaps in [from, to), where from defaults to the series' first bar and to to the end of its last bar
     * (a series that stopped is not missing every bar since; ask with to for those). The range never
     * starts before the first bar nor ends after now: no data yet is not a gap.
     */
    public GapsReport gaps(String symbol, Timeframe timeframe, Instant from, Instant to, int maxGaps)
            throws SQLException {
        Optional<Instant> first = repository.oldestCandleTs(symbol, timeframe);
        Instant now = Instant.now();
        boolean fromDefaulted = from == null;
        boolean toDefaulted = to == null;
        if (first.isEmpty()) {
            Instant end = to == null || to.isAfter(now) ? now : to;
            Instant start = from == null ? end : from;
            return new GapsReport(symbol, timeframe.name(), start, end, fromDefaulted, toDefaulted, 0, 0, 0, List.of(), null);
        }
        Instant requestedEnd = to != null ? to
                : timeframe.next(repository.newestCandleTs(symbol, timeframe).orElse(first.get()));
        Instant end = requestedEnd.isAfter(now) ? now : requestedEnd;
        Instant start = from == null || from.isBefore(first.get()) ? first.get() : from;
        if (!start.isBefore(end)) {
            return new GapsReport(symbol, timeframe.name(), start, end, fromDefaulted, toDefaulted, 0, 0, 0, List.of(), null);
        }
        Instant scanEnd = end;
        if (Duration.between(start, end).getSeconds() > MAX_BUCKETS * timeframe.nominalSeconds()) {
            scanEnd = timeframe.floor(start.plusSeconds(MAX_BUCKETS * timeframe.nominalSeconds()));
        }
        long[] present = repository.barStarts(symbol, timeframe, start, scanEnd);
        GapFinder.Result result = GapFinder.find(timeframe, start, scanEnd, present, symbols.sessions(symbol), maxGaps);
        Instant resume = result.resumeFrom() != null ? result.resumeFrom() : scanEnd.isBefore(end) ? scanEnd : null;
        long missing = result.gaps().stream().mapToLong(GapFinder.Gap::missingBars).sum();
        return new GapsReport(symbol, timeframe.name(), start, resume == null ? end : resume, fromDefaulted, toDefaulted,
                result.expectedBars(),
                result.presentBars(), missing, result.gaps(), resume == null ? null : resume.toString());
    }
}

package io.mt5db.market;

import io.mt5db.common.StatementBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Records, inside the writer's own transaction, that a candle series changed from some ts on, so
 * that derived data (indicators) is recomputed from there. Every candle writer calls it.
 */
public final class SeriesChangeLog {

    // A pending mark from an earlier ts already covers a later change (the usual case: the EA posts
    // the newest bar): the row is only locked, not rewritten, which saves a tuple version and its WAL.
    private static final String UPSERT_EARLIEST = """
            ON CONFLICT (symbol, timeframe) DO UPDATE
               SET from_ts = LEAST(s.from_ts, EXCLUDED.from_ts),
                   marked_at = LEAST(s.marked_at, EXCLUDED.marked_at)
             WHERE EXCLUDED.from_ts < s.from_ts OR EXCLUDED.marked_at < s.marked_at
            """;

    private static final String MARK = """
            INSERT INTO series_changes AS s (symbol, timeframe, from_ts, marked_at)
            SELECT u.symbol, u.timeframe, to_timestamp(u.ts_ms / 1000.0), now()
              FROM unnest(?::text[], ?::text[], ?::int8[]) AS u(symbol, timeframe, ts_ms)
            """ + UPSERT_EARLIEST;

    private SeriesChangeLog() {
    }

    /** A series: symbol and timeframe name. */
    public record Series(String symbol, String timeframe) {
    }

    /**
     * {@link #mark} of every series in {@code changedRows(symbol, timeframe, ts)} from its earliest
     * row, as one statement; series in a fixed order, as {@link #mark} locks them.
     */
    public static String markSql(String changedRows) {
        return "INSERT INTO series_changes AS s (symbol, timeframe, from_ts, marked_at) SELECT symbol, timeframe,"
                + " min(ts), now() FROM " + changedRows + " GROUP BY symbol, timeframe ORDER BY symbol, timeframe\n"
                + UPSERT_EARLIEST;
    }

    /** Marks each series as changed from its given earliest ts. */
    public static void mark(Connection transaction, Map<Series, Instant> earliestChange) throws SQLException {
        StatementBatch statements = new StatementBatch(transaction);
        mark(statements, earliestChange);
        statements.execute();
    }

    /** {@link #mark(Connection, Map)} as a part of {@code statements}. */
    public static void mark(StatementBatch statements, Map<Series, Instant> earliestChange) {
        if (earliestChange.isEmpty()) {
            return;
        }
        // A fixed order makes concurrent writers lock the same rows in the same order (no deadlock).
        List<Map.Entry<Series, Instant>> entries = new ArrayList<>(earliestChange.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<Series, Instant> e) -> e.getKey().symbol())
                .thenComparing(e -> e.getKey().timeframe()));
        int n = entries.size();
        String[] symbols = new String[n];
        String[] timeframes = new String[n];
        Long[] from = new Long[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = entries.get(i).getKey().symbol();
            timeframes[i] = entries.get(i).getKey().timeframe();
            from[i] = entries.get(i).getValue().toEpochMilli();
        }
        statements.add(MARK, (c, ps, first) -> {
            ps.setArray(first, c.createArrayOf("text", symbols));
            ps.setArray(first + 1, c.createArrayOf("text", timeframes));
            ps.setArray(first + 2, c.createArrayOf("int8", from));
            return first + 3;
        });
    }
}

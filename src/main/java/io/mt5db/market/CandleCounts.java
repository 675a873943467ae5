package io.mt5db.market;

import io.mt5db.common.StatementBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact candle counts per series, maintained incrementally: every candle writer records its inserted
 * minus deleted rows as a delta in its own transaction ({@link #record}); {@link #fold} moves the
 * deltas into {@code candle_counts}; readers add what has not been folded yet. Nothing counts the
 * candles table per request, and no writer waits on another one for a counter row.
 */
public final class CandleCounts {

    private static final String RECORD = """
            INSERT INTO candle_count_deltas (symbol, timeframe, delta)
            SELECT u.symbol, u.timeframe, u.delta FROM unnest(?::text[], ?::text[], ?::int8[]) AS u(symbol, timeframe, delta)
            """;
    private static final String FOLD = """
            WITH moved AS (DELETE FROM candle_count_deltas RETURNING symbol, timeframe, delta)
            INSERT INTO candle_counts AS s (symbol, timeframe, row_count)
            SELECT symbol, timeframe, sum(delta) FROM moved GROUP BY symbol, timeframe ORDER BY symbol, timeframe
            ON CONFLICT (symbol, timeframe) DO UPDATE SET row_count = s.row_count + EXCLUDED.row_count
            """;
    /** The counts as of one snapshot: folded rows plus pending deltas, for some symbols. */
    private static final String CURRENT = """
            SELECT symbol, timeframe, sum(n)::bigint AS row_count
              FROM (SELECT symbol, timeframe, row_count AS n FROM candle_counts WHERE symbol = ANY(?)
                    UNION ALL
                    SELECT symbol, timeframe, delta FROM candle_count_deltas WHERE symbol = ANY(?)) x
             GROUP BY symbol, timeframe
            """;
    private static final String CURRENT_ALL = """
            SELECT symbol, timeframe, sum(n)::bigint AS row_count
              FROM (SELECT symbol, timeframe, row_count AS n FROM candle_counts
                    UNION ALL
                    SELECT symbol, timeframe, delta FROM candle_count_deltas) x
             GROUP BY symbol, timeframe
            """;

    private CandleCounts() {
    }

    /**
     * Records count changes (inserted minus deleted rows) per series in the writer's transaction, as a
     * part of {@code statements}.
     */
    public static void record(StatementBatch statements, Map<SeriesChangeLog.Series, Long> deltas) {
        List<Map.Entry<SeriesChangeLog.Series, Long>> nonZero = new ArrayList<>();
        for (Map.Entry<SeriesChangeLog.Series, Long> e : deltas.entrySet()) {
            if (e.getValue() != 0) {
                nonZero.add(e);
            }
        }
        if (nonZero.isEmpty()) {
            return;
        }
        int n = nonZero.size();
        String[] symbols = new String[n];
        String[] timeframes = new String[n];
        Long[] values = new Long[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = nonZero.get(i).getKey().symbol();
            timeframes[i] = nonZero.get(i).getKey().timeframe();
            values[i] = nonZero.get(i).getValue();
        }
        statements.add(RECORD, (c, ps, first) -> {
            ps.setArray(first, c.createArrayOf("text", symbols));
            ps.setArray(first + 1, c.createArrayOf("text", timeframes));
            ps.setArray(first + 2, c.createArrayOf("int8", values));
            return first + 3;
        });
    }

    /** {@link #record} of the inserted rows of {@code changedRows(symbol, timeframe, inserted)}, as one statement. */
    public static String recordInsertedSql(String changedRows) {
        return "INSERT INTO candle_count_deltas (symbol, timeframe, delta) SELECT symbol, timeframe, count(*) FROM "
                + changedRows + " WHERE inserted GROUP BY symbol, timeframe";
    }

    /** Moves pending deltas into the counts, atomically; concurrent folds never count a delta twice. */
    public static int fold(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(FOLD)) {
            return ps.executeUpdate();
        }
    }

    /** Current counts of the given symbols' series (of every series when symbols is null), sorted. */
    public static Map<SeriesChangeLog.Series, Long> current(Connection connection, List<String> symbols)
            throws SQLException {
        Map<SeriesChangeLog.Series, Long> counts = new TreeMap<>(Comparator.comparing(SeriesChangeLog.Series::symbol)
                .thenComparing(SeriesChangeLog.Series::timeframe));
        try (PreparedStatement ps = connection.prepareStatement(symbols == null ? CURRENT_ALL : CURRENT)) {
            if (symbols != null) {
                String[] array = symbols.toArray(String[]::new);
                ps.setArray(1, connection.createArrayOf("text", array));
                ps.setArray(2, connection.createArrayOf("text", array));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(3);
                    if (count != 0) {
                        counts.put(new SeriesChangeLog.Series(rs.getString(1), rs.getString(2)), count);
                    }
                }
            }
        }
        return counts;
    }
}

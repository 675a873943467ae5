package io.mt5db.indicators;

import io.mt5db.common.TimeBounds;

import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.indicators.math.IndicatorValues;
import io.mt5db.market.SeriesChangeLog.Series;
import io.mt5db.stream.StreamLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Reads the bars the indicators are computed from and reads and writes the {@code indicators} table. */
@ApplicationScoped
public class IndicatorRepository {

    /** Rows per upsert statement: large enough to amortise the round trip, small enough for the heap. */
    static final int WRITE_BATCH = 50_000;
    /** Fewer new rows than this go by upsert, one round trip instead of COPY's two. */
    static final int COPY_MIN_ROWS = 1_000;
    /** Rows encoded per COPY write. */
    static final int COPY_BATCH = 10_000;
    /** Bars per cursor fetch: the series is streamed, never loaded whole. */
    static final int FETCH_SIZE = 10_000;

    private static final String UPSERT = """
            INSERT INTO indicators AS i (symbol, timeframe, ts, rsi, macd, macd_signal, macd_hist, atr,
                                         bb_upper, bb_middle, bb_lower, computed_at)
            SELECT ?, ?, to_timestamp(u.ts_ms / 1000.0), u.rsi, u.macd, u.macd_signal, u.macd_hist, u.atr,
                   u.bb_upper, u.bb_middle, u.bb_lower, now()
              FROM unnest(?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                          ?::float8[], ?::float8[])
                   AS u(ts_ms, rsi, macd, macd_signal, macd_hist, atr, bb_upper, bb_middle, bb_lower)
            ON CONFLICT (symbol, timeframe, ts) DO UPDATE
               SET rsi = EXCLUDED.rsi, macd = EXCLUDED.macd, macd_signal = EXCLUDED.macd_signal,
                   macd_hist = EXCLUDED.macd_hist, atr = EXCLUDED.atr, bb_upper = EXCLUDED.bb_upper,
                   bb_middle = EXCLUDED.bb_middle, bb_lower = EXCLUDED.bb_lower, computed_at = EXCLUDED.computed_at
             WHERE (i.rsi, i.macd, i.macd_signal, i.macd_hist, i.atr, i.bb_upper, i.bb_middle, i.bb_lower)
                   IS DISTINCT FROM
                   (EXCLUDED.rsi, EXCLUDED.macd, EXCLUDED.macd_signal, EXCLUDED.macd_hist, EXCLUDED.atr,
                    EXCLUDED.bb_upper, EXCLUDED.bb_middle, EXCLUDED.bb_lower)
            """;
    // The bars whose values changed get a live-stream candle event (io.mt5db.stream), in the same statement.
    private static final String UPSERT_WITH_STREAM_EVENT = "WITH written AS (" + UPSERT + " RETURNING i.ts) "
            + StreamLog.candlesSql("(SELECT ?::text AS symbol, ?::text AS timeframe, ts FROM written) AS w");

    @Inject
    DataSource dataSource;

    /** Receives the bars of a series in ts order. */
    @FunctionalInterface
    public interface BarSink {
        void accept(long tsMillis, double high, double low, double close);
    }

    /**
     * What {@link #streamBars} fed: how many bars, the ts of the last one, and the ts of the first bar
     * beyond the limit (null when the series ended within it).
     */
    public record Streamed(int bars, Long lastMillis, Long nextMillis) {
    }

    /**
     * Feeds up to {@code limit} stored bars after {@code after} (all when null), ascending, through a
     * server-side cursor; needs a connection with auto-commit off.
     */
    public Streamed streamBars(Connection tx, Series series, Instant after, int limit, BarSink sink)
            throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                SELECT (extract(epoch FROM ts) * 1000)::int8, high, low, close FROM candles
                 WHERE symbol = ? AND timeframe = ? AND ts > COALESCE(?::timestamptz, '-infinity')
                   AND """ + TimeBounds.processableSql("ts") + """

                 ORDER BY ts
                 LIMIT ?
                """)) {
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(1, series.symbol());
            ps.setString(2, series.timeframe());
            setNullableTs(ps, 3, after);
            ps.setInt(4, limit + 1);
            int bars = 0;
            Long last = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ts = rs.getLong(1);
                    if (bars == limit) {
                        return new Streamed(bars, last, ts);
                    }
                    sink.accept(ts, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
                    bars++;
                    last = ts;
                }
            }
            return new Streamed(bars, last, null);
        }
    }

    /**
     * Writes a pass's rows: many new rows (a series computed for the first time) by binary COPY, the
     * others, and a few new ones, by upsert.
     */
    public void write(Connection tx, Series series, IndicatorRows.Split rows) throws SQLException {
        upsert(tx, series, rows.existing());
        if (rows.fresh().size() >= COPY_MIN_ROWS) {
            copy(tx, series, rows.fresh());
        } else {
            upsert(tx, series, rows.fresh());
        }
    }

    /** Inserts rows of which none is stored yet (a stored one makes the COPY fail). */
    private void copy(Connection tx, Series series, IndicatorRows rows) throws SQLException {
        CopyIn copy = tx.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY indicators (" + IndicatorCopyFormat.COLUMN_LIST + ") FROM STDIN (FORMAT binary)");
        try {
            write(copy, IndicatorCopyFormat.header());
            for (int from = 0; from < rows.size(); from += COPY_BATCH) {
                int to = Math.min(rows.size(), from + COPY_BATCH);
                write(copy, IndicatorCopyFormat.tuples(series.symbol(), series.timeframe(), rows, from, to));
            }
            write(copy, IndicatorCopyFormat.trailer());
            copy.endCopy();
            StreamLog.candles(tx, series.symbol(), series.timeframe(), java.util.Arrays.asList(rows.tsMillis(0, rows.size())));
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, byte[] bytes) throws SQLException {
        copy.writeToCopy(bytes, 0, bytes.length);
    }

    /** Inserts or updates rows; rows whose values did not change are left alone. */
    private void upsert(Connection tx, Series series, IndicatorRows rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement(UPSERT_WITH_STREAM_EVENT)) {
            for (int from = 0; from < rows.size(); from += WRITE_BATCH) {
                int to = Math.min(rows.size(), from + WRITE_BATCH);
                ps.setString(1, series.symbol());
                ps.setString(2, series.timeframe());
                ps.setArray(3, Sql.int8Array(tx, rows.tsMillis(from, to)));
                for (int column = 0; column < IndicatorRows.COLUMNS; column++) {
                    ps.setArray(4 + column, Sql.float8Array(tx, rows.column(column, from, to)));
                }
                ps.setString(4 + IndicatorRows.COLUMNS, series.symbol());
                ps.setString(5 + IndicatorRows.COLUMNS, series.timeframe());
                ps.executeUpdate();
            }
        }
    }

    /** The timestamps (epoch ms, ascending) of the stored rows from {@code from} to {@code to} (inclusive; null = unbounded). */
    public List<Long> storedBarsMillis(Connection tx, Series series, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                SELECT (extract(epoch FROM ts) * 1000)::int8 FROM indicators
                 WHERE symbol = ? AND timeframe = ?
                   AND ts >= COALESCE(?::timestamptz, '-infinity') AND ts <= COALESCE(?::timestamptz, 'infinity')
                 ORDER BY ts
                """)) {
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(1, series.symbol());
            ps.setString(2, series.timeframe());
            setNullableTs(ps, 3, from);
            setNullableTs(ps, 4, to);
            List<Long> stored = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
            return stored;
        }
    }

    /** Deletes the rows of the given bars. */
    public int deleteAt(Connection tx, Series series, List<Long> barsMillis) throws SQLException {
        if (barsMillis.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = tx.prepareStatement("""
                DELETE FROM indicators
                 WHERE symbol = ? AND timeframe = ?
                   AND ts IN (SELECT to_timestamp(u.ts_ms / 1000.0) FROM unnest(?::int8[]) AS u(ts_ms))
                """)) {
            ps.setString(1, series.symbol());
            ps.setString(2, series.timeframe());
            ps.setArray(3, Sql.int8Array(tx, barsMillis.toArray(Long[]::new)));
            return ps.executeUpdate();
        }
    }

    private static void setNullableTs(PreparedStatement ps, int index, Instant ts) throws SQLException {
        if (ts == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, Sql.ts(ts));
        }
    }
}

package io.mt5db.indicators;

import io.mt5db.common.Sql;
import io.mt5db.common.TimeBounds;
import io.mt5db.market.SeriesChangeLog.Series;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The series the indicator job has to recompute, and from which ts on ({@code indicator_work}). Marks
 * come from the writers' {@code series_changes} and are moved here by the holder of the symbol's lock
 * just before it computes, so only that holder ever changes the symbol's rows here.
 */
@ApplicationScoped
public class IndicatorWorkQueue {

    @Inject
    DataSource dataSource;

    /**
     * A series to recompute from {@code fromTs}; {@code poison}: the change was marked at a time no job
     * can process (a poison row, see {@link TimeBounds#processableSql}), so {@code fromTs} was clamped
     * to {@link TimeBounds#EARLIEST}, where the series' processable bars begin.
     */
    public record PendingSeries(Series series, Instant fromTs, boolean poison) {

        public PendingSeries(Series series, Instant fromTs) {
            this(series, fromTs, false);
        }
    }

    /**
     * Moves the symbol's marks from {@code series_changes} here, keeping the earliest ts and mark time
     * per series, in a short transaction of its own on its own connection: writers marking the symbol
     * wait for it at most that long, never for the computation. Call it only while holding the
     * symbol's lock, so that nobody else changes its rows here meanwhile.
     */
    public void moveMarks(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH moved AS (DELETE FROM series_changes WHERE symbol = ? RETURNING timeframe, from_ts, marked_at)
                INSERT INTO indicator_work AS w (symbol, timeframe, from_ts, marked_at)
                SELECT ?, timeframe, from_ts, marked_at FROM moved
                ON CONFLICT (symbol, timeframe) DO UPDATE
                   SET from_ts = LEAST(w.from_ts, EXCLUDED.from_ts), marked_at = LEAST(w.marked_at, EXCLUDED.marked_at)
                """)) {
            c.setAutoCommit(true);
            ps.setString(1, symbol);
            ps.setString(2, symbol);
            ps.executeUpdate();
        }
    }

    /** Symbols with marks or work, the longest-waiting first (a hint: read without any lock). */
    public List<String> symbols(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT symbol FROM (SELECT symbol, marked_at FROM series_changes
                                    UNION ALL SELECT symbol, marked_at FROM indicator_work) AS waiting
                 GROUP BY symbol ORDER BY min(marked_at), symbol
                """);
                ResultSet rs = ps.executeQuery()) {
            List<String> symbols = new ArrayList<>();
            while (rs.next()) {
                symbols.add(rs.getString(1));
            }
            return symbols;
        }
    }

    public List<PendingSeries> pending(Connection c, String symbol) throws SQLException {
        // A from_ts outside the processable window (a poison row's mark) is read as its nearest end:
        // the series is recomputed from its first processable bar, or has nothing new after +infinity.
        try (PreparedStatement ps = c.prepareStatement("SELECT timeframe, LEAST(GREATEST(from_ts, "
                + TimeBounds.EARLIEST_SQL + "), now() + interval '100 years'), NOT " + TimeBounds.processableSql("from_ts")
                + " FROM indicator_work WHERE symbol = ? ORDER BY marked_at, timeframe")) {
            ps.setString(1, symbol);
            List<PendingSeries> pending = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending.add(new PendingSeries(new Series(symbol, rs.getString(1)),
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getBoolean(3)));
                }
            }
            return pending;
        }
    }

    /** The series is computed to its newest bar. */
    public void done(Connection c, PendingSeries pending) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM indicator_work WHERE symbol = ? AND timeframe = ?")) {
            ps.setString(1, pending.series().symbol());
            ps.setString(2, pending.series().timeframe());
            ps.executeUpdate();
        }
    }

    /** The series is computed up to (not including) {@code from}. */
    public void advance(Connection c, PendingSeries pending, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE indicator_work SET from_ts = ? WHERE symbol = ? AND timeframe = ?")) {
            ps.setObject(1, Sql.ts(from));
            ps.setString(2, pending.series().symbol());
            ps.setString(3, pending.series().timeframe());
            ps.executeUpdate();
        }
    }

    /** How long the oldest change, moved or not yet, has waited. */
    public Optional<Duration> oldestAge(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (extract(epoch FROM now() - min(marked_at)) * 1000)::int8
                  FROM (SELECT min(marked_at) AS marked_at FROM series_changes
                        UNION ALL SELECT min(marked_at) FROM indicator_work) AS oldest
                """);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long millis = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, millis)));
        }
    }
}

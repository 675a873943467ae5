package io.mt5db.indicators;

import io.mt5db.common.Sql;
import io.mt5db.market.SeriesChangeLog.Series;
import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * The indicator job's side of {@code series_changes}: which series changed from which ts on. A row is
 * consumed (or moved forward) only if its revision is still the one read, so a series marked again
 * while it was being computed is computed again.
 */
@ApplicationScoped
public class SeriesChangeQueue {

    /** A changed series as read: recompute it from {@code fromTs}. */
    public record PendingSeries(Series series, Instant fromTs, long revision) {
    }

    /** Symbols with changed series, the longest-waiting first. */
    public List<String> symbols(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT symbol FROM series_changes GROUP BY symbol ORDER BY min(marked_at), symbol");
                ResultSet rs = ps.executeQuery()) {
            List<String> symbols = new ArrayList<>();
            while (rs.next()) {
                symbols.add(rs.getString(1));
            }
            return symbols;
        }
    }

    public List<PendingSeries> pending(Connection c, String symbol) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT timeframe, from_ts, revision FROM series_changes
                 WHERE symbol = ? ORDER BY marked_at, timeframe
                """)) {
            ps.setString(1, symbol);
            List<PendingSeries> pending = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending.add(new PendingSeries(new Series(symbol, rs.getString(1)),
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3)));
                }
            }
            return pending;
        }
    }

    /** Removes the row if nobody marked the series since it was read; answers whether it did. */
    public boolean consume(Connection c, PendingSeries pending) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM series_changes WHERE symbol = ? AND timeframe = ? AND revision = ?")) {
            ps.setString(1, pending.series().symbol());
            ps.setString(2, pending.series().timeframe());
            ps.setLong(3, pending.revision());
            return ps.executeUpdate() == 1;
        }
    }

    /** Records that the series is done before {@code from}, unless it was marked again since it was read. */
    public boolean advance(Connection c, PendingSeries pending, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE series_changes SET from_ts = ? WHERE symbol = ? AND timeframe = ? AND revision = ?")) {
            ps.setObject(1, Sql.ts(from));
            ps.setString(2, pending.series().symbol());
            ps.setString(3, pending.series().timeframe());
            ps.setLong(4, pending.revision());
            return ps.executeUpdate() == 1;
        }
    }

    /** How long the oldest change has waited. */
    public Optional<Duration> oldestAge(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (extract(epoch FROM now() - min(marked_at)) * 1000)::int8 FROM series_changes");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long millis = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, millis)));
        }
    }
}

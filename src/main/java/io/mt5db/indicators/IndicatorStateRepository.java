package io.mt5db.indicators;

import io.mt5db.common.Sql;
import io.mt5db.indicators.math.IndicatorConvention;
import io.mt5db.market.SeriesChangeLog.Series;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Calculator checkpoints in {@code indicator_state}, always inside the indicator job's transaction. */
@ApplicationScoped
public class IndicatorStateRepository {

    /** A stored checkpoint, not yet decoded (a damaged one must not stop the job). */
    public record StoredState(Instant ts, long barCount, double[] values) {
    }

    static String name(IndicatorConvention convention) {
        return convention.name().toLowerCase(Locale.ROOT);
    }

    /** The newest checkpoint of the convention taken after a bar before {@code before}. */
    public Optional<StoredState> latestBefore(Connection tx, Series series, IndicatorConvention convention,
            Instant before) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                SELECT ts, bar_count, state FROM indicator_state
                 WHERE symbol = ? AND timeframe = ? AND convention = ? AND ts < ?
                 ORDER BY ts DESC LIMIT 1
                """)) {
            ps.setString(1, series.symbol());
            ps.setString(2, series.timeframe());
            ps.setString(3, name(convention));
            ps.setObject(4, Sql.ts(before));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array array = rs.getArray(3);
                Object[] boxed = (Object[]) array.getArray();
                double[] values = new double[boxed.length];
                for (int i = 0; i < boxed.length; i++) {
                    values[i] = boxed[i] == null ? Double.NaN : ((Number) boxed[i]).doubleValue();
                }
                return Optional.of(new StoredState(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2),
                        values));
            }
        }
    }

    /**
     * Replaces the series' checkpoints after a pass that resumed after {@code resumedAfter} (null = from
     * the first bar) and ended with {@code lastBarCount} bars: drops those after the resume point, those
     * of another convention and those the policy no longer keeps, then stores the pass's checkpoints.
     */
    public void replace(Connection tx, Series series, IndicatorConvention convention, Instant resumedAfter,
            CheckpointPolicy policy, long lastBarCount, List<SeriesPass.Checkpoint> checkpoints) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                DELETE FROM indicator_state
                 WHERE symbol = ? AND timeframe = ?
                   AND (ts > COALESCE(?::timestamptz, '-infinity') OR convention <> ?
                        OR (bar_count % ? <> 0 AND bar_count < ?))
                """)) {
            ps.setString(1, series.symbol());
            ps.setString(2, series.timeframe());
            if (resumedAfter == null) {
                ps.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(3, Sql.ts(resumedAfter));
            }
            ps.setString(4, name(convention));
            ps.setLong(5, policy.interval());
            ps.setLong(6, policy.tailStart(lastBarCount));
            ps.executeUpdate();
        }
        insert(tx, series, convention, checkpoints);
    }

    private void insert(Connection tx, Series series, IndicatorConvention convention,
            List<SeriesPass.Checkpoint> checkpoints) throws SQLException {
        if (checkpoints.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement("""
                INSERT INTO indicator_state (symbol, timeframe, ts, bar_count, convention, state)
                VALUES (?, ?, ?, ?, ?, ?)
                """)) {
            for (SeriesPass.Checkpoint checkpoint : checkpoints) {
                ps.setString(1, series.symbol());
                ps.setString(2, series.timeframe());
                ps.setObject(3, Sql.ts(Instant.ofEpochMilli(checkpoint.tsMillis())));
                ps.setLong(4, checkpoint.state().barCount());
                ps.setString(5, name(convention));
                ps.setArray(6, Sql.float8Array(tx, boxed(checkpoint.state().toArray())));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Double[] boxed(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Series whose checkpoints were computed under another convention, with their first checkpoint's ts. */
    public Map<Series, Instant> seriesOfOtherConvention(Connection c, IndicatorConvention convention)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT symbol, timeframe, min(ts) FROM indicator_state
                 WHERE convention <> ? GROUP BY symbol, timeframe
                """)) {
            ps.setString(1, name(convention));
            Map<Series, Instant> series = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    series.put(new Series(rs.getString(1), rs.getString(2)),
                            rs.getObject(3, OffsetDateTime.class).toInstant());
                }
            }
            return series;
        }
    }
}

package io.mt5db.ml.data;

import io.mt5db.common.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** {@code model_signals} and the inference watermark. */
public final class ModelSignalRepository {

    private ModelSignalRepository() {
    }

    /** A stored prediction. */
    public record Prediction(String symbol, String timeframe, Instant ts, String modelVersion, Long modelId, double probUp,
            double threshold, int label, String side, boolean shadow) {
    }

    /** Stores a prediction once per (series, bar, model); false when it was already there. */
    public static boolean insert(Connection c, Prediction p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_signals (symbol, timeframe, ts, model_version,"
                + " model_id, prob_up, threshold, label, side, shadow) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (symbol, timeframe, ts, model_version) DO NOTHING")) {
            ps.setString(1, p.symbol());
            ps.setString(2, p.timeframe());
            ps.setObject(3, Sql.ts(p.ts()));
            ps.setString(4, p.modelVersion());
            ps.setObject(5, p.modelId());
            ps.setDouble(6, p.probUp());
            ps.setDouble(7, p.threshold());
            ps.setInt(8, p.label());
            ps.setString(9, p.side());
            ps.setBoolean(10, p.shadow());
            return ps.executeUpdate() == 1;
        }
    }

    public static Instant watermark(Connection c, String symbol, String timeframe) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_ts FROM ml_inference_watermarks WHERE symbol = ? AND timeframe = ?")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    public static void setWatermark(Connection c, String symbol, String timeframe, Instant lastTs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ml_inference_watermarks (symbol, timeframe, last_ts)"
                + " VALUES (?, ?, ?) ON CONFLICT (symbol, timeframe) DO UPDATE SET last_ts = excluded.last_ts,"
                + " updated_at = now() WHERE ml_inference_watermarks.last_ts < excluded.last_ts")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            ps.setObject(3, Sql.ts(lastTs));
            ps.executeUpdate();
        }
    }

    /** Per (series, model version) row counts of the stored predictions of the given versions. */
    public record SeriesCount(String symbol, String timeframe, String modelVersion, long rows, Instant firstTs,
            Instant lastTs) {
    }

    public static List<SeriesCount> counts(Connection c, List<String> versions) throws SQLException {
        List<SeriesCount> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT symbol, timeframe, model_version, count(*), min(ts), max(ts)"
                + " FROM model_signals WHERE model_version = ANY (?) GROUP BY symbol, timeframe, model_version"
                + " ORDER BY symbol, timeframe, model_version")) {
            ps.setArray(1, Sql.textArray(c, versions.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeriesCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant(),
                            rs.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return out;
    }

    /** The newest {@code limit} predictions of a model on a series, ascending by ts. */
    public static List<Prediction> recent(Connection c, String symbol, String timeframe, String version, int limit)
            throws SQLException {
        List<Prediction> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (SELECT symbol, timeframe, ts, model_version,"
                + " model_id, prob_up, threshold, label, side, shadow FROM model_signals"
                + " WHERE symbol = ? AND timeframe = ? AND model_version = ? ORDER BY ts DESC LIMIT ?) r ORDER BY ts")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            ps.setString(3, version);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Prediction(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getString(4), (Long) rs.getObject(5), rs.getDouble(6), rs.getDouble(7), rs.getInt(8),
                            rs.getString(9), rs.getBoolean(10)));
                }
            }
        }
        return out;
    }
}

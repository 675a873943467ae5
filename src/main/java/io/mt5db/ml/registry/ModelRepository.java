package io.mt5db.ml.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC access to {@code ml_models}. Every method works inside the caller's connection. */
@ApplicationScoped
public class ModelRepository {

    private static final String COLUMNS =
            "id, version, symbol, timeframe, status, created_at, activated_at, status_at, job_id, manifest::text";
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Inject
    ObjectMapper mapper;

    /** {@code rf-EURUSD-M1-20261207T031500Z-42}; a global model says GLOBAL for its symbol. */
    public static String version(String symbol, String timeframe, Instant createdAt, long id) {
        return "rf-" + (symbol == null ? "GLOBAL" : symbol) + "-" + timeframe + "-" + VERSION_TIME.format(createdAt) + "-" + id;
    }

    public ModelInfo insert(Connection c, String symbol, String timeframe, Long jobId, byte[] bytes, JsonNode manifest)
            throws SQLException {
        long id;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT nextval(pg_get_serial_sequence('ml_models', 'id')), now()")) {
            rs.next();
            id = rs.getLong(1);
        }
        Instant now = Instant.now();
        String version = version(symbol, timeframe, now, id);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ml_models (id, version, symbol, timeframe, status, "
                + "created_at, status_at, job_id, model_bytes, manifest) VALUES (?, ?, ?, ?, 'candidate', ?, ?, ?, ?, ?::jsonb)")) {
            ps.setLong(1, id);
            ps.setString(2, version);
            ps.setString(3, symbol);
            ps.setString(4, timeframe);
            ps.setObject(5, Sql.ts(now));
            ps.setObject(6, Sql.ts(now));
            ps.setObject(7, jobId);
            ps.setBytes(8, bytes);
            ps.setString(9, json(manifest));
            ps.executeUpdate();
        }
        return find(c, id, false).orElseThrow();
    }

    public Optional<ModelInfo> find(Connection c, long id, boolean forUpdate) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ml_models WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id);
    }

    public Optional<ModelInfo> findByVersion(Connection c, String version) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ml_models WHERE version = ?", version);
    }

    public byte[] bytes(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT model_bytes FROM ml_models WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** Newest first; each filter applies when not null (symbol "*" = global models only). */
    public List<ModelInfo> list(Connection c, String symbol, String timeframe, String status, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ml_models WHERE true");
        List<Object> params = new ArrayList<>();
        if ("*".equals(symbol)) {
            sql.append(" AND symbol IS NULL");
        } else if (symbol != null) {
            sql.append(" AND symbol = ?");
            params.add(symbol);
        }
        if (timeframe != null) {
            sql.append(" AND timeframe = ?");
            params.add(timeframe);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return many(c, sql.toString(), params.toArray());
    }

    /** The active model of the series, else the timeframe's global active model. */
    public Optional<ModelInfo> active(Connection c, String symbol, String timeframe) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM ml_models WHERE status = 'active' AND timeframe = ?"
                + " AND (symbol = ? OR symbol IS NULL) ORDER BY symbol NULLS LAST LIMIT 1", timeframe, symbol);
    }

    /** Shadow models that run on the series: its own and the timeframe's global ones. */
    public List<ModelInfo> shadows(Connection c, String symbol, String timeframe) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM ml_models WHERE status = 'shadow' AND timeframe = ?"
                + " AND (symbol = ? OR symbol IS NULL) ORDER BY id", timeframe, symbol);
    }

    /** (symbol, timeframe) of every symbol-specific model that is active or in shadow. */
    public List<String[]> liveSeries(Connection c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT symbol, timeframe FROM ml_models"
                + " WHERE status IN ('active', 'shadow') AND symbol IS NOT NULL ORDER BY symbol, timeframe");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    /** Retires the active model of the model's series (other than itself); answers the retired id, if any. */
    public Optional<Long> retireActive(Connection c, ModelInfo model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ml_models SET status = 'retired', status_at = now()"
                + " WHERE status = 'active' AND symbol IS NOT DISTINCT FROM ? AND timeframe = ? AND id <> ? RETURNING id")) {
            ps.setString(1, model.symbol());
            ps.setString(2, model.timeframe());
            ps.setLong(3, model.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public void setStatus(Connection c, long id, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ml_models SET status = ?, status_at = now(),"
                + " activated_at = CASE WHEN ? = 'active' THEN now() ELSE activated_at END WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, status);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    private Optional<ModelInfo> one(Connection c, String sql, Object... params) throws SQLException {
        List<ModelInfo> rows = many(c, sql, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private List<ModelInfo> many(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<ModelInfo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs, 6), instant(rs, 7), instant(rs, 8),
                            (Long) rs.getObject(9), parse(rs.getString(10))));
                }
            }
            return out;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored manifest is not JSON", e);
        }
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mt5db.ml.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code ml_jobs}: queue, claim (FOR UPDATE SKIP LOCKED: two ml processes never take the same job),
 * progress with heartbeat, finish, and recovery of jobs whose process stopped beating.
 */
@ApplicationScoped
public class TrainJobRepository {

    private static final String COLUMNS = "id, kind, request::text, status, phase, rows, percent, claimed_by, heartbeat_at, "
            + "attempts, result::text, error, requested_by, created_at, started_at, finished_at";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    /** Outcome of a recovery sweep. */
    public record Recovery(List<Long> requeued, List<Long> failed) {
    }

    public TrainJob insert(JsonNode request, String requestedBy) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ml_jobs (kind, request, requested_by, phase)"
                        + " VALUES ('train', ?::jsonb, ?, 'queued') RETURNING " + COLUMNS)) {
            ps.setString(1, json(request));
            ps.setString(2, requestedBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row(rs);
            }
        }
    }

    public Optional<TrainJob> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ml_jobs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Whether a queued or running job already trains this series. */
    public boolean pendingFor(String symbol, String timeframe) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ml_jobs WHERE status IN ('queued', 'running')"
                        + " AND jsonb_exists(request->'symbols', ?) AND request->>'timeframe' = ? LIMIT 1")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Takes the oldest queued job for {@code worker}; empty when none waits (or all are being taken). */
    public Optional<TrainJob> claim(String worker) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ml_jobs SET status = 'running', claimed_by = ?,"
                        + " heartbeat_at = now(), started_at = now(), attempts = attempts + 1, phase = 'starting',"
                        + " rows = 0, percent = 0, error = NULL"
                        + " WHERE id = (SELECT id FROM ml_jobs WHERE status = 'queued' ORDER BY id"
                        + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + COLUMNS)) {
            ps.setString(1, worker);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Records progress and beats the heartbeat; false when the job is no longer this worker's. */
    public boolean progress(long id, String worker, String phase, long rows, double percent) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ml_jobs SET phase = ?, rows = ?, percent = ?,"
                        + " heartbeat_at = now() WHERE id = ? AND claimed_by = ? AND status = 'running'")) {
            ps.setString(1, phase);
            ps.setLong(2, rows);
            ps.setDouble(3, Math.max(0, Math.min(100, percent)));
            ps.setLong(4, id);
            ps.setString(5, worker);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean finish(long id, String worker, boolean succeeded, JsonNode result, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ml_jobs SET status = ?, phase = ?, result = ?::jsonb,"
                        + " error = ?, finished_at = now(), heartbeat_at = now(),"
                        + " percent = CASE WHEN ? THEN 100 ELSE percent END"
                        + " WHERE id = ? AND claimed_by = ? AND status = 'running'")) {
            ps.setString(1, succeeded ? "succeeded" : "failed");
            ps.setString(2, succeeded ? "done" : "failed");
            ps.setString(3, result == null ? null : json(result));
            ps.setString(4, error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error);
            ps.setBoolean(5, succeeded);
            ps.setLong(6, id);
            ps.setString(7, worker);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Jobs left running by a process that stopped beating (heartbeat older than {@code timeout}): queued
     * again, or failed once they have been started {@code maxAttempts} times.
     */
    public Recovery recoverAbandoned(Duration timeout, int maxAttempts) throws SQLException {
        List<Long> requeued = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ml_jobs SET"
                        + " status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,"
                        + " phase = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,"
                        + " error = CASE WHEN attempts >= ? THEN 'abandoned: the ml process running it stopped '"
                        + " || '(no heartbeat since ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                        + " || ') and it was started ' || attempts || ' times' ELSE NULL END,"
                        + " finished_at = CASE WHEN attempts >= ? THEN now() END, claimed_by = NULL"
                        + " WHERE status = 'running' AND heartbeat_at < now() - ? * interval '1 millisecond'"
                        + " RETURNING id, status")) {
            ps.setInt(1, maxAttempts);
            ps.setInt(2, maxAttempts);
            ps.setInt(3, maxAttempts);
            ps.setInt(4, maxAttempts);
            ps.setLong(5, timeout.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ("failed".equals(rs.getString(2)) ? failed : requeued).add(rs.getLong(1));
                }
            }
        }
        return new Recovery(requeued, failed);
    }

    private TrainJob row(ResultSet rs) throws SQLException {
        return new TrainJob(rs.getLong(1), rs.getString(2), parse(rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getDouble(7), rs.getString(8), instant(rs, 9), rs.getInt(10), parse(rs.getString(11)),
                rs.getString(12), rs.getString(13), instant(rs, 14), instant(rs, 15), instant(rs, 16));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
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

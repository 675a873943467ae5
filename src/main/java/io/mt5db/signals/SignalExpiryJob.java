package io.mt5db.signals;

import io.mt5db.jobs.PartitionedJob;
import io.mt5db.stream.StreamLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Marks ACTIVE signals past expires_at EXPIRED, and the deliveries of expired (or cancelled, once past
 * expires_at) signals that were never acked EXPIRED. Expiry does not depend on this job: a poll never
 * delivers a signal past expires_at. One partition; rows are taken with SKIP LOCKED, so concurrent
 * replicas or a concurrent ack never block it and it never does work twice.
 */
@ApplicationScoped
public class SignalExpiryJob implements PartitionedJob {

    static final String PARTITION = "all";
    static final int CHUNK = 1000;

    private static final String EXPIRE_SIGNALS = """
            WITH due AS (
                SELECT id FROM signals
                 WHERE status = 'ACTIVE' AND expires_at <= now()
                 ORDER BY expires_at
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED
            ), s AS (
                UPDATE signals x SET status = 'EXPIRED', status_at = now()
                  FROM due WHERE x.id = due.id
                RETURNING x.*
            )
            """ + StreamLog.signalEventsSql("expired", "s", false);

    private static final String EXPIRE_DELIVERIES = """
            WITH due AS (
                SELECT d.signal_id, d.account_id
                  FROM signal_deliveries d JOIN signals s ON s.id = d.signal_id
                 WHERE d.status = 'CLAIMED' AND s.expires_at <= now()
                 LIMIT ?
                   FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE signal_deliveries d SET status = 'EXPIRED'
              FROM due WHERE d.signal_id = due.signal_id AND d.account_id = due.account_id
            """;

    private static final String PENDING = """
            SELECT EXISTS (SELECT 1 FROM signals WHERE status = 'ACTIVE' AND expires_at <= now())
                OR EXISTS (SELECT 1 FROM signal_deliveries d JOIN signals s ON s.id = d.signal_id
                            WHERE d.status = 'CLAIMED' AND s.expires_at <= now())
            """;

    private static final String LAG = """
            SELECT extract(epoch FROM now() - min(expires_at))
              FROM signals WHERE status = 'ACTIVE' AND expires_at <= now()
            """;

    @Override
    public String name() {
        return "signal-expiry";
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(PENDING); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1) ? List.of(PARTITION) : List.of();
        }
    }

    /** Processed = signals marked EXPIRED (what signals_expired_total counts). */
    @Override
    public ChunkResult processChunk(Connection transaction, String partition) throws SQLException {
        int signals = update(transaction, EXPIRE_SIGNALS);
        int deliveries = update(transaction, EXPIRE_DELIVERIES);
        return new ChunkResult(signals, 0, signals == CHUNK || deliveries == CHUNK);
    }

    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(LAG); ResultSet rs = ps.executeQuery()) {
            rs.next();
            double seconds = rs.getDouble(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, CHUNK);
            return ps.executeUpdate();
        }
    }
}

package io.mt5db.signals.expiry;

import io.mt5db.jobs.PartitionedJob;
import io.mt5db.signals.SignalsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Deletes settled signals (cancelled or expired) created longer than mt5db.signals.retention ago,
 * with their deliveries. Trade events are kept: they are the accounts' history.
 */
@ApplicationScoped
public class SignalRetentionJob implements PartitionedJob {

    static final int CHUNK = 1000;

    private static final String PURGE = """
            WITH purged AS (
                DELETE FROM signals WHERE id IN (
                    SELECT id FROM signals
                     WHERE created_at < now() - make_interval(secs => ?) AND status <> 'ACTIVE'
                     ORDER BY created_at
                     LIMIT ?
                       FOR UPDATE SKIP LOCKED)
                RETURNING id
            ), deliveries AS (
                DELETE FROM signal_deliveries WHERE signal_id IN (SELECT id FROM purged)
            )
            SELECT count(*) FROM purged
            """;

    private static final String OLDEST = """
            SELECT extract(epoch FROM now() - make_interval(secs => ?) - min(created_at))
              FROM signals WHERE created_at < now() - make_interval(secs => ?) AND status <> 'ACTIVE'
            """;

    @Inject
    SignalsConfig config;

    @Override
    public String name() {
        return "signal-retention";
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        return lag(connection).isPresent() ? List.of(SignalExpiryJob.PARTITION) : List.of();
    }

    /** Processed = signals deleted. */
    @Override
    public ChunkResult processChunk(Connection transaction, String partition) throws SQLException {
        try (PreparedStatement ps = transaction.prepareStatement(PURGE)) {
            ps.setDouble(1, retentionSeconds());
            ps.setInt(2, CHUNK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int deleted = rs.getInt(1);
                return new ChunkResult(deleted, 0, deleted == CHUNK);
            }
        }
    }

    /** How long the oldest deletable signal has been past the retention. */
    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(OLDEST)) {
            ps.setDouble(1, retentionSeconds());
            ps.setDouble(2, retentionSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double seconds = rs.getDouble(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
            }
        }
    }

    private double retentionSeconds() {
        return config.retention().toSeconds();
    }
}

package io.mt5db.aggregation;

import io.mt5db.common.Sql;
import io.mt5db.jobs.PartitionedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deletes ticks older than the retention window, per symbol, in bounded chunks. Never a tick whose
 * slice still waits for the aggregator (imported history is aggregated first, then pruned): the bound
 * is computed in the deleting statement itself, so a mark committed a moment earlier is respected.
 * Records how far it pruned, which freezes the minutes before that bound.
 */
@ApplicationScoped
public class TickRetentionJob implements PartitionedJob {

    public static final String NAME = "tick-retention";

    private static final String PENDING = """
            SELECT s.symbol FROM symbols s
             WHERE EXISTS (SELECT 1 FROM ticks t WHERE t.symbol = s.symbol AND t.ts < ?)
            """;
    /** The chunk's upper bound: the ts of the (limit+1)-th oldest prunable tick, when there are that many. */
    private static final String CHUNK_BOUND = "SELECT ts FROM ticks WHERE symbol = ? AND ts < ? ORDER BY ts OFFSET ? LIMIT 1";
    private static final String PRUNE = """
            WITH b AS (SELECT LEAST(?::timestamptz, (SELECT min(slice_ts) FROM tick_marks WHERE symbol = ?)) AS bound),
                 d AS (DELETE FROM ticks t USING b WHERE t.symbol = ? AND t.ts < b.bound RETURNING 1)
            SELECT b.bound, (SELECT count(*) FROM d) FROM b
            """;
    private static final String PRUNE_SLICES = "DELETE FROM aggregates WHERE symbol = ? AND grain = 'S5' AND bucket_ts < ?";
    private static final String RECORD = """
            INSERT INTO tick_prune_state AS p (symbol, pruned_before) VALUES (?, ?)
            ON CONFLICT (symbol) DO UPDATE SET pruned_before = GREATEST(p.pruned_before, EXCLUDED.pruned_before)
            """;
    private static final String OLDEST_PRUNABLE = """
            SELECT min(t.oldest) FROM symbols s
             CROSS JOIN LATERAL (SELECT min(ts) AS oldest FROM ticks WHERE symbol = s.symbol) t
            """;

    @Inject
    AggregationConfig config;

    @Override
    public String name() {
        return NAME;
    }

    private Instant horizon() {
        return Instant.now().minus(config.tickRetention());
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        List<String> symbols = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(PENDING)) {
            ps.setObject(1, Sql.ts(horizon()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    symbols.add(rs.getString(1));
                }
            }
        }
        return symbols;
    }

    @Override
    public ChunkResult processChunk(Connection transaction, String symbol) throws SQLException {
        DerivedData.commitAsynchronously(transaction);
        Instant bound = horizon();
        boolean more = false;
        try (PreparedStatement ps = transaction.prepareStatement(CHUNK_BOUND)) {
            ps.setString(1, symbol);
            ps.setObject(2, Sql.ts(bound));
            ps.setInt(3, config.retentionChunk());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    bound = Marks.instant(rs, 1);
                    more = true;
                }
            }
        }
        Instant pruned;
        long deleted;
        try (PreparedStatement ps = transaction.prepareStatement(PRUNE)) {
            ps.setObject(1, Sql.ts(bound));
            ps.setString(2, symbol);
            ps.setString(3, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pruned = Marks.instant(rs, 1);
                deleted = rs.getLong(2);
            }
        }
        if (deleted == 0) {
            return ChunkResult.NOTHING;
        }
        try (PreparedStatement ps = transaction.prepareStatement(PRUNE_SLICES)) {
            ps.setString(1, symbol);
            ps.setObject(2, Sql.ts(pruned));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = transaction.prepareStatement(RECORD)) {
            ps.setString(1, symbol);
            ps.setObject(2, Sql.ts(pruned));
            ps.executeUpdate();
        }
        return new ChunkResult((int) deleted, 0, more && pruned.equals(bound));
    }

    /** Ticks before this may be gone (epoch ms); empty when nothing of the symbol was ever pruned. */
    static Optional<Long> prunedBefore(Connection c, String symbol) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pruned_before FROM tick_prune_state WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Marks.millis(rs, 1)) : Optional.empty();
            }
        }
    }

    /** How long the oldest stored tick has been past the retention window. */
    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(OLDEST_PRUNABLE); ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getObject(1) == null) {
                return Optional.empty();
            }
            Duration overdue = Duration.between(Marks.instant(rs, 1), horizon());
            return overdue.isNegative() ? Optional.empty() : Optional.of(overdue);
        }
    }
}

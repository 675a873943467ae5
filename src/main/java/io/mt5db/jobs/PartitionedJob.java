package io.mt5db.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A background job whose work is split by partition (a symbol, usually). The runner takes a
 * transaction-level advisory lock per partition, so that several processes share the work without
 * doing any of it twice, also behind PgBouncer in transaction pooling.
 */
public interface PartitionedJob {

    /** Metric and lock name, e.g. {@code aggregator}. */
    String name();

    /** Partitions with pending work, read outside any partition lock (a hint; may be stale). */
    List<String> pendingPartitions(Connection connection) throws SQLException;

    /**
     * Processes one bounded chunk of a partition inside the transaction that holds its lock. The
     * runner commits afterwards. Bad rows are the job's to count and skip; throwing rolls the chunk
     * back and the partition is retried on the next run.
     *
     * @return how much work was done (0 when the partition had nothing left)
     */
    ChunkResult processChunk(Connection transaction, String partition) throws SQLException;

    /** Age of the oldest unprocessed change, for job_lag_seconds; empty when nothing waits. */
    Optional<Duration> lag(Connection connection) throws SQLException;

    /** What one chunk did: units processed, units skipped as unprocessable, and whether more remains. */
    record ChunkResult(int processed, int skipped, boolean more) {
        public static final ChunkResult NOTHING = new ChunkResult(0, 0, false);
    }
}

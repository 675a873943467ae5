package io.mt5db.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs {@link PartitionedJob}s: one short transaction per chunk, each holding
 * {@code pg_try_advisory_xact_lock(job, partition)}; a partition locked by another worker is skipped
 * (that worker is on it). Records {@code job_runs_total{job,outcome}}, {@code job_duration_seconds{job}},
 * {@code job_lag_seconds{job}} and {@code job_items_total{job,kind}}.
 * Each run is one span ({@code job <name>}): jobs run on the scheduler, outside any request, so
 * without it their JDBC spans would have no parent and land in the tracer as unrelated roots.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    Tracer tracer;

    private final Map<String, AtomicReference<Double>> lags = new ConcurrentHashMap<>();

    /** What one run did across its partitions. */
    public record RunResult(int partitionsDone, int partitionsBusy, int partitionsFailed, long processed, long skipped) {
    }

    /**
     * Works through every pending partition once, chunk by chunk, until each is drained or
     * {@code budget} has passed (so a large backlog never pins one run forever).
     */
    public RunResult runOnce(PartitionedJob job, Duration budget) {
        Span span = tracer.spanBuilder("job " + job.name()).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("mt5db.job", job.name()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            RunResult result = run(job, budget);
            span.setAttribute("mt5db.job.partitions_done", result.partitionsDone());
            span.setAttribute("mt5db.job.partitions_failed", result.partitionsFailed());
            span.setAttribute("mt5db.job.processed", result.processed());
            if (result.partitionsFailed() > 0) {
                span.setStatus(StatusCode.ERROR, result.partitionsFailed() + " partition(s) failed");
            }
            return result;
        } finally {
            span.end();
        }
    }

    private RunResult run(PartitionedJob job, Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int done = 0;
        int busy = 0;
        int failed = 0;
        long processed = 0;
        long skipped = 0;
        String outcome = "success";
        try {
            List<String> partitions;
            try (Connection c = dataSource.getConnection()) {
                partitions = job.pendingPartitions(c);
            }
            for (String partition : partitions) {
                PartitionOutcome result = drainPartition(job, partition, deadline);
                processed += result.processed;
                skipped += result.skipped;
                switch (result.state) {
                    case DONE -> done++;
                    case BUSY -> busy++;
                    case FAILED -> failed++;
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            if (failed > 0) {
                outcome = "partial_failure";
            }
            updateLag(job);
        } catch (SQLException | RuntimeException e) {
            outcome = "failure";
            Span.current().recordException(e);
            Span.current().setStatus(StatusCode.ERROR, "job failed");
            LOG.warnf("job %s failed: %s", job.name(), e.getMessage());
        } finally {
            Counter.builder("job.runs").description("Job runs by outcome").tag("job", job.name()).tag("outcome", outcome)
                    .register(registry).increment();
            Timer.builder("job.duration").description("Duration of one job run").tag("job", job.name())
                    .publishPercentileHistogram().register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (processed > 0) {
                Counter.builder("job.items").tag("job", job.name()).tag("kind", "processed").register(registry).increment(processed);
            }
            if (skipped > 0) {
                Counter.builder("job.items").tag("job", job.name()).tag("kind", "skipped").register(registry).increment(skipped);
            }
        }
        return new RunResult(done, busy, failed, processed, skipped);
    }

    private enum State { DONE, BUSY, FAILED }

    private record PartitionOutcome(State state, long processed, long skipped) {
    }

    private PartitionOutcome drainPartition(PartitionedJob job, String partition, long deadline) {
        long processed = 0;
        long skipped = 0;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (!tryLock(c, job.name(), partition)) {
                        c.rollback();
                        return new PartitionOutcome(State.BUSY, processed, skipped);
                    }
                    PartitionedJob.ChunkResult chunk = job.processChunk(c, partition);
                    c.commit();
                    processed += chunk.processed();
                    skipped += chunk.skipped();
                    if (!chunk.more() || System.nanoTime() > deadline) {
                        return new PartitionOutcome(State.DONE, processed, skipped);
                    }
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // broken connection: the pool discards it
                    }
                    LOG.warnf("job %s, partition %s: chunk rolled back (%s); retried next run", job.name(), partition,
                            e.getMessage());
                    return new PartitionOutcome(State.FAILED, processed, skipped);
                }
            } catch (SQLException e) {
                LOG.warnf("job %s: no connection (%s)", job.name(), e.getMessage());
                return new PartitionOutcome(State.FAILED, processed, skipped);
            }
        }
    }

    /** Transaction-scoped, so it is released at commit and never leaks across a PgBouncer pool. */
    static boolean tryLock(Connection c, String job, String partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, hash(job));
            ps.setInt(2, hash(partition));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static int hash(String text) {
        int h = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x01000193;
        }
        return h;
    }

    private void updateLag(PartitionedJob job) throws SQLException {
        Optional<Duration> lag;
        try (Connection c = dataSource.getConnection()) {
            lag = job.lag(c);
        }
        AtomicReference<Double> holder = lags.computeIfAbsent(job.name(), name -> {
            AtomicReference<Double> ref = new AtomicReference<>(0.0);
            Gauge.builder("job.lag.seconds", ref, AtomicReference::get)
                    .description("Age of the oldest unprocessed change").tag("job", name).register(registry);
            return ref;
        });
        holder.set(lag.map(d -> d.toMillis() / 1000.0).orElse(0.0));
    }

    /** The last measured lag of a job, for /health and /stats. */
    public Optional<Double> lastLagSeconds(String job) {
        AtomicReference<Double> holder = lags.get(job);
        return holder == null ? Optional.empty() : Optional.of(holder.get());
    }
}

package io.mt5db.ml.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.Timeframe;
import io.mt5db.ml.MlConfig;
import io.mt5db.ml.MlDisabled;
import io.mt5db.ml.data.BarReader;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelManifest;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.BaselineRule;
import io.mt5db.ml.training.ForestParams;
import io.mt5db.ml.training.SplitSpec;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.ml.training.TrainingPipeline;
import io.mt5db.ml.training.TrainingProgress;
import io.mt5db.security.AuditLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs queued training jobs on an ml process: a poller claims one job at a time and trains it on a
 * worker thread, reporting phase / rows / percent (and beating the heartbeat) at most once a second.
 * Each poll first re-queues jobs abandoned by a crashed process (or fails them after max-attempts).
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    @Inject
    MlConfig config;

    @Inject
    TrainJobRepository jobs;

    @Inject
    ModelRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    AuditLog audit;

    /** This process's name in claimed_by. */
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ml-training");
        t.setDaemon(true);
        return t;
    });

    /** The job was taken away from this worker (re-queued after a missed heartbeat): stop working on it. */
    static final class JobLostException extends RuntimeException {
        JobLostException(long id) {
            super("job " + id + " is no longer claimed by this process", null, false, false);
        }
    }

    @Scheduled(identity = "ml-training", every = "${mt5db.ml.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = MlDisabled.class)
    void scheduled() {
        try {
            recoverAbandoned();
            if (busy.compareAndSet(false, true)) {
                Optional<TrainJob> job;
                try {
                    job = jobs.claim(workerId);
                } catch (SQLException | RuntimeException e) {
                    busy.set(false);
                    throw e;
                }
                if (job.isEmpty()) {
                    busy.set(false);
                    return;
                }
                executor.submit(() -> {
                    try {
                        run(job.get());
                    } finally {
                        busy.set(false);
                    }
                });
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("ml training poll failed: %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    public String workerId() {
        return workerId;
    }

    /** Re-queues (or fails) jobs whose process stopped beating. */
    public TrainJobRepository.Recovery recoverAbandoned() throws SQLException {
        TrainJobRepository.Recovery recovery = jobs.recoverAbandoned(config.heartbeatTimeout(), config.maxAttempts());
        if (!recovery.requeued().isEmpty() || !recovery.failed().isEmpty()) {
            LOG.warnf("ml training jobs abandoned by a stopped process: re-queued %s, failed %s", recovery.requeued(),
                    recovery.failed());
        }
        return recovery;
    }

    /** Claims and runs the oldest queued job on the calling thread (tests, and the command line). */
    public Optional<TrainJob> runNext() throws SQLException {
        Optional<TrainJob> job = jobs.claim(workerId);
        if (job.isPresent()) {
            run(job.get());
            return jobs.find(job.get().id());
        }
        return Optional.empty();
    }

    void run(TrainJob job) {
        Progress progress = new Progress(job.id());
        try {
            TrainRequest request = TrainRequest.fromJson(job.request());
            ObjectNode result = train(job.id(), request, progress);
            jobs.finish(job.id(), workerId, true, result, null);
            LOG.infof("ml training job %d succeeded: %s", job.id(), result.path("version").asText());
        } catch (JobLostException e) {
            LOG.warnf("ml training job %d was taken over after a missed heartbeat; this run stops", job.id());
        } catch (IllegalArgumentException e) {
            failQuietly(job.id(), e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            LOG.errorf(e, "ml training job %d failed", job.id());
            failQuietly(job.id(), "training failed: " + (e instanceof OutOfMemoryError ? "out of memory (read a shorter "
                    + "window or give the ml process more heap)" : e.getMessage() == null ? "unexpected error"
                    : e.getMessage()));
        }
    }

    private void failQuietly(long id, String error) {
        try {
            jobs.finish(id, workerId, false, null, error);
        } catch (SQLException e) {
            LOG.warnf("ml training job %d: could not record its failure (%s); recovery will retry it", id, e.getMessage());
        }
    }

    private ObjectNode train(long jobId, TrainRequest request, Progress progress) throws SQLException {
        Timeframe tf = request.timeframe();
        FeatureSpec spec = FeatureSpec.defaults(Duration.ofSeconds(tf.nominalSeconds()));
        ForestParams params = request.forestParams(ForestParams.defaults());
        SplitSpec split = SplitSpec.defaults(spec.horizonBars());
        BaselineRule rule = new BaselineRule(config.baselineMargin(), config.minTestSamples());
        ArrayNode models = mapper.createArrayNode();
        List<String> symbols = request.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            String symbol = symbols.get(i);
            double base = 100.0 * i / symbols.size();
            double share = 100.0 / symbols.size();
            String prefix = symbols.size() > 1 ? symbol + " (" + (i + 1) + "/" + symbols.size() + "): " : "";
            List<MlBar> bars;
            Instant from = request.from() == null ? Instant.EPOCH : request.from();
            Instant to = request.to() == null ? Instant.parse("9999-01-01T00:00:00Z") : request.to();
            progress.update(prefix + "reading bars", 0, base);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try {
                    bars = BarReader.range(c, symbol, tf, from, to, config.readPageBars(), config.maxBars(),
                            rows -> progress.update(prefix + "reading bars", rows, base));
                } finally {
                    c.rollback();
                    c.setReadOnly(false);
                }
            }
            if (bars.isEmpty()) {
                throw new IllegalArgumentException("no stored " + tf + " bars of " + symbol + " in the requested window");
            }
            TrainingProgress callback = (phase, rows, percent) -> progress.update(prefix + phase, rows,
                    base + share * Math.max(0, Math.min(100, percent)) / 100.0);
            TrainedModel trained = TrainingPipeline.train(bars, spec, params, split, rule, callback);
            progress.update(prefix + "saving", bars.size(), base + share);
            ModelInfo model = registry.save(trained, new ModelManifest.Origin(symbol, tf.name(), request.from(),
                    request.to(), bars.size(), jobId), request.global() ? null : symbol, tf.name(), jobId);
            boolean beats = trained.report().beatsBaselines();
            boolean activate = config.autoActivate() && (beats || !config.requireBeatingBaselines());
            if (activate) {
                ModelRegistry.Activation activation = registry.activate(model.id());
                audit.record(null, "model.activate", "model:" + model.id(), "auto-activated after training job " + jobId
                        + (activation.retiredId() == null ? "" : "; retired model " + activation.retiredId()));
            }
            ObjectNode item = models.addObject();
            item.put("model_id", model.id());
            item.put("version", model.version());
            item.put("symbol", symbol);
            item.put("timeframe", tf.name());
            item.put("global", request.global());
            item.put("bars", bars.size());
            item.put("beats_baselines", beats);
            item.put("verdict", trained.report().verdict());
            item.put("activated", activate);
            item.put("status", activate ? "active" : "candidate");
            item.set("metrics", model.manifest().path("metrics"));
            item.set("threshold", model.manifest().path("threshold"));
        }
        ObjectNode result = ((ObjectNode) models.get(0)).deepCopy();
        if (models.size() > 1) {
            result.set("models", models);
        }
        return result;
    }

    /** Writes progress at most once a second (phase changes at once), and notices a job taken away. */
    private final class Progress {
        private final long jobId;
        private long lastWrite;
        private String lastPhase;

        Progress(long jobId) {
            this.jobId = jobId;
        }

        synchronized void update(String phase, long rows, double percent) {
            long now = System.nanoTime();
            if (phase.equals(lastPhase) && now - lastWrite < 1_000_000_000L) {
                return;
            }
            lastPhase = phase;
            lastWrite = now;
            boolean ours;
            try {
                ours = jobs.progress(jobId, workerId, phase.length() > 200 ? phase.substring(0, 200) : phase, rows, percent);
            } catch (SQLException e) {
                LOG.debugf("ml job %d: progress not recorded (%s)", jobId, e.getMessage());
                return;
            }
            if (!ours) {
                throw new JobLostException(jobId);
            }
        }
    }
}

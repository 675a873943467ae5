package io.mt5db.ml.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mt5db.common.ApiException;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.jobs.JobRunner;
import io.mt5db.jobs.PartitionedJob;
import io.mt5db.market.SymbolService;
import io.mt5db.market.TradingSessions;
import io.mt5db.ml.MlConfig;
import io.mt5db.ml.MlDisabled;
import io.mt5db.ml.MlSeries;
import io.mt5db.ml.data.BarReader;
import io.mt5db.ml.data.ModelSignalRepository;
import io.mt5db.ml.features.FeatureBuilder;
import io.mt5db.ml.features.FeatureRow;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelManifest;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.registry.ModelRepository;
import io.mt5db.ml.training.ForestModel;
import io.mt5db.signals.queue.NewSignal;
import io.mt5db.signals.Side;
import io.mt5db.signals.queue.SignalService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * On each newly closed bar of the served series: features from stored bars up to that bar, one
 * {@code model_signals} row per model (active and shadow), and for the active model at most one signal
 * (prob_up >= threshold: BUY, <= 1 - threshold: SELL) with SL/TP from ATR multiples and a TTL. No
 * signal on stale data, a closed market or a model older than the configured age; every bar without a
 * signal is counted in {@code ml_inference_skipped_total{reason}}.
 *
 * <p>Served series: every series listed in {@code mt5db.ml.series} (these may use the timeframe's
 * global model) and every series with an active or shadow model of its own. Partition = one series;
 * a watermark per series (ml_inference_watermarks) is the last bar handled, so a restart resumes and a
 * rerun changes nothing.
 */
@ApplicationScoped
public class InferenceJob implements PartitionedJob {

    public static final String NAME = "inference";
    private static final Logger LOG = Logger.getLogger(InferenceJob.class);

    @Inject
    MlConfig config;

    @Inject
    JobRunner runner;

    @Inject
    ModelRepository models;

    @Inject
    ModelRegistry registry;

    @Inject
    SignalService signals;

    @Inject
    SymbolService symbols;

    @Inject
    MeterRegistry meters;

    @Scheduled(identity = "ml-inference", every = "${mt5db.ml.inference-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = MlDisabled.class)
    void scheduled() {
        runOnce();
    }

    /** One run over every served series (what the scheduler calls; tests call it directly). */
    public JobRunner.RunResult runOnce() {
        return runner.runOnce(this, config.inferenceBudget());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        return served(connection).stream().map(MlSeries::key).toList();
    }

    /** The configured series, then every series with a live model of its own. */
    public List<MlSeries> served(Connection connection) throws SQLException {
        Set<MlSeries> out = new LinkedHashSet<>(MlSeries.parseAll(config.series().orElse(List.of())));
        for (String[] s : models.liveSeries(connection)) {
            Timeframe.parse(s[1]).ifPresent(tf -> out.add(new MlSeries(s[0], tf)));
        }
        return new ArrayList<>(out);
    }

    /** The start of the newest bar that is closed at {@code now}: its end plus the grace has passed. */
    Instant closedCutoff(Timeframe tf, Instant now) {
        return now.minus(config.closeGrace()).minusSeconds(tf.nominalSeconds());
    }

    @Override
    public ChunkResult processChunk(Connection tx, String partition) throws SQLException {
        MlSeries series = MlSeries.parse(partition);
        String symbol = series.symbol();
        Timeframe tf = series.timeframe();
        Instant now = Instant.now();
        Optional<ModelInfo> active = models.active(tx, symbol, tf.name());
        List<ModelInfo> shadows = models.shadows(tx, symbol, tf.name());
        if (active.isEmpty() && shadows.isEmpty()) {
            return ChunkResult.NOTHING;
        }
        Instant cutoff = closedCutoff(tf, now);
        Instant watermark = ModelSignalRepository.watermark(tx, symbol, tf.name());
        // The newest closed bars after the watermark, at most catch-up-bars of them (only the newest one
        // when the series has no watermark yet); older ones are skipped as backlog.
        int keep = watermark == null ? 1 : Math.max(1, config.catchUpBars());
        List<Instant> targets = closedBarsAfter(tx, symbol, tf, watermark, cutoff, keep + 1, false);
        if (targets.isEmpty()) {
            return ChunkResult.NOTHING;
        }
        int skipped = 0;
        if (targets.size() > keep) {
            skip("backlog", 1);
            skipped++;
            targets = targets.subList(targets.size() - keep, targets.size());
        }
        List<ModelInfo> all = new ArrayList<>();
        active.ifPresent(all::add);
        all.addAll(shadows);
        FeatureSpec spec = ModelManifest.featureSpec(all.get(0).manifest());
        Duration history = spec.barLength().multipliedBy(historyBars(all));
        BarReader.StoredBars stored = BarReader.between(tx, symbol, tf, targets.get(0).minus(history),
                targets.get(targets.size() - 1));
        Map<Long, ForestModel> loaded = new LinkedHashMap<>();
        for (ModelInfo m : all) {
            loaded.put(m.id(), registry.load(m));
        }
        Map<String, FeatureBuilder> builders = new LinkedHashMap<>();
        Context context = new Context(symbol, tf, now, active.orElse(null), shadows, loaded, builders);
        int processed = 0;
        Instant done = null;
        int index = 0;
        for (Instant target : targets) {
            while (index < stored.size() && stored.bars().get(index).ts().isBefore(target)) {
                index++;
            }
            if (index >= stored.size() || !stored.bars().get(index).ts().equals(target)) {
                break;
            }
            boolean stale = isStale(tf, target, now);
            if (!stored.indicatorRows().get(index) && !stale) {
                // the indicator job has not reached this bar yet: come back on the next run
                break;
            }
            Savepoint savepoint = tx.setSavepoint();
            try {
                handleBar(tx, context, stored.bars(), index, stale);
                tx.releaseSavepoint(savepoint);
                processed++;
            } catch (SQLException | RuntimeException e) {
                tx.rollback(savepoint);
                skip("error", 1);
                skipped++;
                LOG.warnf("inference: bar %s of %s %s skipped (%s)", target, symbol, tf, e.toString());
            }
            done = target;
        }
        if (done != null) {
            ModelSignalRepository.setWatermark(tx, symbol, tf.name(), done);
        }
        return new ChunkResult(processed, skipped, false);
    }

    private record Context(String symbol, Timeframe tf, Instant now, ModelInfo active, List<ModelInfo> shadows,
            Map<Long, ForestModel> loaded, Map<String, FeatureBuilder> builders) {
    }

    private void handleBar(Connection tx, Context ctx, List<MlBar> bars, int index, boolean stale) throws SQLException {
        MlBar bar = bars.get(index);
        Double activeProb = null;
        List<ModelInfo> all = new ArrayList<>();
        if (ctx.active() != null) {
            all.add(ctx.active());
        }
        all.addAll(ctx.shadows());
        boolean anyFeatures = false;
        for (ModelInfo m : all) {
            FeatureSpec spec = ModelManifest.featureSpec(m.manifest());
            FeatureBuilder builder = ctx.builders().computeIfAbsent(spec.toString(), k -> new FeatureBuilder(spec));
            Optional<FeatureRow> row = builder.featuresAt(bars, index);
            if (row.isEmpty()) {
                continue;
            }
            anyFeatures = true;
            ForestModel model = ctx.loaded().get(m.id());
            double[] input = FeatureVectors.forModel(model.featureNames(), row.get().values());
            if (input == null) {
                skip("feature_mismatch", 1);
                continue;
            }
            double prob = model.probUp(input);
            boolean shadow = m != ctx.active();
            double threshold = m.threshold();
            ModelSignalRepository.insert(tx, new ModelSignalRepository.Prediction(ctx.symbol(), ctx.tf().name(), bar.ts(),
                    m.version(), m.id(), prob, threshold, FeatureVectors.label(prob), FeatureVectors.side(prob, threshold),
                    shadow));
            if (!shadow) {
                activeProb = prob;
            }
        }
        if (ctx.active() == null) {
            skip("no_active_model", 1);
            return;
        }
        if (activeProb == null) {
            skip(anyFeatures ? "feature_mismatch" : "no_features", 1);
            return;
        }
        String reason = guard(ctx, bar, stale);
        if (reason != null) {
            skip(reason, 1);
            return;
        }
        String side = FeatureVectors.side(activeProb, ctx.active().threshold());
        if (side == null) {
            skip("no_edge", 1);
            return;
        }
        Double pip = pipSize(ctx.symbol());
        Double atr = bar.atr();
        Double sl = pip == null || atr == null ? null : round1(config.slAtr() * atr / pip);
        Double tp = pip == null || atr == null ? null : round1(config.tpAtr() * atr / pip);
        double confidence = "BUY".equals(side) ? activeProb : 1 - activeProb;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", "inference");
        meta.put("model_id", ctx.active().id());
        meta.put("threshold", ctx.active().threshold());
        if (atr != null) {
            meta.put("atr", atr);
        }
        NewSignal signal = new NewSignal(ctx.symbol(), ctx.tf(), bar.ts(), Side.valueOf(side), confidence, activeProb,
                ctx.active().version(), null, sl, tp, (int) Math.max(1, config.signalTtl().toSeconds()), null, meta);
        SignalService.Created created = signals.create(tx, signal);
        if (!created.created()) {
            skip("bar_has_signal", 1);
        }
    }

    /** Why the active model's prediction may not become a signal, or null. */
    private String guard(Context ctx, MlBar bar, boolean stale) throws SQLException {
        if (stale) {
            return "stale_data";
        }
        if (!sessions(ctx.symbol()).isOpenAt(ctx.now())) {
            return "market_closed";
        }
        if (ctx.active().createdAt().plus(config.maxModelAge()).isBefore(ctx.now())) {
            return "model_too_old";
        }
        return null;
    }

    /** A bar whose close lies more than max-data-age in the past is stale. */
    boolean isStale(Timeframe tf, Instant barTs, Instant now) {
        return tf.next(barTs).plus(config.maxDataAge()).isBefore(now);
    }

    private TradingSessions sessions(String symbol) throws SQLException {
        return symbols.sessions(symbol);
    }

    private Double pipSize(String symbol) throws SQLException {
        try {
            return symbols.get(symbol).pipSize();
        } catch (ApiException e) {
            return null;
        }
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Bars of history the models' feature windows need (with room for gaps at the window's edge). */
    static int historyBars(List<ModelInfo> models) {
        int longest = 20;
        for (ModelInfo m : models) {
            FeatureSpec s = ModelManifest.featureSpec(m.manifest());
            longest = Math.max(longest, Math.max(s.maWindow(), s.volumeWindow()));
        }
        return 2 * longest + 10;
    }

    /** Closed bars after the watermark (all bars when null), the newest {@code limit} (oldest first: the oldest {@code limit}), ascending. */
    private static List<Instant> closedBarsAfter(Connection c, String symbol, Timeframe tf, Instant watermark,
            Instant cutoff, int limit, boolean oldestFirst) throws SQLException {
        List<Instant> out = new ArrayList<>();
        String sql = "SELECT ts FROM candles WHERE symbol = ? AND timeframe = ? AND ts <= ? AND ts > ? ORDER BY ts "
                + (oldestFirst ? "ASC" : "DESC") + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            ps.setString(2, tf.name());
            ps.setObject(3, Sql.ts(cutoff));
            ps.setObject(4, Sql.ts(watermark == null ? Instant.EPOCH : watermark));
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        if (!oldestFirst) {
            java.util.Collections.reverse(out);
        }
        return out;
    }

    private void skip(String reason, long count) {
        if (count > 0) {
            Counter.builder("ml.inference.skipped").description("Closed bars that produced no signal, by reason")
                    .tag("reason", reason).register(meters).increment(count);
        }
    }

    /** Age of the oldest closed bar not yet handled across the served series with a model. */
    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        Instant now = Instant.now();
        Duration worst = null;
        for (MlSeries s : served(connection)) {
            if (models.active(connection, s.symbol(), s.timeframe().name()).isEmpty()
                    && models.shadows(connection, s.symbol(), s.timeframe().name()).isEmpty()) {
                continue;
            }
            Instant watermark = ModelSignalRepository.watermark(connection, s.symbol(), s.timeframe().name());
            List<Instant> pending = watermark == null ? List.of()
                    : closedBarsAfter(connection, s.symbol(), s.timeframe(), watermark,
                            closedCutoff(s.timeframe(), now), 1, true);
            if (!pending.isEmpty()) {
                Duration age = Duration.between(s.timeframe().next(pending.get(0)).plus(config.closeGrace()), now);
                if (worst == null || age.compareTo(worst) > 0) {
                    worst = age;
                }
            }
        }
        return Optional.ofNullable(worst);
    }
}

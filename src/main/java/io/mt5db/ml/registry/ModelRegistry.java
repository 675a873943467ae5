package io.mt5db.ml.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.ApiException;
import io.mt5db.ml.MlConfig;
import io.mt5db.ml.training.ForestModel;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.stream.StreamEvent;
import io.mt5db.stream.StreamLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The model registry: saves trained models with their manifest, activates (the previous active model
 * of the series is retired; rollback = activating an older one), puts models in shadow, resolves the
 * model of a series (its own, else the timeframe's global one) and loads models, cached by id.
 */
@ApplicationScoped
public class ModelRegistry {

    public static final List<String> STATUSES = List.of("candidate", "active", "shadow", "retired");

    @Inject
    DataSource dataSource;

    @Inject
    ModelRepository repository;

    @Inject
    MlConfig config;

    @Inject
    ObjectMapper mapper;

    private final Map<Long, ForestModel> cache = new LinkedHashMap<>(16, 0.75f, true);

    /** The resolved active model per (symbol, timeframe), kept for mt5db.ml.active-model-cache-ttl. */
    private final ConcurrentHashMap<String, ActiveEntry> activeCache = new ConcurrentHashMap<>();

    /** Bumped by every status change in this process: a lookup begun before it is not cached. */
    private final AtomicLong activeGeneration = new AtomicLong();

    private record ActiveEntry(Optional<ModelInfo> model, long expiresAtNanos) {
    }

    /** What an activation changed. */
    public record Activation(ModelInfo model, Long retiredId, boolean changed) {
    }

    /** Stores a trained model as a candidate. */
    public ModelInfo save(Connection c, TrainedModel trained, ModelManifest.Origin origin, String symbol,
            String timeframe, Long jobId) throws SQLException {
        ObjectNode manifest = ModelManifest.of(trained, origin);
        ModelInfo model = repository.insert(c, symbol, timeframe, jobId, trained.model().modelBytes(), manifest);
        streamEvent(c, "trained", model);
        return model;
    }

    /** The live-stream event of a model change (io.mt5db.stream), in the change's transaction. */
    private void streamEvent(Connection c, String action, ModelInfo model) throws SQLException {
        ObjectNode data = mapper.createObjectNode();
        data.put("action", action);
        data.put("model_id", model.id());
        data.put("symbol", model.symbol());
        data.put("timeframe", model.timeframe());
        data.put("version", model.version());
        data.put("status", model.status());
        data.set("metrics", model.manifest().path("metrics").isMissingNode() ? mapper.createObjectNode()
                : model.manifest().path("metrics"));
        StreamLog.event(c, StreamEvent.MODEL, model.symbol(), model.timeframe(), null, null, data.toString());
    }

    /** Stores a trained model in its own transaction. */
    public ModelInfo save(TrainedModel trained, ModelManifest.Origin origin, String symbol, String timeframe, Long jobId)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return save(c, trained, origin, symbol, timeframe, jobId);
        }
    }

    public List<ModelInfo> list(String symbol, String timeframe, String status, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return repository.list(c, symbol, timeframe, status, limit);
        }
    }

    public ModelInfo get(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return repository.find(c, id, false).orElseThrow(() -> ApiException.notFound("No model with id " + id));
        }
    }

    /** A model by numeric id or by version. */
    public ModelInfo getByIdOrVersion(String ref) throws SQLException {
        if (ref.chars().allMatch(Character::isDigit) && ref.length() < 19) {
            return get(Long.parseLong(ref));
        }
        try (Connection c = dataSource.getConnection()) {
            return repository.findByVersion(c, ref)
                    .orElseThrow(() -> ApiException.notFound("No model with version '" + ref + "'"));
        }
    }

    /**
     * The active model for a series: its own, else the timeframe's global one. Cached per (symbol,
     * timeframe) for mt5db.ml.active-model-cache-ttl (the answer "none" too); an activation, shadow or
     * retirement through this registry clears the cache, so this process sees it at once, another
     * replica within the TTL. The inference job does not use this: it resolves the model in its own
     * transaction.
     */
    public Optional<ModelInfo> active(String symbol, String timeframe) throws SQLException {
        long ttl = config.activeModelCacheTtl().toNanos();
        if (ttl <= 0) {
            return activeFromDatabase(symbol, timeframe);
        }
        String key = (symbol == null ? "" : symbol) + '\0' + timeframe;
        ActiveEntry entry = activeCache.get(key);
        long now = System.nanoTime();
        if (entry != null && now - entry.expiresAtNanos() < 0) {
            return entry.model();
        }
        long generation = activeGeneration.get();
        Optional<ModelInfo> model = activeFromDatabase(symbol, timeframe);
        if (activeCache.size() > MAX_ACTIVE_ENTRIES) {
            activeCache.clear();
        }
        activeCache.put(key, new ActiveEntry(model, System.nanoTime() + ttl));
        if (activeGeneration.get() != generation) {
            // a status changed while we read: what we read may predate it
            activeCache.remove(key);
        }
        return model;
    }

    /** Most (symbol, timeframe) pairs the active-model cache holds before it starts over. */
    static final int MAX_ACTIVE_ENTRIES = 10_000;

    private Optional<ModelInfo> activeFromDatabase(String symbol, String timeframe) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return repository.active(c, symbol, timeframe);
        }
    }

    /** Forgets every resolved active model (a global model's change concerns every symbol of its timeframe). */
    @Inject
    Event<ModelStatusChanged> statusChanged;

    /** Fired after a model's status change committed in this process (the accuracy gauges re-read the registry). */
    public record ModelStatusChanged(long modelId) {
    }

    private void invalidateActive() {
        activeGeneration.incrementAndGet();
        activeCache.clear();
    }

    /** Makes the model the active one of its series; the previous active one is retired. */
    public Activation activate(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ModelInfo model = repository.find(c, id, true)
                        .orElseThrow(() -> ApiException.notFound("No model with id " + id));
                lockSeries(c, model);
                if ("active".equals(model.status())) {
                    c.commit();
                    return new Activation(model, null, false);
                }
                Optional<Long> retired = repository.retireActive(c, model);
                repository.setStatus(c, id, "active");
                ModelInfo updated = repository.find(c, id, false).orElseThrow();
                streamEvent(c, "activated", updated);
                invalidateActive();
                c.commit();
                invalidateActive();
                statusChanged.fire(new ModelStatusChanged(id));
                return new Activation(updated, retired.orElse(null), true);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Sets a model to shadow or retired (an active model must be replaced by activating another one first). */
    public ModelInfo setPassiveStatus(long id, String status) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ModelInfo model = repository.find(c, id, true)
                        .orElseThrow(() -> ApiException.notFound("No model with id " + id));
                if ("active".equals(model.status())) {
                    throw ApiException.conflict("Model " + model.version() + " is the active model of its series; "
                            + "activate another model first (rollback = activating an older one)");
                }
                if (!status.equals(model.status())) {
                    repository.setStatus(c, id, status);
                }
                ModelInfo updated = repository.find(c, id, false).orElseThrow();
                invalidateActive();
                c.commit();
                invalidateActive();
                statusChanged.fire(new ModelStatusChanged(id));
                return updated;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The model ready to predict, loaded once per id (a stored model never changes). */
    public ForestModel load(ModelInfo model) throws SQLException {
        synchronized (cache) {
            ForestModel cached = cache.get(model.id());
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes;
        try (Connection c = dataSource.getConnection()) {
            bytes = repository.bytes(c, model.id());
        }
        if (bytes == null) {
            throw ApiException.notFound("No model with id " + model.id());
        }
        ForestModel loaded = ForestModel.load(bytes, ModelManifest.binEdges(model.manifest()),
                ModelManifest.featureNames(model.manifest()));
        synchronized (cache) {
            cache.put(model.id(), loaded);
            while (cache.size() > Math.max(1, config.modelCacheSize())) {
                Long eldest = cache.keySet().iterator().next();
                cache.remove(eldest);
            }
        }
        return loaded;
    }

    private static void lockSeries(Connection c, ModelInfo model) throws SQLException {
        String key = "ml_models:" + (model.symbol() == null ? "*" : model.symbol()) + ":" + model.timeframe();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, fnv64(key));
            ps.execute();
        }
    }

    private static long fnv64(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

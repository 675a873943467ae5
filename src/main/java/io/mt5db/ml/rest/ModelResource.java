package io.mt5db.ml.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.ApiException;
import io.mt5db.common.SymbolName;
import io.mt5db.common.QueryParams;
import io.mt5db.ml.registry.ModelComparison;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelManifest;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.security.AuditLog;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model registry over HTTP: list, show (with the shadow A/B comparison), activate, shadow, retire. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ml")
public class ModelResource {

    static final String LIST_EXAMPLE = """
            {"items":[{"id":12,"version":"rf-EURUSD-M1-20261207T031500Z-12","symbol":"EURUSD","timeframe":"M1",\
            "status":"active","created_at":"2026-12-07T03:15:00Z","activated_at":"2026-12-07T03:20:00Z",\
            "threshold":0.56,"beats_baselines":true,"verdict":"beats both baselines by 0.031",\
            "test_accuracy":{"model":0.561,"majority":0.514,"persistence":0.522},"links":{"self":"/models/12"}}]}""";
    static final String DETAIL_EXAMPLE = """
            {"id":12,"version":"rf-EURUSD-M1-20261207T031500Z-12","symbol":"EURUSD","timeframe":"M1","status":"shadow",\
            "created_at":"2026-12-07T03:15:00Z","activated_at":null,"status_at":"2026-12-07T03:16:00Z","job_id":7,\
            "threshold":0.56,"beats_baselines":true,"verdict":"beats both baselines by 0.031",\
            "metrics":{"model":{"samples":25000,"accuracy":0.561,"precision":0.58,"recall":0.49,"f1":0.53,"auc":0.59,\
            "log_loss":0.68},"majority":{"samples":25000,"accuracy":0.514},"persistence":{"samples":25000,"accuracy":0.522}},\
            "manifest":{"feature_names":["ret_1","ret_5"],"training_window":{"train_from":"2026-09-01T00:00:00Z",\
            "test_to":"2026-11-30T23:59:00Z"}},"shadow_comparison":[{"symbol":"EURUSD","timeframe":"M1",\
            "model":{"version":"rf-EURUSD-M1-20261207T031500Z-12","rows":1440,"first_ts":"2026-12-07T03:16:00Z",\
            "last_ts":"2026-12-08T03:15:00Z","labelled":1435,"accuracy":0.55},"active":{"version":\
            "rf-EURUSD-M1-20261130T000000Z-9","rows":20000,"first_ts":"2026-11-30T00:01:00Z","last_ts":"2026-12-08T03:15:00Z",\
            "labelled":19990,"accuracy":0.53},"common_labelled_bars":1435,"model_accuracy_on_common":0.55,\
            "active_accuracy_on_common":0.531}]}""";

    @Inject
    ModelRegistry registry;

    @Inject
    ModelComparison comparison;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    /** A model in the list (no bytes, no manifest). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ModelSummary(long id, String version, String symbol, String timeframe, String status,
            Instant createdAt, Instant activatedAt, Double threshold, boolean beatsBaselines, String verdict,
            Map<String, Double> testAccuracy, Map<String, String> links) {
    }

    public record ModelList(List<ModelSummary> items) {
    }

    /** A model with its manifest (bin edges left out), metrics beside the baselines and the A/B comparison. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ModelDetail(long id, String version, String symbol, String timeframe, String status, Instant createdAt,
            Instant activatedAt, Instant statusAt, Long jobId, Double threshold, boolean beatsBaselines, String verdict,
            JsonNode metrics, JsonNode manifest, List<ModelComparison.SeriesComparison> shadowComparison) {
    }

    /** What an activation did. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ActivationView(ModelSummary model, Long retiredModelId, boolean changed) {
    }

    @GET
    @RequiresScope(Scope.READ)
    @Operation(summary = "Registered models, newest first",
            description = "Without model bytes. Filters: symbol (* = global models), timeframe, status (candidate, "
                    + "active, shadow, retired); limit 1-1000 (default 100).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "models", value = LIST_EXAMPLE)))
    public ModelList list(@QueryParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @QueryParam("status") String status, @QueryParam("limit") Integer limit) throws SQLException {
        String sym = symbol == null || symbol.isBlank() ? null : "*".equals(symbol) ? "*" : QueryParams.symbol(symbol);
        String tf = timeframe == null || timeframe.isBlank() ? null : QueryParams.timeframe(timeframe).name();
        String st = null;
        if (status != null && !status.isBlank()) {
            st = status.trim().toLowerCase(Locale.ROOT);
            if (!ModelRegistry.STATUSES.contains(st)) {
                throw ApiException.badRequest("Query parameter 'status' must be one of " + String.join(", ", ModelRegistry.STATUSES));
            }
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw ApiException.badRequest("Query parameter 'limit' must be between 1 and 1000");
        }
        return new ModelList(registry.list(sym, tf, st, limit == null ? 100 : limit).stream().map(ModelResource::summary)
                .toList());
    }

    @GET
    @Path("{id}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "A model: manifest, metrics beside the baselines, status and the shadow A/B comparison",
            description = "id or version. shadow_comparison: on each series where the model has stored predictions "
                    + "(model_signals), their count and, on bars that have a label by now, the model's accuracy beside "
                    + "the series' active model on the same bars (the newest 5,000 predictions).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "model", value = DETAIL_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such model")
    public ModelDetail get(@Parameter(description = "model id or version") @PathParam("id") String id) throws SQLException {
        ModelInfo m = find(id);
        ObjectNode manifest = ((ObjectNode) m.manifest()).deepCopy();
        JsonNode edges = manifest.remove("bin_edges");
        manifest.put("bin_edges_features", edges == null ? 0 : edges.size());
        return new ModelDetail(m.id(), m.version(), m.symbol(), m.timeframe(), m.status(), m.createdAt(), m.activatedAt(),
                m.statusAt(), m.jobId(), threshold(m), ModelManifest.beatsBaselines(m.manifest()),
                m.manifest().path("verdict").asText(null), m.manifest().path("metrics"), manifest, comparison.compare(m));
    }

    @POST
    @Path("{id}/activate")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Make a model the active one of its series (admin)",
            description = "The previous active model of the same (symbol, timeframe) — or of the timeframe's global "
                    + "slot for a global model — becomes retired. Rollback = activating an older model. Activating the "
                    + "active model changes nothing. Audited.")
    @APIResponse(responseCode = "200", description = "Activated")
    @APIResponse(responseCode = "404", description = "No such model")
    public ActivationView activate(@PathParam("id") String id) throws SQLException {
        ModelInfo m = find(id);
        ModelRegistry.Activation activation = registry.activate(m.id());
        if (activation.changed()) {
            audit.record(caller.get(), "model.activate", "model:" + m.id(), m.version()
                    + (activation.retiredId() == null ? "" : "; retired model " + activation.retiredId()));
        }
        return new ActivationView(summary(activation.model()), activation.retiredId(), activation.changed());
    }

    @POST
    @Path("{id}/shadow")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Run a model in shadow (admin)",
            description = "The inference job stores its predictions (model_signals, shadow = true) beside the active "
                    + "model's, never a signal; GET /models/{id} compares the two. The active model cannot be put in "
                    + "shadow (409): activate another one first. Audited.")
    @APIResponse(responseCode = "200", description = "In shadow")
    @APIResponse(responseCode = "409", description = "The model is active")
    public ModelSummary shadow(@PathParam("id") String id) throws SQLException {
        ModelInfo m = registry.setPassiveStatus(find(id).id(), "shadow");
        audit.record(caller.get(), "model.shadow", "model:" + m.id(), m.version());
        return summary(m);
    }

    @POST
    @Path("{id}/retire")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Retire a model (admin)",
            description = "Stops a shadow model (or parks a candidate). The active model cannot be retired directly "
                    + "(409): activate another one. Audited.")
    @APIResponse(responseCode = "200", description = "Retired")
    @APIResponse(responseCode = "409", description = "The model is active")
    public ModelSummary retire(@PathParam("id") String id) throws SQLException {
        ModelInfo m = registry.setPassiveStatus(find(id).id(), "retired");
        audit.record(caller.get(), "model.retire", "model:" + m.id(), m.version());
        return summary(m);
    }

    private ModelInfo find(String ref) throws SQLException {
        if (ref == null || ref.isBlank() || ref.length() > 200 || ref.indexOf('\0') >= 0) {
            throw ApiException.notFound("No such model");
        }
        if (!ref.chars().allMatch(Character::isDigit) && !ref.startsWith("rf-")) {
            throw ApiException.notFound("No model with id or version '" + (ref.length() > 40 ? ref.substring(0, 40) : ref) + "'");
        }
        return registry.getByIdOrVersion(ref);
    }

    static ModelSummary summary(ModelInfo m) {
        JsonNode metrics = m.manifest().path("metrics");
        Map<String, Double> acc = new java.util.LinkedHashMap<>();
        for (String k : List.of("model", "majority", "persistence")) {
            JsonNode a = metrics.path(k).path("accuracy");
            acc.put(k, a.isNumber() ? a.asDouble() : null);
        }
        return new ModelSummary(m.id(), m.version(), m.symbol(), m.timeframe(), m.status(), m.createdAt(), m.activatedAt(),
                threshold(m), ModelManifest.beatsBaselines(m.manifest()), m.manifest().path("verdict").asText(null), acc,
                Map.of("self", "/models/" + m.id()));
    }

    private static Double threshold(ModelInfo m) {
        JsonNode t = m.manifest().path("threshold");
        return t.isNumber() ? t.asDouble() : null;
    }

    static boolean validSymbol(String s) {
        return SymbolName.isValid(s);
    }
}

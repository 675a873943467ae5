package io.mt5db.ml.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.SymbolName;
import io.mt5db.common.TextRules;
import io.mt5db.common.Timeframe;
import io.mt5db.common.QueryParams;
import io.mt5db.ml.serving.PredictionService;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GET /predict, GET /predict_batch and POST /predict (scope read). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ml")
public class PredictResource {

    static final int MAX_BATCH = 50;
    static final String PREDICTION_EXAMPLE = """
            {"symbol":"EURUSD","timeframe":"M1","ts":"2026-12-07T03:14:00Z","prob_up":0.61,"label":1,"side":"BUY",\
            "model_version":"rf-EURUSD-M1-20261207T031500Z-12","model_id":12,"threshold":0.58,\
            "features":{"ret_1":0.00012,"ret_5":-0.0003,"rsi":55.1}}""";
    static final String RAW_EXAMPLE = """
            {"timeframe":"M1","symbol":"EURUSD","features":{"ret_1":0.00012,"ret_5":-0.0003,"rsi":55.1}}""";

    @Inject
    PredictionService predictions;

    private final JsonBodies bodies;

    @Inject
    public PredictResource(ObjectMapper mapper) {
        this.bodies = new JsonBodies(mapper);
    }

    /** One failed series of a batch. */
    public record BatchError(String symbol, int status, String detail) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Batch(List<PredictionService.Prediction> items, List<BatchError> errors) {
    }

    @GET
    @Path("predict")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Prediction for the newest closed bar of a series",
            description = "The newest closed bar (its end plus mt5db.ml.close-grace has passed) among the newest 100 "
                    + "that has complete features, scored by the series' active model (else the timeframe's global "
                    + "one). label = 1 when prob_up >= 0.5; side = BUY (prob_up >= threshold), SELL (<= 1 - threshold) "
                    + "or null. 404 says whether the model or a bar with features is missing.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "prediction", value = PREDICTION_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No active model, or no closed bar with complete features")
    public PredictionService.Prediction predict(@QueryParam("symbol") String symbol,
            @QueryParam("timeframe") String timeframe) throws SQLException {
        return predictions.latest(QueryParams.symbol(symbol), QueryParams.timeframe(timeframe));
    }

    @GET
    @Path("predict_batch")
    @RequiresScope(Scope.READ)
    @Operation(summary = "Predictions for several symbols of one timeframe",
            description = "symbols: comma-separated, up to 50. Each symbol's prediction as GET /predict, in items; a "
                    + "symbol that has none is listed in errors with the status and reason GET /predict would give.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "batch", value = "{\"items\":[" + PREDICTION_EXAMPLE + "],\"errors\":[{\"symbol\":"
                    + "\"GBPUSD\",\"status\":404,\"detail\":\"No active model for GBPUSD M1 (nor a global M1 model)\"}]}")))
    public Batch predictBatch(@Parameter(description = "e.g. EURUSD,GBPUSD") @QueryParam("symbols") String symbols,
            @QueryParam("timeframe") String timeframe) throws SQLException {
        if (symbols == null || symbols.isBlank()) {
            throw ApiException.badRequest("Query parameter 'symbols' is required: comma-separated symbols");
        }
        Timeframe tf = QueryParams.timeframe(timeframe);
        Set<String> list = new LinkedHashSet<>();
        for (String s : symbols.split(",")) {
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!SymbolName.isValid(t)) {
                throw ApiException.badRequest("Query parameter 'symbols': '" + (t.length() > 40 ? t.substring(0, 40) : t)
                        .replace('\0', '?') + "' is not a symbol (" + SymbolName.RULE + ")");
            }
            list.add(t);
        }
        if (list.isEmpty() || list.size() > MAX_BATCH) {
            throw ApiException.badRequest("Query parameter 'symbols' must name 1 to " + MAX_BATCH + " symbols");
        }
        List<PredictionService.Prediction> items = new ArrayList<>();
        List<BatchError> errors = new ArrayList<>();
        for (String s : list) {
            try {
                items.add(predictions.latest(s, tf));
            } catch (ApiException e) {
                errors.add(new BatchError(s, e.status(), e.getMessage()));
            }
        }
        return new Batch(items, errors);
    }

    @POST
    @Path("predict")
    @RequiresScope(Scope.READ)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Operation(summary = "Prediction for a raw feature object",
            description = "{symbol?, timeframe, model_id?, features:{name:number}}: the model is model_id, else the "
                    + "active model of (symbol, timeframe), else the timeframe's global one. Every feature the model "
                    + "uses must be present and finite, and no other may be given: 422 names each missing, unknown or "
                    + "non-finite feature.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MlBodies.Predict.class),
            examples = @ExampleObject(name = "features", value = RAW_EXAMPLE)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "prediction", value = PREDICTION_EXAMPLE)))
    @APIResponse(responseCode = "422", description = "Bad or missing fields, each named in errors[]")
    public PredictionService.Prediction predictRaw(InputStream body, @HeaderParam("Content-Encoding") String encoding)
            throws SQLException {
        JsonNode node = bodies.read(body, encoding, 262_144);
        if (node == null || !node.isObject()) {
            throw ApiException.unprocessable("body", "the body must be {symbol?, timeframe, model_id?, features:{...}}");
        }
        List<FieldError> errors = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!List.of("symbol", "timeframe", "model_id", "features").contains(n)) {
                String shown = n.replace('\0', '?');
                errors.add(new FieldError(null, TextRules.abbreviate(shown, 40),
                        "unknown field; allowed: symbol, timeframe, model_id, features"));
            }
        }
        String symbol = null;
        JsonNode s = node.get("symbol");
        if (s != null && !s.isNull()) {
            if (!s.isTextual() || !SymbolName.isValid(s.asText())) {
                errors.add(new FieldError(null, "symbol", "must be " + SymbolName.RULE));
            } else {
                symbol = s.asText();
            }
        }
        Timeframe tf = null;
        JsonNode t = node.get("timeframe");
        if (t != null && !t.isNull()) {
            if (!t.isTextual() || Timeframe.parse(t.asText()).isEmpty()) {
                errors.add(new FieldError(null, "timeframe", "must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
            } else {
                tf = Timeframe.parse(t.asText()).get();
            }
        }
        Long modelId = null;
        JsonNode m = node.get("model_id");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || !m.canConvertToLong() || m.asLong() <= 0) {
                errors.add(new FieldError(null, "model_id", "must be a positive integer"));
            } else {
                modelId = m.asLong();
            }
        }
        if (tf == null && modelId == null && errors.stream().noneMatch(e -> "timeframe".equals(e.field()))) {
            errors.add(new FieldError(null, "timeframe", "timeframe is required unless model_id is given"));
        }
        JsonNode features = node.get("features");
        if (features == null || !features.isObject()) {
            errors.add(new FieldError(null, "features", "features must be an object {name: number}"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("The prediction request is invalid", errors);
        }
        return predictions.raw(symbol, tf, modelId, features);
    }
}

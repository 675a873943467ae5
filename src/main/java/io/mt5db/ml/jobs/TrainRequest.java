package io.mt5db.ml.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.SymbolName;
import io.mt5db.common.TextRules;
import io.mt5db.common.Timeframe;
import io.mt5db.common.TimestampParser;
import io.mt5db.ml.training.ForestParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training request: one model per listed symbol, over bars in [from, to) (open ends: all stored
 * bars), forest settings overriding the defaults. {@code global}: the (single) symbol's model is
 * registered as the timeframe's global model.
 */
public record TrainRequest(List<String> symbols, Timeframe timeframe, Instant from, Instant to, boolean global,
        Map<String, Number> params) {

    public static final int MAX_SYMBOLS = 20;
    static final Set<String> TOP_FIELDS = Set.of("symbol", "symbols", "timeframe", "from", "to", "params", "global");
    static final Set<String> PARAMS = Set.of("trees", "max_depth", "feature_fraction", "seed", "bootstrap_fraction",
            "bins", "threads");

    /**
     * Reads and validates a request body.
     *
     * @throws ApiException 422 naming every invalid field
     */
    public static TrainRequest parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiException.unprocessable("body", "the body must be a JSON object {symbol | symbols, timeframe, from?, "
                    + "to?, params?}");
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!TOP_FIELDS.contains(name)) {
                errors.add(new FieldError(null, TextRules.abbreviate(name.replace('\0', '?'), 40), "unknown field; allowed: " + String.join(", ", TOP_FIELDS)));
            }
        }
        List<String> symbols = new ArrayList<>();
        JsonNode symbol = body.get("symbol");
        JsonNode list = body.get("symbols");
        if (present(symbol) && present(list)) {
            errors.add(new FieldError(null, "symbols", "give symbol or symbols, not both"));
        } else if (present(symbol)) {
            symbol(symbol, "symbol", symbols, errors);
        } else if (present(list)) {
            if (!list.isArray() || list.isEmpty() || list.size() > MAX_SYMBOLS) {
                errors.add(new FieldError(null, "symbols", "must be an array of 1 to " + MAX_SYMBOLS + " symbols"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    symbol(list.get(i), "symbols[" + i + "]", symbols, errors);
                }
            }
        } else {
            errors.add(new FieldError(null, "symbol", "symbol (or symbols) is required"));
        }
        Timeframe timeframe = null;
        JsonNode tf = body.get("timeframe");
        if (!present(tf)) {
            errors.add(new FieldError(null, "timeframe", "timeframe is required: one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
        } else if (!tf.isTextual() || Timeframe.parse(tf.asText()).isEmpty()) {
            errors.add(new FieldError(null, "timeframe", "must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
        } else {
            timeframe = Timeframe.parse(tf.asText()).get();
        }
        Instant from = time(body.get("from"), "from", errors);
        Instant to = time(body.get("to"), "to", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError(null, "to", "must be after from (from inclusive, to exclusive)"));
        }
        boolean global = false;
        JsonNode g = body.get("global");
        if (present(g)) {
            if (!g.isBoolean()) {
                errors.add(new FieldError(null, "global", "must be true or false"));
            } else {
                global = g.asBoolean();
                if (global && symbols.size() > 1) {
                    errors.add(new FieldError(null, "global", "a global model is trained on one symbol's bars"));
                }
            }
        }
        Map<String, Number> params = new LinkedHashMap<>();
        JsonNode p = body.get("params");
        if (present(p)) {
            if (!p.isObject()) {
                errors.add(new FieldError(null, "params", "must be an object"));
            } else {
                p.fields().forEachRemaining(e -> param(e.getKey(), e.getValue(), params, errors));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("The training request is invalid", errors);
        }
        return new TrainRequest(List.copyOf(symbols), timeframe, from, to, global, params);
    }

    /** The forest settings: the defaults with this request's overrides. */
    public ForestParams forestParams(ForestParams defaults) {
        return new ForestParams(
                params.containsKey("trees") ? params.get("trees").intValue() : defaults.trees(),
                params.containsKey("max_depth") ? params.get("max_depth").intValue() : defaults.maxDepth(),
                params.containsKey("feature_fraction") ? params.get("feature_fraction").doubleValue() : defaults.featureFraction(),
                params.containsKey("seed") ? params.get("seed").longValue() : defaults.seed(),
                params.containsKey("bootstrap_fraction") ? params.get("bootstrap_fraction").doubleValue()
                        : defaults.bootstrapFraction(),
                params.containsKey("bins") ? params.get("bins").intValue() : defaults.bins(),
                params.containsKey("threads") ? params.get("threads").intValue() : defaults.threads());
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode s = node.putArray("symbols");
        symbols.forEach(s::add);
        node.put("timeframe", timeframe.name());
        if (from != null) {
            node.put("from", from.toString());
        }
        if (to != null) {
            node.put("to", to.toString());
        }
        node.put("global", global);
        ObjectNode p = node.putObject("params");
        params.forEach((k, v) -> {
            if (v instanceof Double || v instanceof Float) {
                p.put(k, v.doubleValue());
            } else {
                p.put(k, v.longValue());
            }
        });
        return node;
    }

    /** Reads back a stored request (validated when it was queued). */
    public static TrainRequest fromJson(JsonNode node) {
        return parse(node);
    }

    private static void param(String name, JsonNode value, Map<String, Number> params, List<FieldError> errors) {
        String field = "params." + TextRules.abbreviate(name.replace('\0', '?'), 40);
        if (!PARAMS.contains(name)) {
            errors.add(new FieldError(null, field, "unknown parameter; allowed: " + String.join(", ", PARAMS)));
            return;
        }
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            errors.add(new FieldError(null, field, "must be a finite number"));
            return;
        }
        double v = value.asDouble();
        switch (name) {
            case "trees" -> integer(field, value, 1, 2000, params, name, errors);
            case "max_depth" -> integer(field, value, 1, 64, params, name, errors);
            case "bins" -> integer(field, value, 0, 65536, params, name, errors);
            case "threads" -> integer(field, value, 1, 64, params, name, errors);
            case "seed" -> {
                if (!value.canConvertToLong() || value.isFloatingPointNumber()) {
                    errors.add(new FieldError(null, field, "must be an integer"));
                } else {
                    params.put(name, value.asLong());
                }
            }
            default -> {
                if (v <= 0 || v > 1) {
                    errors.add(new FieldError(null, field, "must be in (0, 1]"));
                } else {
                    params.put(name, v);
                }
            }
        }
    }

    private static void integer(String field, JsonNode value, int min, int max, Map<String, Number> params, String name,
            List<FieldError> errors) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            errors.add(new FieldError(null, field, "must be an integer from " + min + " to " + max));
        } else {
            params.put(name, value.asInt());
        }
    }

    private static void symbol(JsonNode node, String field, List<String> out, List<FieldError> errors) {
        if (node == null || !node.isTextual() || !SymbolName.isValid(node.asText())) {
            errors.add(new FieldError(null, field, "must be " + SymbolName.RULE));
        } else if (out.contains(node.asText())) {
            errors.add(new FieldError(null, field, "is listed twice"));
        } else {
            out.add(node.asText());
        }
    }

    private static Instant time(JsonNode node, String field, List<FieldError> errors) {
        if (!present(node)) {
            return null;
        }
        try {
            Instant t = node.isNumber() ? TimestampParser.UTC.parseText(node.asText()) : node.isTextual()
                    ? TimestampParser.UTC.parseText(node.asText()) : null;
            if (t == null) {
                errors.add(new FieldError(null, field, "must be an ISO-8601 timestamp or epoch seconds"));
                return null;
            }
            if (t.isBefore(Instant.parse("1971-01-01T00:00:00Z")) || t.isAfter(Instant.now().plusSeconds(366L * 86400))) {
                errors.add(new FieldError(null, field, "must be between 1971-01-01 and a year from now"));
                return null;
            }
            return t;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(null, field, e.getMessage()));
            return null;
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}

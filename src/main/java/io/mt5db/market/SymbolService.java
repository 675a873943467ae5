package io.mt5db.market;

import io.mt5db.common.JsonBodies;
import io.mt5db.common.TextRules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Symbol metadata (PUT /symbols/{symbol}) and the /symbols listing with exact counts per timeframe. */
@ApplicationScoped
public class SymbolService {

    /** A series of the symbol: exact row count and first/last bar. */
    public record SeriesView(String timeframe, long count, Instant firstTs, Instant lastTs) {
    }

    /**
     * A symbol as the API shows it. digits is the set value, else the inferred one (digits_source says
     * which); point and pip_size follow from digits unless set; sessions are the FX default unless set.
     */
    public record SymbolView(String symbol, Integer digits, String digitsSource, Double point, Double pipSize,
            Double contractSize, String currency, TradingSessions.Spec sessions, boolean defaultSessions,
            Instant updatedAt, List<SeriesView> series) {
    }

    @Inject
    SymbolDirectory directory;

    @Inject
    MarketRepository repository;

    @Inject
    ObjectMapper mapper;

    public Page<SymbolView> list(String after, int limit) throws SQLException {
        List<SymbolDirectory.SymbolRecord> rows = directory.list(after, limit);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = rows.get(limit - 1).symbol();
        }
        return new Page<>(views(rows), next);
    }

    public SymbolView get(String symbol) throws SQLException {
        SymbolDirectory.SymbolRecord row = directory.find(symbol)
                .orElseThrow(() -> ApiException.notFound("Symbol " + symbol + " is not known"));
        return views(List.of(row)).get(0);
    }

    /** Sets the fields present in the body (null clears one); answers the symbol as stored. */
    public SymbolView update(String symbol, JsonNode body) throws SQLException {
        directory.update(symbol, parse(body));
        return get(symbol);
    }

    /** Validates a metadata body into column values; every problem is reported at once (422). */
    Map<String, Object> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.unprocessable("body", "expected a JSON object such as {\"digits\":5,\"point\":0.00001}");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        if (body.has("digits")) {
            JsonNode v = body.get("digits");
            if (v.isNull()) {
                values.put("digits", null);
            } else if (v.canConvertToInt() && v.isIntegralNumber() && v.intValue() >= 0 && v.intValue() <= 10) {
                values.put("digits", v.intValue());
            } else {
                errors.add(new FieldError(null, "digits", "digits must be a whole number from 0 to 10"));
            }
        }
        for (String field : List.of("point", "pip_size", "contract_size")) {
            if (body.has(field)) {
                JsonNode v = body.get(field);
                if (v.isNull()) {
                    values.put(field, null);
                } else if (v.isNumber() && Double.isFinite(v.doubleValue()) && v.doubleValue() > 0) {
                    values.put(field, v.doubleValue());
                } else {
                    errors.add(new FieldError(null, field, field + " must be a positive number"));
                }
            }
        }
        if (body.has("currency")) {
            JsonNode v = body.get("currency");
            if (v.isNull()) {
                values.put("currency", null);
            } else if (v.isTextual() && TextRules.check("currency", v.textValue(), TextRules.Kind.NAME, 16) != null) {
                errors.add(new FieldError(null, "currency", TextRules.check("currency", v.textValue(), TextRules.Kind.NAME, 16)));
            } else if (v.isTextual() && !v.textValue().isBlank()) {
                values.put("currency", v.textValue().trim());
            } else {
                errors.add(new FieldError(null, "currency", "currency must be a text of 1-16 characters"));
            }
        }
        if (body.has("sessions")) {
            JsonNode v = body.get("sessions");
            String problem = JsonBodies.firstBadText("sessions", v);
            if (v.isNull()) {
                values.put("sessions", null);
            } else if (problem != null) {
                errors.add(new FieldError(null, "sessions", problem));
            } else {
                try {
                    TradingSessions.Spec spec = mapper.treeToValue(v, TradingSessions.Spec.class);
                    TradingSessions.of(spec);
                    values.put("sessions", mapper.writeValueAsString(spec));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    errors.add(new FieldError(null, "sessions", e instanceof IllegalArgumentException ? e.getMessage()
                            : "sessions must be {\"timezone\":..., \"weekly\":[{\"open\":\"SUN 17:00\",\"close\":\"FRI 17:00\"}]}"
                                    + " or {\"always_open\":true}"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("Invalid symbol metadata", errors);
        }
        if (values.isEmpty()) {
            throw ApiException.unprocessable("body",
                    "no metadata field given: digits, point, pip_size, contract_size, currency, sessions");
        }
        return values;
    }

    /** The sessions a symbol trades in (FX hours unless set). */
    public TradingSessions sessions(String symbol) {
        return directory.find(symbol).map(SymbolDirectory.SymbolRecord::sessionsJson)
                .map(json -> TradingSessions.of(spec(json))).orElse(TradingSessions.FX);
    }

    private TradingSessions.Spec spec(String json) {
        try {
            return mapper.readValue(json, TradingSessions.Spec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sessions are not valid JSON", e);
        }
    }

    private List<SymbolView> views(List<SymbolDirectory.SymbolRecord> rows) throws SQLException {
        Map<String, List<SeriesView>> series = repository.series(rows.stream().map(SymbolDirectory.SymbolRecord::symbol).toList());
        List<SymbolView> views = new ArrayList<>(rows.size());
        for (SymbolDirectory.SymbolRecord r : rows) {
            Integer digits = r.digits() != null ? r.digits() : r.inferredDigits();
            String source = r.digits() != null ? "set" : r.inferredDigits() != null ? "inferred" : null;
            Double point = r.point() != null ? r.point()
                    : digits == null ? null : BigDecimal.ONE.movePointLeft(digits).doubleValue();
            Double pip = r.pipSize() != null ? r.pipSize() : point == null ? null
                    : digits != null && (digits == 3 || digits == 5) ? BigDecimal.valueOf(point).movePointRight(1).doubleValue() : point;
            views.add(new SymbolView(r.symbol(), digits, source, point, pip, r.contractSize(), r.currency(),
                    r.sessionsJson() == null ? TradingSessions.FX_SPEC : spec(r.sessionsJson()), r.sessionsJson() == null,
                    r.updatedAt(), series.getOrDefault(r.symbol(), List.of())));
        }
        return views;
    }
}

package io.mt5db.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the fields of JSON objects sent by an EA, with one set of rules for every module. Numbers may
 * arrive as JSON numbers or numeric strings (MQL5's string building); absent and null fields read as
 * null; timestamps are ISO-8601, epoch seconds or milliseconds, or MQL5 text, within the range of
 * {@link TimeBounds}.
 *
 * <p>Two ways to use it: an instance collects every problem of one object as a {@link FieldError}
 * (signals, trades: a 400 lists them all); the static reads stop at the first problem with a
 * {@link FieldException} that names a reason code (ingest's hot path: one rejection per item, no
 * allocation for a valid field).
 */
public final class JsonFieldReader {

    private final JsonNode node;
    private final Integer index;
    private final List<FieldError> errors = new ArrayList<>();

    /** {@code index}: the item's position in a batch, or null for a single object. */
    public JsonFieldReader(JsonNode node, Integer index) {
        this.node = node;
        this.index = index;
    }

    /** A reader of one request body, which must be a JSON object (else 422 naming what was expected). */
    public static JsonFieldReader ofBody(JsonNode body, String expected) {
        if (body == null || !body.isObject()) {
            throw ApiException.unprocessable("body", "expected " + expected);
        }
        return new JsonFieldReader(body, null);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** 422 with every problem found so far, the first one in the detail; nothing when all was readable. */
    public void failOnErrors(String detail) {
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(detail + ": " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
    }

    public void error(String field, String message) {
        errors.add(new FieldError(index, field, message));
    }

    public boolean has(String field) {
        return present(field) != null;
    }

    /** Adds "is required" for each absent field. */
    public void require(String... fields) {
        for (String field : fields) {
            if (!has(field)) {
                error(field, field + " is required");
            }
        }
    }

    public String text(String field, int maxLength) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            error(field, field + " must be a string");
            return null;
        }
        String text = value.asText();
        String problem = TextRules.check(field, text, TextRules.Kind.NAME, maxLength);
        if (problem != null) {
            error(field, problem);
            return null;
        }
        return text;
    }

    /**
     * A free-text message: as {@link #text} but tab and line breaks are allowed (see {@link TextRules}).
     */
    public String message(String field, int maxLength) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            error(field, field + " must be a string");
            return null;
        }
        String problem = TextRules.check(field, value.textValue(), TextRules.Kind.MESSAGE, maxLength);
        if (problem != null) {
            error(field, problem);
            return null;
        }
        return value.textValue();
    }

    /** A structured value (an object stored whole): every string and key in it obeys {@link TextRules}. */
    public JsonNode rawClean(String field) {
        JsonNode value = present(field);
        String problem = JsonBodies.firstBadText(field, value);
        if (problem != null) {
            error(field, problem);
            return null;
        }
        return value;
    }

    /** A finite number. */
    public Double number(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        try {
            return finiteNumber(value, field, "invalid_number");
        } catch (FieldException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    /** A whole number >= 0 that fits in 64 bits (MT5 tickets, TTLs). */
    public Long count(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal number;
            if (value.isNumber()) {
                number = value.decimalValue();
            } else if (value.isTextual()) {
                number = new BigDecimal(value.textValue().trim());
            } else {
                error(field, field + " must be a whole number");
                return null;
            }
            long result = number.longValueExact();
            if (result < 0) {
                error(field, field + " must not be negative");
                return null;
            }
            return result;
        } catch (NumberFormatException | ArithmeticException e) {
            error(field, field + " must be a whole number between 0 and " + Long.MAX_VALUE);
            return null;
        }
    }

    /**
     * ISO-8601, epoch seconds or milliseconds, or MQL5 {@code yyyy.MM.dd HH:mm:ss} (broker time per the
     * parser), within the range of {@link TimeBounds} (1971-01-01 to now + the future bound).
     */
    public Instant timestamp(String field, TimestampParser parser) {
        Instant instant = anyTimestamp(field, parser);
        if (instant == null) {
            return null;
        }
        String problem = TimeBounds.check(field, instant, TimeBounds.latest());
        if (problem != null) {
            error(field, problem);
            return null;
        }
        return instant;
    }

    /** An expiry: a timestamp after now and at most {@link TimeBounds#maxExpiry()} ahead. */
    public Instant expiry(String field, TimestampParser parser) {
        Instant instant = anyTimestamp(field, parser);
        if (instant == null) {
            return null;
        }
        String problem = TimeBounds.checkExpiry(field, instant, Instant.now());
        if (problem != null) {
            error(field, problem);
            return null;
        }
        return instant;
    }

    private Instant anyTimestamp(String field, TimestampParser parser) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        try {
            return anyTimestamp(value, field, parser);
        } catch (FieldException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    /** One of {@code allowed}, case-insensitive. */
    public <E extends Enum<E>> E choice(String field, Class<E> type, Set<E> allowed) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        E parsed = value.isTextual() ? WireEnums.parse(type, value.textValue()).orElse(null) : null;
        if (parsed == null || !allowed.contains(parsed)) {
            error(field, field + " must be " + WireEnums.choices(allowed));
            return null;
        }
        return parsed;
    }

    public UUID uuid(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            try {
                return UUID.fromString(value.textValue().trim());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        error(field, field + " must be a signal id (a UUID)");
        return null;
    }

    /** The raw JSON of a field, for structured values such as meta. */
    public JsonNode raw(String field) {
        return present(field);
    }

    private JsonNode present(String field) {
        return present(node, field);
    }

    /** A field's problem, for the static reads: a metric-friendly reason, the field and a sentence. */
    public static final class FieldException extends RuntimeException {
        private final String reason;
        private final String field;

        public FieldException(String reason, String field, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.field = field;
        }

        public String reason() {
            return reason;
        }

        public String field() {
            return field;
        }
    }

    /** The field's value, or null when absent or JSON null. */
    public static JsonNode present(JsonNode item, String field) {
        JsonNode node = item.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A string that must be there: {@code missing_field} when absent, {@code reason} when not a string. */
    public static String requiredText(JsonNode item, String field, String reason) {
        JsonNode node = present(item, field);
        if (node == null) {
            throw new FieldException("missing_field", field, field + " is required");
        }
        if (!node.isTextual()) {
            throw new FieldException(reason, field, field + " must be a string");
        }
        return node.textValue();
    }

    /** A finite number, or null when absent; {@code reason} names a value that is none. */
    public static Double optionalNumber(JsonNode item, String field, String reason) {
        JsonNode node = present(item, field);
        return node == null ? null : finiteNumber(node, field, reason);
    }

    /** A price: present, finite and above zero ({@code missing_field}, else {@code invalid_price}). */
    public static double requiredPositive(JsonNode item, String field) {
        Double value = optionalNumber(item, field, "invalid_price");
        if (value == null) {
            throw new FieldException("missing_field", field, field + " is required");
        }
        if (value <= 0) {
            throw new FieldException("invalid_price", field, field + " must be positive (got " + value + ")");
        }
        return value;
    }

    /** A field's value as the client sent it, cut to 64 characters, for echoing back. */
    public static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        // toString() serialises through an internal ObjectMapper: too slow for every tick's ts_msc.
        return TextRules.abbreviate(node.isTextual() ? node.textValue() : node.isIntegralNumber() ? node.asText()
                : node.toString(), 64);
    }

    /**
     * A timestamp in any accepted form that must be there; the parser applies the broker offset where
     * none is explicit. Not yet range-checked: see {@link #requireInRange}.
     */
    public static Instant timestamp(JsonNode item, String field, TimestampParser parser) {
        JsonNode node = present(item, field);
        if (node == null) {
            throw new FieldException("missing_field", field, field + " is required");
        }
        return anyTimestamp(node, field, parser);
    }

    /**
     * The range of {@link TimeBounds}: {@code future_ts} after {@code latest}, {@code invalid_ts}
     * before 1971 (epoch 0 is an unset MQL5 datetime).
     */
    public static Instant requireInRange(String field, Instant ts, Instant latest) {
        String problem = TimeBounds.check(field, ts, latest);
        if (problem != null) {
            throw new FieldException(ts.isAfter(latest) ? "future_ts" : "invalid_ts", field, problem);
        }
        return ts;
    }

    private static double finiteNumber(JsonNode node, String field, String reason) {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw new FieldException(reason, field, field + " must be a number (got '"
                        + TextRules.abbreviate(node.textValue(), 64) + "')");
            }
        } else {
            throw new FieldException(reason, field, field + " must be a number");
        }
        if (!Double.isFinite(value)) {
            throw new FieldException(reason, field, field + " must be finite");
        }
        return value;
    }

    private static Instant anyTimestamp(JsonNode node, String field, TimestampParser parser) {
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return parser.fromEpochNumber(BigDecimal.valueOf(node.longValue()));
            }
            if (node.isNumber()) {
                return parser.fromEpochNumber(node.decimalValue());
            }
            if (node.isTextual()) {
                return parser.parseText(node.textValue());
            }
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw new FieldException("invalid_ts", field, field + ": "
                    + (e instanceof IllegalArgumentException ? e.getMessage() : "not a valid time"));
        }
        throw new FieldException("invalid_ts", field, field + " must be a string or a number");
    }
}

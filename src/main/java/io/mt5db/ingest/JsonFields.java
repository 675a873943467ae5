package io.mt5db.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.TextRules;

/** Field access for client JSON that may send numbers as numbers or as numeric strings. */
final class JsonFields {

    private JsonFields() {
    }

    static final class FieldException extends RuntimeException {
        final Rejection rejection;

        FieldException(String reason, String field, String message) {
            super(message, null, false, false);
            this.rejection = new Rejection(reason, field, message);
        }
    }

    static JsonNode present(JsonNode item, String field) {
        JsonNode node = item.get(field);
        return node == null || node.isNull() ? null : node;
    }

    static String requiredText(JsonNode item, String field, String reason) {
        JsonNode node = present(item, field);
        if (node == null) {
            throw new FieldException("missing_field", field, field + " is required");
        }
        if (!node.isTextual()) {
            throw new FieldException(reason, field, field + " must be a string");
        }
        return node.textValue();
    }

    /** A finite number, or null when absent. */
    static Double optionalNumber(JsonNode item, String field, String reason) {
        JsonNode node = present(item, field);
        if (node == null) {
            return null;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw new FieldException(reason, field, field + " must be a number (got '" + TextRules.abbreviate(node.textValue(), 64) + "')");
            }
        } else {
            throw new FieldException(reason, field, field + " must be a number");
        }
        if (!Double.isFinite(value)) {
            throw new FieldException(reason, field, field + " must be finite");
        }
        return value;
    }

    static double requiredPositive(JsonNode item, String field) {
        Double value = optionalNumber(item, field, "invalid_price");
        if (value == null) {
            throw new FieldException("missing_field", field, field + " is required");
        }
        if (value <= 0) {
            throw new FieldException("invalid_price", field, field + " must be positive (got " + value + ")");
        }
        return value;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        // toString() serialises through an internal ObjectMapper: too slow for every tick's ts_msc.
        return TextRules.abbreviate(node.isTextual() ? node.textValue() : node.isIntegralNumber() ? node.asText() : node.toString(), 64);
    }

    /** A timestamp in any accepted form; the parser applies the broker offset where none is explicit. */
    static java.time.Instant timestamp(JsonNode item, String field, io.mt5db.common.TimestampParser parser) {
        JsonNode node = present(item, field);
        if (node == null) {
            throw new FieldException("missing_field", field, field + " is required");
        }
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return parser.fromEpochNumber(java.math.BigDecimal.valueOf(node.longValue()));
            }
            if (node.isNumber()) {
                return parser.fromEpochNumber(node.decimalValue());
            }
            if (node.isTextual()) {
                return parser.parseText(node.textValue());
            }
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw new FieldException("invalid_ts", field, field + ": " + e.getMessage());
        }
        throw new FieldException("invalid_ts", field, field + " must be a string or a number");
    }

    /**
     * The range of {@link io.mt5db.common.TimeBounds}: {@code future_ts} after {@code latest},
     * {@code invalid_ts} before 1971 (epoch 0 is an unset MQL5 datetime).
     */
    static java.time.Instant requireInRange(String field, java.time.Instant ts, java.time.Instant latest) {
        String problem = io.mt5db.common.TimeBounds.check(field, ts, latest);
        if (problem != null) {
            throw new FieldException(ts.isAfter(latest) ? "future_ts" : "invalid_ts", field, problem);
        }
        return ts;
    }
}

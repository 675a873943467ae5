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
 * Reads the fields of one JSON object sent by an EA, collecting every problem as a {@link FieldError}
 * instead of stopping at the first. Numbers may arrive as JSON numbers or numeric strings (MQL5's
 * string building); absent and null fields read as null.
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

    public List<FieldError> errors() {
        return errors;
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
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isTextual()) {
            try {
                number = Double.parseDouble(value.textValue().trim());
            } catch (NumberFormatException e) {
                error(field, field + " must be a number (got '" + TextRules.abbreviate(value.textValue(), 64) + "')");
                return null;
            }
        } else {
            error(field, field + " must be a number");
            return null;
        }
        if (!Double.isFinite(number)) {
            error(field, field + " must be finite");
            return null;
        }
        return number;
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
        Instant instant;
        try {
            if (value.isNumber()) {
                instant = parser.fromEpochNumber(value.decimalValue());
            } else if (value.isTextual()) {
                instant = parser.parseText(value.textValue());
            } else {
                error(field, field + " must be a string or a number");
                return null;
            }
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            error(field, field + ": " + (e instanceof IllegalArgumentException ? e.getMessage() : "not a valid time"));
            return null;
        }
        return instant;
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
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }
}

package io.mt5db.ingest;

import io.mt5db.common.ApiException;
import java.util.Locale;

/** How much per-item detail an ingest response carries ({@code ?details=}). */
public enum DetailLevel {
    ALL, ERRORS, NONE;

    public static DetailLevel parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "all", "true" -> ALL;
            case "errors" -> ERRORS;
            case "none", "false" -> NONE;
            default -> throw ApiException.badRequest("details must be all, errors or none (got '" + text + "')");
        };
    }

    boolean includes(ItemStatus status) {
        return this == ALL || (this == ERRORS && status == ItemStatus.REJECTED);
    }
}

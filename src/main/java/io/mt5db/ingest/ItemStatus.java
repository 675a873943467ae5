package io.mt5db.ingest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum ItemStatus {
    INSERTED, UPDATED, DUPLICATE, REJECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

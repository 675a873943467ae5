package io.mt5db.signals.trades;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The fate of one posted trade event. */
public enum TradeItemStatus {
    INSERTED, DUPLICATE, REJECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

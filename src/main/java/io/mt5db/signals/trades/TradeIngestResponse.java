package io.mt5db.signals.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Counts and one detail per posted item, in request order. */
public record TradeIngestResponse(boolean ok, int received, int inserted, int duplicates, int rejected,
        List<Item> details) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, String accountId, Long ticket, TradeEventType event, TradeItemStatus status,
            String field, String error) {
    }
}

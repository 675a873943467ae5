package io.mt5db.ingest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The answer to a candle or tick ingest: counts and, per {@code details}, the status of each item. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResponse(boolean ok, int received, int inserted, Integer updated, int duplicates, int rejected,
        List<ItemDetail> details) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemDetail(int index, String symbol, String timeframe, String tsOriginal, Instant tsBucket,
            Instant ts, ItemStatus status, String error, String field, String reason) {
    }
}

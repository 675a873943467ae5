package io.mt5db.market;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/** A stored candle as the read API shows it, with its indicators when asked for. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CandleRow(String symbol, String timeframe, Instant ts, double open, double high, double low, double close,
        Long volume, Double spread, String source, @JsonUnwrapped @JsonInclude(JsonInclude.Include.NON_NULL) Indicators indicators) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Indicators(Double rsi, Double macd, Double macdSignal, Double macdHist, Double atr, Double bbUpper,
            Double bbMiddle, Double bbLower) {
    }
}

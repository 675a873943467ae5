package io.mt5db.signals.pauses;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to PUT /trading/pause: the scope, whether it is now paused, and the pause (null once lifted). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PauseState(String accountId, String symbol, boolean paused, TradingPause pause) {
}

package io.mt5db.signals.queue;

import io.mt5db.common.Timeframe;
import java.util.List;

/** One {@code /signals/next} poll: for whom, which symbols (empty = all), which timeframe (null = all), how many. */
public record PollRequest(String accountId, List<String> symbols, Timeframe timeframe, int limit) {
}

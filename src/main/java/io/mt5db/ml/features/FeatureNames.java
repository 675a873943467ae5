package io.mt5db.ml.features;

import java.util.List;

/**
 * The model's feature columns (SPEC section 4), in the order of every feature vector.
 *
 * <ul>
 *   <li>{@code ret_1, ret_5, ret_15}: ln(close / close of the bar 1, 5, 15 bar lengths earlier in time)</li>
 *   <li>{@code rsi}: RSI / 100</li>
 *   <li>{@code macd_rel, macd_signal_rel, macd_hist_rel, atr_rel}: the indicator divided by close</li>
 *   <li>{@code bb_pct_b}: (close - lower) / (upper - lower); {@code bb_width}: (upper - lower) / middle</li>
 *   <li>{@code spread_rel}: spread / close</li>
 *   <li>{@code volume_z}: (volume - mean) / population std over the volume window (0 when std is 0)</li>
 *   <li>{@code ma_rel}: close / mean close over the MA window (default 60 bars) - 1; the name leaves the
 *       window out so that it stays stable when the window is configured, the spec records it</li>
 *   <li>{@code tod_sin, tod_cos}: time of day (UTC) of the bar's timestamp on the unit circle</li>
 * </ul>
 */
public final class FeatureNames {

    public static final List<String> ALL = List.of("ret_1", "ret_5", "ret_15", "rsi", "macd_rel", "macd_signal_rel",
            "macd_hist_rel", "atr_rel", "bb_pct_b", "bb_width", "spread_rel", "volume_z", "ma_rel", "tod_sin",
            "tod_cos");

    /** Position of {@code ret_1} in every vector: the persistence baseline reads it. */
    public static final int RET_1 = ALL.indexOf("ret_1");

    private FeatureNames() {
    }
}

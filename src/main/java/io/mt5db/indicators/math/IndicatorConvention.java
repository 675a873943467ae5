package io.mt5db.indicators.math;

/**
 * Which reference implementation the indicator numbers reproduce.
 *
 * <ul>
 *   <li>{@link #TALIB}: TA-Lib C 0.6 (SMA-seeded EMAs and Wilder averages, RSI 0 on a flat window,
 *       MACD columns from row 33, bands from row 19).</li>
 *   <li>{@link #MT5}: MetaTrader 5 built-ins (EMAs seeded with the first close, MACD signal = SMA(9),
 *       ATR = SMA(14) of true range, RSI 50 on a flat window, bands from row 20).</li>
 * </ul>
 */
public enum IndicatorConvention {
    TALIB, MT5;

    public static IndicatorConvention defaultConvention() {
        return TALIB;
    }
}

package io.mt5db.ml;

import io.mt5db.common.SymbolName;
import io.mt5db.common.Timeframe;
import java.util.ArrayList;
import java.util.List;

/** A (symbol, timeframe) series, as configured in {@code mt5db.ml.series} (SYMBOL:TIMEFRAME). */
public record MlSeries(String symbol, Timeframe timeframe) {

    public static MlSeries parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("mt5db.ml.series entry '" + t + "' must look like EURUSD:M1");
        }
        String symbol = t.substring(0, colon);
        Timeframe tf = Timeframe.parse(t.substring(colon + 1)).orElseThrow(() -> new IllegalArgumentException(
                "mt5db.ml.series entry '" + t + "': unknown timeframe"));
        if (!SymbolName.isValid(symbol)) {
            throw new IllegalArgumentException("mt5db.ml.series entry '" + t + "': symbol must be " + SymbolName.RULE);
        }
        return new MlSeries(symbol, tf);
    }

    public static List<MlSeries> parseAll(List<String> entries) {
        List<MlSeries> out = new ArrayList<>();
        for (String e : entries) {
            if (e != null && !e.isBlank()) {
                MlSeries s = parse(e);
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    public String key() {
        return symbol + ":" + timeframe.name();
    }
}

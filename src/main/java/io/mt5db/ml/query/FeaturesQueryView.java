package io.mt5db.ml.query;

import jakarta.inject.Singleton;
import java.util.List;

/** /query?view=features: features_m1 (the seed's 10 columns) of one symbol. */
@Singleton
public class FeaturesQueryView extends M1SeriesView {

    static final List<String> COLUMNS = List.of("symbol", "ts", "close", "volume", "spread", "rsi", "macd", "macd_signal",
            "macd_hist", "atr", "ma60", "ret_1");

    public FeaturesQueryView() {
        super("features", COLUMNS, "SELECT " + String.join(", ", COLUMNS)
                + " FROM ml_features_m1(?, ?, ?) ORDER BY ts LIMIT ?", true);
    }
}

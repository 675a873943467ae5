package io.mt5db.ml.query;

import io.mt5db.market.TableQueryView;
import io.mt5db.security.Scope;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * /query?view=model_signals: the stored per-bar predictions (active and shadow), filtered on the bar's ts,
 * in insertion order. Predictions belong to no account: every read key sees them all.
 */
@Singleton
public class ModelSignalsQueryView extends TableQueryView {

    public ModelSignalsQueryView() {
        super("model_signals", Scope.READ, "model_signals", "ts", "seq", true, null,
                List.of("symbol", "timeframe", "ts", "model_version", "model_id", "prob_up", "threshold", "label",
                        "side", "shadow", "created_at"));
    }
}

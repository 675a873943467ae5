package io.mt5db.market;

import io.mt5db.security.Scope;
import jakarta.inject.Singleton;
import java.util.List;

/** /query?view=signals: the signal history; an account sees broadcast signals and its own. */
@Singleton
public class SignalsQueryView extends TableQueryView {

    public SignalsQueryView() {
        super("signals", Scope.SIGNALS, "signals", "created_at", "seq", true, "(account_id IS NULL OR account_id = ?)",
                List.of("id", "created_at", "symbol", "timeframe", "bar_ts", "side", "confidence", "prob_up",
                        "model_version", "lots", "sl_pips", "tp_pips", "ttl_sec", "expires_at", "account_id", "status"));
    }
}

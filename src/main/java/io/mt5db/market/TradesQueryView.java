package io.mt5db.market;

import io.mt5db.security.Scope;
import jakarta.inject.Singleton;
import java.util.List;

/** /query?view=trades: the EA's trade events; an account sees only its own. */
@Singleton
public class TradesQueryView extends TableQueryView {

    public TradesQueryView() {
        super("trades", Scope.SIGNALS, "trade_events", "ts", "id", false, "account_id = ?",
                List.of("id", "account_id", "ticket", "event", "symbol", "side", "volume", "price", "sl", "tp", "profit",
                        "commission", "swap", "slippage", "ts", "signal_id", "status", "message"));
    }
}

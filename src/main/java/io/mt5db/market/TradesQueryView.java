package io.mt5db.market;

import io.mt5db.security.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** /query?view=trades: the EA's trade events; an account sees only its own. */
@ApplicationScoped
public class TradesQueryView extends TableQueryView {

    private static final List<String> COLUMNS = List.of("id", "account_id", "ticket", "event", "symbol", "side",
            "volume", "price", "sl", "tp", "profit", "commission", "swap", "slippage", "ts", "signal_id", "status",
            "message");

    @Override
    public String name() {
        return "trades";
    }

    @Override
    public Scope scope() {
        return Scope.SIGNALS;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    protected String table() {
        return "trade_events";
    }

    @Override
    protected String timeColumn() {
        return "ts";
    }

    @Override
    protected String orderColumn() {
        return "id";
    }

    @Override
    protected boolean hasTimeframe() {
        return false;
    }

    @Override
    protected String accountCondition() {
        return "account_id = ?";
    }
}

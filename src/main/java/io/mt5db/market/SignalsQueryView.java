package io.mt5db.market;

import io.mt5db.security.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** /query?view=signals: the signal history; an account sees broadcast signals and its own. */
@ApplicationScoped
public class SignalsQueryView extends TableQueryView {

    private static final List<String> COLUMNS = List.of("id", "created_at", "symbol", "timeframe", "bar_ts", "side",
            "confidence", "prob_up", "model_version", "lots", "sl_pips", "tp_pips", "ttl_sec", "expires_at", "account_id",
            "status");

    @Override
    public String name() {
        return "signals";
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
        return "signals";
    }

    @Override
    protected String timeColumn() {
        return "created_at";
    }

    @Override
    protected String orderColumn() {
        return "seq";
    }

    @Override
    protected boolean hasTimeframe() {
        return true;
    }

    @Override
    protected String accountCondition() {
        return "(account_id IS NULL OR account_id = ?)";
    }
}

package io.mt5db.signals.pauses;

import io.mt5db.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;

/**
 * The kill switch. An admin may pause anything. Any other key may pause and resume only one named
 * account that it may act for (a bound key: its own), and may not lift a pause an admin set.
 */
@ApplicationScoped
public class TradingPauses {

    @Inject
    TradingPauseRepository repository;

    /**
     * @param account the resolved account (null: every account)
     * @param symbol null: every symbol
     */
    public PauseState set(String account, String symbol, boolean paused, String reason, String actor, boolean admin)
            throws SQLException {
        if (!admin && account == null) {
            throw ApiException.forbidden("Only an admin key may pause or resume trading for every account;"
                    + " name the account_id this key trades for");
        }
        if (paused) {
            return new PauseState(account, symbol, true, repository.pause(account, symbol, actor, admin, reason));
        }
        if (repository.lift(account, symbol, admin) == TradingPauseRepository.Lifted.REFUSED_ADMIN_PAUSE) {
            throw ApiException.forbidden("This pause was set by an admin; only an admin key may lift it");
        }
        return new PauseState(account, symbol, false, null);
    }

    /** Every pause, or those that apply to {@code account} (its own and the global ones). */
    public List<TradingPause> list(String account) throws SQLException {
        return repository.list(account);
    }
}

package io.mt5db.signals.pauses;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The trading_pauses table through Panache ({@link TradingPauseEntity}). The claim reads it itself
 * (see {@code SignalRepository}).
 */
@ApplicationScoped
public class TradingPauseRepository {

    /**
     * Pausing twice keeps the first pause; an admin pausing it as well makes it an admin pause. One
     * statement, so that two first pauses of a scope at once both succeed.
     */
    private static final String PAUSE = """
            INSERT INTO trading_pauses AS p (account_id, symbol, paused_by, by_admin, reason)
            VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT ON CONSTRAINT trading_pauses_scope DO UPDATE
               SET by_admin = p.by_admin OR EXCLUDED.by_admin
            RETURNING *""";

    /** What {@link #lift} did. */
    public enum Lifted {
        LIFTED, NOT_PAUSED, REFUSED_ADMIN_PAUSE
    }

    @Transactional
    public TradingPause pause(String account, String symbol, String pausedBy, boolean byAdmin, String reason) {
        TradingPauseEntity stored = (TradingPauseEntity) TradingPauseEntity.getEntityManager()
                .createNativeQuery(PAUSE, TradingPauseEntity.class)
                .setParameter(1, account).setParameter(2, symbol).setParameter(3, pausedBy)
                .setParameter(4, byAdmin).setParameter(5, reason)
                .getSingleResult();
        return stored.toPause();
    }

    /** Lifts the pause of exactly this scope; one set by an admin only when {@code mayLiftAdminPause}. */
    @Transactional
    public Lifted lift(String account, String symbol, boolean mayLiftAdminPause) {
        TradingPauseEntity existing = TradingPauseEntity.ofScope(account, symbol)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (existing == null) {
            return Lifted.NOT_PAUSED;
        }
        if (existing.byAdmin && !mayLiftAdminPause) {
            return Lifted.REFUSED_ADMIN_PAUSE;
        }
        existing.delete();
        return Lifted.LIFTED;
    }

    /** Every pause, or ({@code account} set) those that apply to the account: its own and the global ones. */
    @Transactional
    public List<TradingPause> list(String account) {
        Sort order = Sort.by("pausedAt").and("id");
        List<TradingPauseEntity> pauses = account == null ? TradingPauseEntity.listAll(order)
                : TradingPauseEntity.list("accountId is null or accountId = ?1", order, account);
        return pauses.stream().map(TradingPauseEntity::toPause).toList();
    }
}

package io.mt5db.signals.pauses;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of trading_pauses (V10): one kill switch. A small, rarely written table behind the admin
 * routes, so it is a Panache entity (docs/persistence.md); the signal claim reads the table in its
 * own SQL. New pauses are stored by {@link TradingPauseRepository}'s upsert, so the database fills
 * {@code paused_at}.
 */
@Entity
@Table(name = "trading_pauses")
public class TradingPauseEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Null: every account. */
    @Column(name = "account_id")
    public String accountId;

    /** Null: every symbol. */
    public String symbol;

    /** Set by the database (DEFAULT now()) when the pause is stored. */
    @Column(name = "paused_at", insertable = false, updatable = false)
    public Instant pausedAt;

    @Column(name = "paused_by")
    public String pausedBy;

    /** Set by an admin key: only an admin may lift it. */
    @Column(name = "by_admin")
    public boolean byAdmin;

    public String reason;

    /** The pause of exactly this scope (null account or symbol: the row that names none). */
    static PanacheQuery<TradingPauseEntity> ofScope(String account, String symbol) {
        Parameters parameters = new Parameters();
        StringBuilder query = new StringBuilder(account == null ? "accountId is null" : "accountId = :account");
        if (account != null) {
            parameters.and("account", account);
        }
        query.append(symbol == null ? " and symbol is null" : " and symbol = :symbol");
        if (symbol != null) {
            parameters.and("symbol", symbol);
        }
        return find(query.toString(), parameters);
    }

    TradingPause toPause() {
        return new TradingPause(accountId, symbol, pausedAt, pausedBy, byAdmin, reason);
    }
}

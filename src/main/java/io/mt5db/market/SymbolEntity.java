package io.mt5db.market;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of symbols (V1): a symbol's metadata, set by EAs or admins, and the digits inferred from its
 * prices. Read and set through Panache by {@link SymbolDirectory} (docs/persistence.md); ingest
 * registers symbols and raises inferred digits in its own SQL, inside its writers' transactions. A PUT
 * is stored by {@link SymbolDirectory#update}'s upsert, so the database fills {@code updated_at}.
 */
@Entity
@Table(name = "symbols")
public class SymbolEntity extends PanacheEntityBase {

    @Id
    public String symbol;

    /** Set by an EA or admin; null: inferred (see {@link #inferredDigits}). */
    public Integer digits;

    public Double point;

    @Column(name = "pip_size")
    public Double pipSize;

    @Column(name = "contract_size")
    public Double contractSize;

    public String currency;

    /** The trading sessions as JSON text (jsonb column); null when the default (FX) sessions apply. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String sessions;

    /** The most decimals seen in stored prices; raised by the aggregation. */
    @Column(name = "inferred_digits")
    public Integer inferredDigits;

    /** Set by the database (DEFAULT now(), and by every upsert). */
    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    SymbolDirectory.SymbolRecord toRecord() {
        return new SymbolDirectory.SymbolRecord(symbol, digits, point, pipSize, contractSize, currency, sessions,
                inferredDigits, updatedAt);
    }
}

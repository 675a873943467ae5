package io.mt5db.market;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;

/**
 * The {@code symbols} table: metadata set by EAs or admins, inferred digits, and a cache for ingest.
 * Metadata is read and set through Panache ({@link SymbolEntity}); the static methods run inside
 * ingest's and the aggregation's own JDBC transactions (a hot path, docs/persistence.md).
 */
@ApplicationScoped
public class SymbolDirectory {

    private static final Logger LOG = Logger.getLogger(SymbolDirectory.class);
    /** How long ingest trusts a cached scale: a PUT on another replica takes effect within it. */
    private static final long SCALE_TTL_NANOS = 10_000_000_000L;
    /** The settable metadata columns and the Java type each is bound as (a null too). */
    private static final Map<String, Class<?>> METADATA_COLUMNS = Map.of("digits", Integer.class, "point", Double.class,
            "pip_size", Double.class, "contract_size", Double.class, "currency", String.class, "sessions", String.class);
    private static final String NOTE_DIGITS = """
            INSERT INTO symbols AS s (symbol, inferred_digits) VALUES (?, ?)
            ON CONFLICT (symbol) DO UPDATE SET inferred_digits = EXCLUDED.inferred_digits, updated_at = now()
             WHERE s.inferred_digits IS NULL OR s.inferred_digits < EXCLUDED.inferred_digits
            """;

    /** A stored symbol row. sessionsJson is null when the default (FX) sessions apply. */
    public record SymbolRecord(String symbol, Integer digits, Double point, Double pipSize, Double contractSize,
            String currency, String sessionsJson, Integer inferredDigits, Instant updatedAt) {
    }

    private record CachedScale(SymbolScale scale, long loadedAt) {
    }

    private final Map<String, CachedScale> scales = new ConcurrentHashMap<>();

    /** The symbol's scale for spread conversion; never fails ingest (unknown on a read error). */
    public SymbolScale scale(String symbol) {
        long now = System.nanoTime();
        CachedScale cached = scales.get(symbol);
        if (cached != null && now - cached.loadedAt < SCALE_TTL_NANOS) {
            return cached.scale;
        }
        SymbolScale scale;
        try {
            scale = find(symbol).map(r -> new SymbolScale(r.point(), r.digits(), r.inferredDigits()))
                    .orElse(SymbolScale.UNKNOWN);
        } catch (PersistenceException e) {
            LOG.debugf("symbol scale of %s unavailable: %s", symbol, e.getMessage());
            return cached == null ? SymbolScale.UNKNOWN : cached.scale;
        }
        scales.put(symbol, new CachedScale(scale, now));
        return scale;
    }

    @Transactional
    public Optional<SymbolRecord> find(String symbol) {
        return SymbolEntity.<SymbolEntity>findByIdOptional(symbol).map(SymbolEntity::toRecord);
    }

    /** Symbols after {@code after} (exclusive, null for the first page) in name order; up to limit + 1 rows. */
    @Transactional
    public List<SymbolRecord> list(String after, int limit) {
        return SymbolEntity.<SymbolEntity>find("symbol > ?1", Sort.by("symbol"), after == null ? "" : after)
                .range(0, limit).list().stream().map(SymbolEntity::toRecord).toList();
    }

    /**
     * Sets the given metadata columns (others unchanged), creating the symbol if needed, and makes
     * ingest here see the change at once. Two first PUTs of a symbol at once both succeed.
     *
     * @param values column name → value, only from {@code SymbolService.parse}
     */
    public SymbolRecord update(String symbol, Map<String, Object> values) {
        SymbolRecord stored = upsert(symbol, values);
        scales.remove(symbol); // after the commit: a scale read in between would cache the old row
        return stored;
    }

    /** One statement, {@code INSERT … ON CONFLICT DO UPDATE} of the given columns, mapped to the entity. */
    @Transactional
    SymbolRecord upsert(String symbol, Map<String, Object> values) {
        StringBuilder columns = new StringBuilder("symbol");
        StringBuilder params = new StringBuilder("?1");
        StringBuilder set = new StringBuilder("updated_at = now()");
        int position = 2;
        for (String column : values.keySet()) {
            if (!METADATA_COLUMNS.containsKey(column)) {
                throw new IllegalArgumentException("not a metadata column: " + column);
            }
            columns.append(", ").append(column);
            params.append(column.equals("sessions") ? ", CAST(?" + position + " AS jsonb)" : ", ?" + position);
            set.append(", ").append(column).append(" = EXCLUDED.").append(column);
            position++;
        }
        String sql = "INSERT INTO symbols (" + columns + ") VALUES (" + params + ") ON CONFLICT (symbol) DO UPDATE SET "
                + set + " RETURNING *";
        @SuppressWarnings("unchecked")
        NativeQuery<SymbolEntity> query = SymbolEntity.getEntityManager().createNativeQuery(sql, SymbolEntity.class)
                .unwrap(NativeQuery.class);
        query.setParameter(1, symbol);
        position = 2;
        for (Map.Entry<String, Object> value : values.entrySet()) {
            bind(query, position++, value.getValue(), METADATA_COLUMNS.get(value.getKey()));
        }
        return query.getSingleResult().toRecord();
    }

    private static <T> void bind(NativeQuery<?> query, int position, Object value, Class<T> type) {
        query.setParameter(position, type.cast(value), type);
    }

    /** Raises the symbol's inferred digits (registering the symbol) inside a writer's transaction. */
    public static void noteInferredDigits(Connection transaction, String symbol, int digits) throws SQLException {
        try (PreparedStatement ps = transaction.prepareStatement(NOTE_DIGITS)) {
            ps.setString(1, symbol);
            ps.setInt(2, digits);
            ps.executeUpdate();
        }
    }

    /**
     * Symbols seen committed in the table. Rows are never deleted, so once an insert found every
     * symbol of a request already there, later requests for them need no statement at all (a round
     * trip less for every single-candle post). A symbol this process inserted is not remembered: its
     * transaction may still roll back.
     */
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final int KNOWN_LIMIT = 100_000;

    /** Registers symbols (no-op for known ones) inside a writer's transaction, without locking a row. */
    public static void register(Connection transaction, String[] symbols) throws SQLException {
        boolean allKnown = true;
        for (String symbol : symbols) {
            allKnown &= KNOWN.contains(symbol);
        }
        if (allKnown) {
            return;
        }
        try (PreparedStatement ps = transaction.prepareStatement(
                "INSERT INTO symbols (symbol) SELECT DISTINCT unnest(?::text[]) ON CONFLICT (symbol) DO NOTHING")) {
            ps.setArray(1, transaction.createArrayOf("text", symbols));
            if (ps.executeUpdate() == 0 && KNOWN.size() < KNOWN_LIMIT) {
                KNOWN.addAll(Arrays.asList(symbols));
            }
        }
    }

    /**
     * {@link #register} of the symbols of the inserted rows of {@code changedRows(symbol, inserted)}, as
     * one statement. A known symbol costs an index probe only: an attempted insert would check the
     * row's constraints first.
     */
    public static String registerInsertedSql(String changedRows) {
        return "INSERT INTO symbols (symbol) SELECT DISTINCT c.symbol FROM " + changedRows + " c WHERE c.inserted"
                + " AND NOT EXISTS (SELECT 1 FROM symbols s WHERE s.symbol = c.symbol) ON CONFLICT (symbol) DO NOTHING";
    }
}

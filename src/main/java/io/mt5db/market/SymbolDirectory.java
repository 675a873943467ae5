package io.mt5db.market;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** The {@code symbols} table: metadata set by EAs or admins, inferred digits, and a cache for ingest. */
@ApplicationScoped
public class SymbolDirectory {

    private static final Logger LOG = Logger.getLogger(SymbolDirectory.class);
    /** How long ingest trusts a cached scale: a PUT on another replica takes effect within it. */
    private static final long SCALE_TTL_NANOS = 10_000_000_000L;
    private static final String COLUMNS =
            "symbol, digits, point, pip_size, contract_size, currency, sessions::text, inferred_digits, updated_at";
    private static final String NOTE_DIGITS = """
            INSERT INTO symbols AS s (symbol, inferred_digits) VALUES (?, ?)
            ON CONFLICT (symbol) DO UPDATE SET inferred_digits = EXCLUDED.inferred_digits, updated_at = now()
             WHERE s.inferred_digits IS NULL OR s.inferred_digits < EXCLUDED.inferred_digits
            """;

    /** A stored symbol row. sessionsJson is null when the default (FX) sessions apply. */
    public record SymbolRecord(String symbol, Integer digits, Double point, Double pipSize, Double contractSize,
            String currency, String sessionsJson, Integer inferredDigits, Instant updatedAt) {
    }

    @Inject
    DataSource dataSource;

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
        } catch (SQLException e) {
            LOG.debugf("symbol scale of %s unavailable: %s", symbol, e.getMessage());
            return cached == null ? SymbolScale.UNKNOWN : cached.scale;
        }
        scales.put(symbol, new CachedScale(scale, now));
        return scale;
    }

    public Optional<SymbolRecord> find(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM symbols WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        }
    }

    /** Symbols after {@code after} (exclusive, null for the first page) in name order; up to limit + 1 rows. */
    public List<SymbolRecord> list(String after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM symbols WHERE symbol > ? ORDER BY symbol LIMIT ?")) {
            ps.setString(1, after == null ? "" : after);
            ps.setInt(2, limit + 1);
            List<SymbolRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(record(rs));
                }
            }
            return rows;
        }
    }

    /**
     * Sets the given metadata columns (others unchanged), creating the symbol if needed.
     *
     * @param values column name → value, only from {@link SymbolMetadataParser}
     */
    public SymbolRecord update(String symbol, Map<String, Object> values) throws SQLException {
        StringBuilder columns = new StringBuilder("symbol");
        StringBuilder params = new StringBuilder("?");
        StringBuilder set = new StringBuilder("updated_at = now()");
        for (String column : values.keySet()) {
            columns.append(", ").append(column);
            params.append(", ").append(column.equals("sessions") ? "?::jsonb" : "?");
            set.append(", ").append(column).append(" = EXCLUDED.").append(column);
        }
        String sql = "INSERT INTO symbols (" + columns + ") VALUES (" + params + ") ON CONFLICT (symbol) DO UPDATE SET "
                + set + " RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            int i = 2;
            for (Object value : values.values()) {
                ps.setObject(i++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                scales.remove(symbol);
                return record(rs);
            }
        }
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

    private static SymbolRecord record(ResultSet rs) throws SQLException {
        return new SymbolRecord(rs.getString(1), (Integer) rs.getObject(2), nullableDouble(rs, 3), nullableDouble(rs, 4),
                nullableDouble(rs, 5), rs.getString(6), rs.getString(7), (Integer) rs.getObject(8),
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}

package io.mt5db.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data-modifying statements of one transaction whose answers nobody reads, gathered and sent as one
 * statement: all but the last become data-modifying CTEs of the last. Each costs a round trip of its
 * own otherwise, and on the ingest path a round trip costs more than a small statement's work.
 * PostgreSQL runs every part exactly once and to completion, all with one snapshot and in no fixed
 * order, so parts must not touch the same rows (they write different tables here).
 */
public final class StatementBatch {

    /** Binds a part's parameters from index {@code first} on; answers the next free index. */
    @FunctionalInterface
    public interface Parameters {
        int bind(Connection c, PreparedStatement ps, int first) throws SQLException;
    }

    /** A data-modifying statement (no trailing semicolon) with {@code ?} parameters, and their binding. */
    public record Part(String sql, Parameters parameters) {
    }

    /** The combined text per sequence of parts' texts: a handful of fixed sequences, so it stays small. */
    private static final Map<List<String>, String> COMBINED = new ConcurrentHashMap<>();

    private final Connection connection;
    private final List<Part> parts = new ArrayList<>();

    public StatementBatch(Connection connection) {
        this.connection = connection;
    }

    /** The transaction, for work that does not fit a statement (a COPY) and runs at once. */
    public Connection connection() {
        return connection;
    }

    public void add(String sql, Parameters parameters) {
        parts.add(new Part(sql, parameters));
    }

    /** Runs the gathered parts as one statement, in the connection's transaction, and forgets them. */
    public void execute() throws SQLException {
        if (parts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(combined(parts.stream().map(Part::sql).toList()))) {
            int next = 1;
            for (Part part : parts) {
                next = part.parameters().bind(connection, ps, next);
            }
            ps.executeUpdate();
        }
        parts.clear();
    }

    /** The statements as one: the last one is the primary statement, the others its CTEs. */
    static String combined(List<String> statements) {
        if (statements.size() == 1) {
            return statements.get(0);
        }
        return COMBINED.computeIfAbsent(List.copyOf(statements),
                list -> withParts(null, "part", list.subList(0, list.size() - 1), list.get(list.size() - 1)));
    }

    /**
     * {@code WITH head, prefix_1 AS (part 1), … primary}: each part attached to the primary statement
     * as a data-modifying CTE, after an optional head CTE ({@code name AS (…)}, null for none) that the
     * parts and the primary statement may read. PostgreSQL runs each part exactly once.
     */
    public static String withParts(String head, String prefix, List<String> parts, String primary) {
        if (head == null && parts.isEmpty()) {
            return primary;
        }
        StringBuilder sql = new StringBuilder("WITH ");
        if (head != null) {
            sql.append(head.strip());
        }
        for (int i = 0; i < parts.size(); i++) {
            sql.append(head != null || i > 0 ? ",\n" : "").append(prefix).append('_').append(i + 1).append(" AS (")
                    .append(parts.get(i).strip()).append(')');
        }
        return sql.append('\n').append(primary.strip()).toString();
    }
}

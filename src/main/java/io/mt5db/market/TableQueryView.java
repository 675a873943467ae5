package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.Sql;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A /query view over one table: filtered by time, symbol, timeframe (when the table has one) and
 * account (when its rows belong to accounts), paged by a unique increasing column so pages never
 * skip or repeat.
 */
public abstract class TableQueryView implements QueryView {

    @Inject
    protected DataSource dataSource;

    private final String name;
    private final Scope scope;
    private final String table;
    private final String timeColumn;
    private final String orderColumn;
    private final boolean hasTimeframe;
    private final String accountCondition;
    private final List<String> columns;

    /**
     * @param table a fixed identifier, never client input
     * @param timeColumn the column that from/to filter
     * @param orderColumn a unique, increasing column: the page order and the cursor
     * @param hasTimeframe whether the timeframe filter applies
     * @param accountCondition limits rows to one account, with one parameter for the account id; null
     *        for a table whose rows belong to no account (every caller of the view's scope sees them all)
     */
    protected TableQueryView(String name, Scope scope, String table, String timeColumn, String orderColumn,
            boolean hasTimeframe, String accountCondition, List<String> columns) {
        this.name = name;
        this.scope = scope;
        this.table = table;
        this.timeColumn = timeColumn;
        this.orderColumn = orderColumn;
        this.hasTimeframe = hasTimeframe;
        this.accountCondition = accountCondition;
        this.columns = List.copyOf(columns);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Scope scope() {
        return scope;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Rows read(Request request) throws SQLException {
        long after = Long.MIN_VALUE;
        if (request.cursor() != null) {
            try {
                after = Long.parseLong(request.cursor());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Query parameter 'cursor' is not a cursor this view returned");
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", columns)).append(", ")
                .append(orderColumn).append(" FROM ").append(table).append(" WHERE ").append(timeColumn)
                .append(" >= ? AND ").append(timeColumn).append(" < ? AND ").append(orderColumn).append(" > ?");
        if (request.symbol() != null) {
            sql.append(" AND symbol = ?");
        }
        if (request.timeframe() != null && hasTimeframe) {
            sql.append(" AND timeframe = ?");
        }
        if (request.accountId() != null && accountCondition != null) {
            sql.append(" AND ").append(accountCondition);
        }
        sql.append(" ORDER BY ").append(orderColumn).append(" LIMIT ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setObject(p++, Sql.ts(request.from()));
            ps.setObject(p++, Sql.ts(request.to()));
            ps.setLong(p++, after);
            if (request.symbol() != null) {
                ps.setString(p++, request.symbol());
            }
            if (request.timeframe() != null && hasTimeframe) {
                ps.setString(p++, request.timeframe().name());
            }
            if (request.accountId() != null && accountCondition != null) {
                ps.setString(p++, request.accountId());
            }
            ps.setInt(p, request.limit() + 1);
            List<List<Object>> rows = new ArrayList<>();
            List<Long> order = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof Timestamp t ? t.toInstant() : value);
                    }
                    rows.add(row);
                    order.add(rs.getLong(columns.size() + 1));
                }
            }
            String next = null;
            if (rows.size() > request.limit()) {
                next = Long.toString(order.get(request.limit() - 1));
                rows = rows.subList(0, request.limit());
            }
            return new Rows(rows, next);
        }
    }
}

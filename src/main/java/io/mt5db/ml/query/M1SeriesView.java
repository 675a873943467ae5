package io.mt5db.ml.query;

import io.mt5db.common.ApiException;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.common.QueryParams;
import io.mt5db.market.QueryView;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A /query view over one of the seed's M1 views (features, labels, trainset) for one symbol, ascending
 * by ts, paged by ts. The SQL takes (symbol, from, to, limit) in that order.
 *
 * <p>Windowed views (features, trainset) first bound {@code to} by the candle {@code limit + 1} bars
 * after {@code from} (an index range), so that the window functions read one page of candles and the
 * planner keeps to the primary keys; such a page may hold fewer rows than the limit (trainset filters),
 * and next_cursor then continues at the bound.
 */
public abstract class M1SeriesView implements QueryView {

    @Inject
    DataSource dataSource;

    private final String name;
    private final List<String> columns;
    private final String sql;
    private final boolean boundByCandles;

    protected M1SeriesView(String name, List<String> columns, String sql, boolean boundByCandles) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.sql = sql;
        this.boundByCandles = boundByCandles;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Scope scope() {
        return Scope.READ;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Rows read(Request request) throws SQLException {
        if (request.symbol() == null) {
            throw ApiException.badRequest("The " + name + " view needs symbol (it is one M1 series per symbol)");
        }
        if (request.timeframe() != null && request.timeframe() != Timeframe.M1) {
            throw ApiException.badRequest("The " + name + " view is the seed's M1 view: timeframe must be M1 or omitted");
        }
        Instant from = request.from();
        if (request.cursor() != null) {
            from = QueryParams.time("cursor", request.cursor(), from);
        }
        int ts = columns.indexOf("ts");
        try (Connection c = dataSource.getConnection()) {
            Instant to = request.to();
            boolean bounded = false;
            if (boundByCandles) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ts FROM candles WHERE symbol = ? AND timeframe = 'M1'"
                        + " AND ts >= ? AND ts < ? ORDER BY ts OFFSET ? LIMIT 1")) {
                    ps.setString(1, request.symbol());
                    ps.setObject(2, Sql.ts(from));
                    ps.setObject(3, Sql.ts(to));
                    ps.setInt(4, request.limit() + 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            to = rs.getObject(1, OffsetDateTime.class).toInstant();
                            bounded = true;
                        }
                    }
                }
            }
            return page(c, request, from, to, bounded, ts);
        }
    }

    private Rows page(Connection c, Request request, Instant from, Instant to, boolean bounded, int ts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, request.symbol());
            ps.setObject(2, Sql.ts(from));
            ps.setObject(3, Sql.ts(to));
            ps.setInt(4, request.limit() + 1);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof Timestamp t ? t.toInstant()
                                : value instanceof OffsetDateTime o ? o.toInstant() : value);
                    }
                    rows.add(row);
                }
            }
            String next = null;
            if (rows.size() > request.limit()) {
                next = rows.get(request.limit()).get(ts).toString();
                rows = rows.subList(0, request.limit());
            } else if (bounded) {
                next = to.toString();
            }
            return new Rows(rows, next);
        }
    }
}

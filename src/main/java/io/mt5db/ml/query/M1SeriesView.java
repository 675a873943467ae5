package io.mt5db.ml.query;

import io.mt5db.common.ApiException;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.market.QueryParams;
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
 */
public abstract class M1SeriesView implements QueryView {

    @Inject
    DataSource dataSource;

    private final String name;
    private final List<String> columns;
    private final String sql;

    protected M1SeriesView(String name, List<String> columns, String sql) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.sql = sql;
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, request.symbol());
            ps.setObject(2, Sql.ts(from));
            ps.setObject(3, Sql.ts(request.to()));
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
            }
            return new Rows(rows, next);
        }
    }
}

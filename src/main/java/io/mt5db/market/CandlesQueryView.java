package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.QueryParams;
import io.mt5db.common.Sql;
import io.mt5db.security.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** /query?view=candles: the seed's market_data columns (candles with indicators) of one series. */
@ApplicationScoped
public class CandlesQueryView implements QueryView {

    private static final List<String> COLUMNS = List.of("symbol", "timeframe", "ts", "open", "high", "low", "close",
            "volume", "spread", "rsi", "macd", "macd_signal", "macd_hist", "atr", "bb_upper", "bb_middle", "bb_lower",
            "created_at", "source");
    private static final String SQL = "SELECT " + String.join(", ", COLUMNS)
            + " FROM market_data WHERE symbol = ? AND timeframe = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";

    @Inject
    DataSource dataSource;

    @Override
    public String name() {
        return "candles";
    }

    @Override
    public Scope scope() {
        return Scope.READ;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Rows read(Request request) throws SQLException {
        if (request.symbol() == null || request.timeframe() == null) {
            throw ApiException.badRequest("The candles view needs symbol and timeframe");
        }
        Instant from = request.from();
        if (request.cursor() != null) {
            from = QueryParams.time("cursor", request.cursor(), from);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, request.symbol());
            ps.setString(2, request.timeframe().name());
            ps.setObject(3, Sql.ts(from));
            ps.setObject(4, Sql.ts(request.to()));
            ps.setInt(5, request.limit() + 1);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(COLUMNS.size());
                    for (int i = 1; i <= COLUMNS.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof Timestamp t ? t.toInstant() : value);
                    }
                    rows.add(row);
                }
            }
            String next = null;
            if (rows.size() > request.limit()) {
                next = rows.get(request.limit()).get(2).toString();
                rows = rows.subList(0, request.limit());
            }
            return new Rows(rows, next);
        }
    }
}

package io.mt5db.ml.query;

import io.mt5db.common.ApiException;
import io.mt5db.common.Sql;
import io.mt5db.market.QueryView;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** /query?view=model_signals: the stored per-bar predictions (active and shadow), in insertion order. */
@Singleton
public class ModelSignalsQueryView implements QueryView {

    static final List<String> COLUMNS = List.of("symbol", "timeframe", "ts", "model_version", "model_id", "prob_up",
            "threshold", "label", "side", "shadow", "created_at");

    @Inject
    DataSource dataSource;

    @Override
    public String name() {
        return "model_signals";
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
        long after = 0;
        if (request.cursor() != null) {
            try {
                after = Long.parseLong(request.cursor());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Query parameter 'cursor' is not a cursor this view returned");
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", COLUMNS))
                .append(", seq FROM model_signals WHERE ts >= ? AND ts < ? AND seq > ?");
        if (request.symbol() != null) {
            sql.append(" AND symbol = ?");
        }
        if (request.timeframe() != null) {
            sql.append(" AND timeframe = ?");
        }
        sql.append(" ORDER BY seq LIMIT ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setObject(p++, Sql.ts(request.from()));
            ps.setObject(p++, Sql.ts(request.to()));
            ps.setLong(p++, after);
            if (request.symbol() != null) {
                ps.setString(p++, request.symbol());
            }
            if (request.timeframe() != null) {
                ps.setString(p++, request.timeframe().name());
            }
            ps.setInt(p, request.limit() + 1);
            List<List<Object>> rows = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(COLUMNS.size());
                    for (int i = 1; i <= COLUMNS.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof java.sql.Timestamp t ? t.toInstant()
                                : value instanceof OffsetDateTime o ? o.toInstant() : value);
                    }
                    rows.add(row);
                    seqs.add(rs.getLong(COLUMNS.size() + 1));
                }
            }
            String next = null;
            if (rows.size() > request.limit()) {
                next = Long.toString(seqs.get(request.limit() - 1));
                rows = rows.subList(0, request.limit());
            }
            return new Rows(rows, next);
        }
    }
}

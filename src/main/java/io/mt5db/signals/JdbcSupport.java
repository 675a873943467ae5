package io.mt5db.signals;

import io.mt5db.common.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Nullable column access and optional-filter SQL for the signal and trade repositories. */
public final class JdbcSupport {

    private JdbcSupport() {
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        return Sql.instant(rs.getObject(column, OffsetDateTime.class));
    }

    public static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    public static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** A query whose conditions apply only when their value is given. */
    public static final class Query {
        private final StringBuilder sql;
        private final List<Object> params = new ArrayList<>();

        /** {@code base} ends in a WHERE clause that the conditions extend with AND. */
        public Query(String base, Object... baseParams) {
            this.sql = new StringBuilder(base);
            params.addAll(List.of(baseParams));
        }

        /** Adds {@code condition} (one ? placeholder) when {@code value} is not null. */
        public Query and(String condition, Object value) {
            if (value != null) {
                sql.append(" AND ").append(condition);
                params.add(value);
            }
            return this;
        }

        public Query append(String text, Object... values) {
            sql.append(text);
            params.addAll(List.of(values));
            return this;
        }

        public PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql.toString());
            try {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
            return ps;
        }
    }
}

package io.mt5db.common;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small JDBC conveniences shared by the repositories. */
public final class Sql {

    private Sql() {
    }

    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    public static Array textArray(Connection c, String[] values) throws SQLException {
        return c.createArrayOf("text", values);
    }

    public static Array float8Array(Connection c, Double[] values) throws SQLException {
        return c.createArrayOf("float8", values);
    }

    public static Array int8Array(Connection c, Long[] values) throws SQLException {
        return c.createArrayOf("int8", values);
    }

    public static Array int4Array(Connection c, Integer[] values) throws SQLException {
        return c.createArrayOf("int4", values);
    }

    /** Rolls back, ignoring a failure: the connection is then broken and the pool discards it. */
    public static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}

package io.mt5db.common;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The column arrays of a batch write {@code INSERT … SELECT … FROM unnest(?, ?, …)}: one array per
 * column, read from the rows in order, bound as consecutive parameters. One round trip per batch
 * whatever its size (see ARCHITECTURE.md, hot paths).
 *
 * <pre>{@code
 * UnnestColumns.of(c, rows).text(Row::symbol).int8(Row::startMillis).float8(Row::open).bind(ps, 1);
 * }</pre>
 */
public final class UnnestColumns<T> {

    private final Connection connection;
    private final List<T> rows;
    private final List<Array> arrays = new ArrayList<>();

    private UnnestColumns(Connection connection, List<T> rows) {
        this.connection = connection;
        this.rows = rows;
    }

    public static <T> UnnestColumns<T> of(Connection connection, List<T> rows) {
        return new UnnestColumns<>(connection, rows);
    }

    public UnnestColumns<T> text(Function<? super T, String> column) throws SQLException {
        return add("text", column, new String[rows.size()]);
    }

    public UnnestColumns<T> int8(Function<? super T, Long> column) throws SQLException {
        return add("int8", column, new Long[rows.size()]);
    }

    public UnnestColumns<T> int4(Function<? super T, Integer> column) throws SQLException {
        return add("int4", column, new Integer[rows.size()]);
    }

    public UnnestColumns<T> float8(Function<? super T, Double> column) throws SQLException {
        return add("float8", column, new Double[rows.size()]);
    }

    /** The arrays in the order they were added. */
    public Array[] arrays() {
        return arrays.toArray(Array[]::new);
    }

    /** Binds the arrays from parameter {@code first} on; answers the next free parameter index. */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        int index = first;
        for (Array array : arrays) {
            ps.setArray(index++, array);
        }
        return index;
    }

    private <V> UnnestColumns<T> add(String type, Function<? super T, ? extends V> column, V[] values)
            throws SQLException {
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        arrays.add(connection.createArrayOf(type, values));
        return this;
    }
}

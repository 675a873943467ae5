package io.mt5db.aggregation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one bad row from blocking a job: a chunk runs under a savepoint; when the database refuses
 * it for its data (a value out of range, a constraint, a trigger's exception), each item is retried
 * alone and the items that still fail are skipped. Any other failure (connection, lock) is rethrown
 * so that the runner rolls the chunk back and retries it.
 */
final class BadRowIsolation {

    /** Work on some items inside the current transaction. */
    interface Work<T> {
        void run(List<T> items) throws SQLException;
    }

    private BadRowIsolation() {
    }

    /** Answers the items that had to be skipped (empty when the chunk went through). */
    static <T> List<T> run(Connection c, List<T> items, Work<T> work) throws SQLException {
        List<T> skipped = new ArrayList<>();
        if (attempt(c, items, work)) {
            return skipped;
        }
        if (items.size() == 1) {
            skipped.add(items.get(0));
            return skipped;
        }
        for (T item : items) {
            if (!attempt(c, List.of(item), work)) {
                skipped.add(item);
            }
        }
        return skipped;
    }

    private static <T> boolean attempt(Connection c, List<T> items, Work<T> work) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            work.run(items);
            c.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            c.rollback(savepoint);
            return false;
        }
    }

    /** SQLSTATE classes 22 (data exception), 23 (integrity constraint) and P0 (raised by PL/pgSQL). */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("P0"));
    }
}

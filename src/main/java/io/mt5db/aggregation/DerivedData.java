package io.mt5db.aggregation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Transaction settings for jobs whose every write can be derived again from what is stored. */
final class DerivedData {

    private DerivedData() {
    }

    /**
     * Commits without waiting for the WAL flush. Safe here: a chunk's results and the deletion of the
     * marks it consumed commit together, so a crash that loses the commit also restores the marks and
     * the next run redoes the chunk. (Ingest keeps durable commits: its 200 promises them.)
     */
    static void commitAsynchronously(Connection transaction) throws SQLException {
        try (Statement st = transaction.createStatement()) {
            st.execute("SET LOCAL synchronous_commit = off");
        }
    }
}

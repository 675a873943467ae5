package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Gathered statements run as one, each exactly once with its own parameters, in the caller's transaction. */
@QuarkusTest
class StatementBatchTest {

    @Inject
    DataSource dataSource;

    @Test
    void oneStatementIsSentAsItIsAndSeveralAsCtesOfTheLast() {
        assertEquals("INSERT INTO a VALUES (?)", StatementBatch.combined(List.of("INSERT INTO a VALUES (?)")));
        assertEquals("WITH part_1 AS (INSERT INTO a VALUES (?)),\npart_2 AS (DELETE FROM b)\nUPDATE c SET x = ?",
                StatementBatch.combined(List.of("INSERT INTO a VALUES (?)\n", "DELETE FROM b", " UPDATE c SET x = ?")));
    }

    @Test
    void everyPartRunsOnceWithItsParametersAndCommitsOrRollsBackWithTheTransaction() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE sb_a (v int)");
            st.execute("CREATE TEMP TABLE sb_b (k text PRIMARY KEY, n int)");
            st.execute("INSERT INTO sb_b VALUES ('x', 1)");
            c.setAutoCommit(false);
            StatementBatch statements = new StatementBatch(c);
            statements.add("INSERT INTO sb_a SELECT unnest(?::int4[])", (conn, ps, first) -> {
                ps.setArray(first, conn.createArrayOf("int4", new Integer[] {1, 2, 3}));
                return first + 1;
            });
            statements.add("INSERT INTO sb_b VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = sb_b.n + EXCLUDED.n",
                    (conn, ps, first) -> {
                        ps.setString(first, "x");
                        ps.setInt(first + 1, 10);
                        return first + 2;
                    });
            statements.add("INSERT INTO sb_a VALUES (?)", (conn, ps, first) -> {
                ps.setInt(first, 40);
                return first + 1;
            });
            statements.execute();
            statements.execute(); // nothing left: a second call sends nothing
            assertEquals(List.of("1", "2", "3", "40"), column(st, "SELECT v FROM sb_a ORDER BY v"));
            assertEquals(List.of("11"), column(st, "SELECT n FROM sb_b"));
            c.rollback();
            assertEquals(List.of(), column(st, "SELECT v FROM sb_a"));
            assertEquals(List.of("1"), column(st, "SELECT n FROM sb_b"));
            c.setAutoCommit(true);
            st.execute("DROP TABLE sb_a, sb_b");
        }
    }

    private static List<String> column(Statement st, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}

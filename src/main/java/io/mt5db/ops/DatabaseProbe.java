package io.mt5db.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Answers whether the database is reachable and fully migrated. */
@ApplicationScoped
public class DatabaseProbe {

    @Inject
    DataSource dataSource;

    public record Status(boolean reachable, boolean migrated, String schemaVersion, String error) {
    }

    /**
     * The last versioned migration applied, and whether all succeeded. Versions are text ('5' sorts after
     * '30'), so the latest is the one applied last: Flyway applies them in version order.
     */
    static final String LATEST_VERSION = """
            SELECT (SELECT version FROM flyway_schema_history
                     WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1),
                   bool_and(success)
              FROM flyway_schema_history WHERE version IS NOT NULL
            """;

    public Status check() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(3);
            try (ResultSet rs = st.executeQuery(LATEST_VERSION)) {
                rs.next();
                String version = rs.getString(1);
                boolean allSucceeded = rs.getBoolean(2);
                return new Status(true, version != null && allSucceeded, version, null);
            }
        } catch (SQLException e) {
            return new Status(false, false, null, "database unreachable");
        }
    }
}

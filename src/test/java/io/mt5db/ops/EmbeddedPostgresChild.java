package io.mt5db.ops;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Run in a child JVM by {@link EmbeddedPostgresRestartTest}: starts the database, commits a row, waits to be killed. */
public final class EmbeddedPostgresChild {

    private EmbeddedPostgresChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(Path.of(args[0]), 0);
        server.start();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS survivor (note text)");
            st.execute("INSERT INTO survivor VALUES ('" + args[1] + "')");
        }
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(120_000);
    }
}

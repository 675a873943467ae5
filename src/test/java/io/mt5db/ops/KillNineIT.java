package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, fault tests: the packaged app ({@code target/quarkus-app/quarkus-run.jar}, started as a
 * user starts it) is killed with SIGKILL while four clients post candle and tick batches, then
 * started again on the same data. Every batch answered 200 must be stored whole, no other batch may be
 * stored in part, and once the jobs ran (ticks to M1, roll-ups, indicators) the derived candles and
 * indicators must equal those of a clean app fed exactly the stored batches. Once on the embedded
 * PostgreSQL under the data directory (a killed JVM leaves its postmaster running: the launcher must
 * cope), once on an external PostgreSQL configured through QUARKUS_DATASOURCE_JDBC_URL: the one on
 * 127.0.0.1:5432 when it answers (trust auth), else a standalone PostgreSQL this test starts itself.
 */
class KillNineIT {

    private static final Path JAR = Path.of(System.getProperty("mt5db.app.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Path WORK = Path.of("target", "kill9-it").toAbsolutePath();
    private static final String ADMIN_KEY = "kill9-admin-key-" + UUID.randomUUID();
    private static final int BATCH = 50;
    private static final Instant ORIGIN = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    /** Ticks within the tick retention (7 days), which the restarted app's retention job applies. */
    private static final Instant TICK_ORIGIN = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedPostgresServer ownServer;
    /** The external server: postgres database URL, without user. */
    private static String externalBase;
    private static final List<String> createdDatabases = new ArrayList<>();
    private static App reference;
    private static String referenceJdbc;

    @BeforeAll
    static void referenceApp() throws Exception {
        assertTrue(Files.exists(JAR), "package the app first (mvn package): " + JAR);
        deleteTree(WORK);
        Files.createDirectories(WORK);
        if (reachable("127.0.0.1", 5432) && connects("jdbc:postgresql://127.0.0.1:5432/postgres")) {
            externalBase = "jdbc:postgresql://127.0.0.1:5432/";
        } else {
            ownServer = new EmbeddedPostgresServer(WORK.resolve("external-pg"), freePort());
            ownServer.start();
            externalBase = "jdbc:postgresql://127.0.0.1:" + ownServer.port() + "/";
        }
        referenceJdbc = createDatabase("reference");
        reference = App.start("reference", Map.of("QUARKUS_DATASOURCE_JDBC_URL", referenceJdbc));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (reference != null) {
            reference.close();
        }
        for (String url : createdDatabases) {
            String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
            try (Connection c = DriverManager.getConnection(externalBase + "postgres?user=postgres");
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // best effort
            }
        }
        if (ownServer != null) {
            ownServer.close();
        }
    }

    @Test
    void embeddedDatabase() throws Exception {
        Path data = WORK.resolve("embedded-data");
        int pgPort = freePort();
        Map<String, String> env = Map.of("MT5DB_DATA_DIR", data.toString(), "MT5DB_EMBEDDED_PORT", Integer.toString(pgPort));
        try {
            crashRestartAndCompare("KE", env, "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?user=postgres");
        } finally {
            EmbeddedPostgresServer.stopOrphanedPostmaster(data.resolve("pg"));
        }
    }

    @Test
    void externalDatabase() throws Exception {
        String jdbc = createDatabase("crash");
        crashRestartAndCompare("KX", Map.of("QUARKUS_DATASOURCE_JDBC_URL", jdbc), jdbc);
    }

    private void crashRestartAndCompare(String prefix, Map<String, String> env, String jdbc) throws Exception {
        long started = System.nanoTime();
        Map<String, Batch> batches = new ConcurrentHashMap<>();
        App app = App.start(prefix.toLowerCase(Locale.ROOT), env);
        try {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int client = t;
                clients.submit(() -> post(app, prefix, client, running, batches));
            }
            // Kill while the clients are in the middle of their batches.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acked(batches) < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            app.kill9();
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        } finally {
            app.kill9();
        }
        long acked = acked(batches);
        assertTrue(acked >= 20, "the clients had batches acknowledged before the kill: " + acked);

        App restarted = App.start(prefix.toLowerCase(Locale.ROOT) + "-restarted", env);
        try {
            int itemsChecked = 0;
            int storedUnacked = 0;
            List<Batch> stored = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(jdbc)) {
                Map<String, Integer> counts = storedPerBatch(db, prefix);
                for (Batch batch : batches.values()) {
                    int count = counts.getOrDefault(batch.id(), 0);
                    if (batch.acked()) {
                        assertEquals(BATCH, count, "acknowledged batch " + batch.id() + " is stored whole");
                        itemsChecked += count;
                    } else {
                        assertTrue(count == 0 || count == BATCH, "unacknowledged batch " + batch.id()
                                + " is stored whole or not at all, not " + count + " of " + BATCH);
                        storedUnacked += count == BATCH ? 1 : 0;
                    }
                    if (count == BATCH) {
                        stored.add(batch);
                    }
                }
                assertEquals(counts.size(), stored.size(), "no rows beyond the batches the clients sent");
            }
            // The same data, uncrashed: the reference app gets every stored batch, in the order they were sent.
            stored.sort(Comparator.comparing((Batch b) -> b.id().substring(0, b.id().indexOf('/')))
                    .thenComparingInt(b -> Integer.parseInt(b.id().substring(b.id().indexOf('/') + 1))));
            for (Batch batch : stored) {
                HttpResponse<String> r = reference.post(batch.path(), batch.body());
                assertEquals(200, r.statusCode(), r.body());
            }
            assertConverges(prefix, jdbc, referenceJdbc);
            System.out.printf(Locale.ROOT, "[kill9 %s] %d batches sent, %d acknowledged (%d items checked), %d stored "
                    + "without answer, converged with the reference; %.1f s%n", prefix, batches.size(), acked, itemsChecked,
                    storedUnacked, (System.nanoTime() - started) / 1e9);
        } finally {
            restarted.close();
        }
    }

    /** One client: candle batches (clients 0, 1) or tick batches (2, 3), each a new range of one symbol. */
    private static void post(App app, String prefix, int client, AtomicBoolean running, Map<String, Batch> batches) {
        boolean ticks = client >= 2;
        String symbol = prefix + (ticks ? "T" : "C") + client;
        for (int k = 0; running.get(); k++) {
            StringBuilder body = new StringBuilder(ticks ? "{\"ticks\":[" : "[");
            for (int i = 0; i < BATCH; i++) {
                long n = (long) k * BATCH + i;
                double price = 1.1 + 0.002 * Math.sin(n / 9.0) + 0.0001 * (n % 7);
                if (ticks) {
                    // Ticks 7 s apart: several per M1 bucket, buckets shared between neighbouring batches.
                    body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                            "{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":%.5f,\"ask\":%.5f}", symbol,
                            TICK_ORIGIN.toEpochMilli() + n * 7_000, price, price + 0.0002));
                } else {
                    double close = price + 0.0003 * Math.cos(n / 5.0);
                    body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                            "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":%.5f,\"high\":%.5f,"
                                    + "\"low\":%.5f,\"close\":%.5f,\"volume\":%d}", symbol, ORIGIN.plus(n, ChronoUnit.MINUTES),
                            price, Math.max(price, close) + 0.0004, Math.min(price, close) - 0.0004, close, 5 + n % 50));
                }
            }
            body.append(ticks ? "]}" : "]");
            Batch batch = new Batch(symbol + "/" + k, ticks ? "/ingest/tick?details=none" : "/ingest_batch?details=none",
                    body.toString(), new AtomicBoolean());
            batches.put(batch.id(), batch);
            try {
                HttpResponse<String> r = app.post(batch.path(), batch.body());
                if (r.statusCode() == 200 && r.body().contains("\"inserted\":" + BATCH)) {
                    batch.ack().set(true);
                }
            } catch (IOException | InterruptedException e) {
                return; // the server is gone: this batch's fate is unknown
            }
        }
    }

    record Batch(String id, String path, String body, AtomicBoolean ack) {
        boolean acked() {
            return ack.get();
        }
    }

    private static long acked(Map<String, Batch> batches) {
        return batches.values().stream().filter(Batch::acked).count();
    }

    /** Stored items per batch id (symbol/k), from the EA candles and the ticks of the prefix. */
    private static Map<String, Integer> storedPerBatch(Connection db, String prefix) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT symbol, floor(extract(epoch FROM ts - '" + ORIGIN + "'::timestamptz) / 60 / "
                    + BATCH + ")::bigint AS k, count(*) FROM candles WHERE symbol LIKE '" + prefix + "C%' AND timeframe = 'M1' "
                    + "AND source = 'ea' GROUP BY 1, 2")) {
                while (rs.next()) {
                    counts.put(rs.getString(1) + "/" + rs.getLong(2), rs.getInt(3));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT symbol, floor(extract(epoch FROM ts - '" + TICK_ORIGIN + "'::timestamptz) / 7 / "
                    + BATCH + ")::bigint AS k, count(*) FROM ticks WHERE symbol LIKE '" + prefix + "T%' GROUP BY 1, 2")) {
                while (rs.next()) {
                    counts.put(rs.getString(1) + "/" + rs.getLong(2), rs.getInt(3));
                }
            }
        }
        return counts;
    }

    /** Waits until the derived candles and indicators of the prefix are the same in both databases. */
    private static void assertConverges(String prefix, String crashed, String clean) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String difference = null;
        int equalInARow = 0;
        while (System.nanoTime() < deadline) {
            try (Connection a = DriverManager.getConnection(crashed); Connection b = DriverManager.getConnection(clean)) {
                List<String> candlesA = derived(a, prefix);
                List<String> candlesB = derived(b, prefix);
                difference = firstDifference("candles and indicators", candlesA, candlesB);
                boolean complete = candlesA.stream().anyMatch(l -> l.contains("|ticks|"))
                        && candlesA.stream().anyMatch(l -> l.contains("|rollup|"))
                        && candlesA.stream().anyMatch(l -> l.contains("|rsi="));
                // Equal twice, two seconds apart: both sides' jobs have finished, not merely paused alike.
                equalInARow = difference == null && complete ? equalInARow + 1 : 0;
                if (equalInARow == 2) {
                    return;
                }
                if (difference == null) {
                    difference = "the jobs have not produced tick candles, roll-ups and indicators yet";
                }
            }
            Thread.sleep(2000);
        }
        fail("the crashed database did not converge with the clean one: " + difference);
    }

    /** Every candle of the prefix that a job made (ticks, rollup) or that carries indicators, as text. */
    private static List<String> derived(Connection db, String prefix) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.symbol, c.timeframe, c.ts, c.source, c.open, c.high, c.low, c.close, c.volume, "
                        + "i.rsi, i.macd, i.macd_signal, i.macd_hist, i.atr, i.bb_upper, i.bb_middle, i.bb_lower "
                        + "FROM candles c LEFT JOIN indicators i USING (symbol, timeframe, ts) "
                        + "WHERE c.symbol LIKE '" + prefix + "%' AND (c.source <> 'ea' OR i.symbol IS NOT NULL) "
                        + "ORDER BY c.symbol, c.timeframe, c.ts")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                row.append(rs.getString(1)).append('|').append(rs.getString(2)).append('|').append(rs.getTimestamp(3).toInstant())
                        .append('|').append(rs.getString(4)).append('|');
                for (int i = 5; i <= 9; i++) {
                    row.append(value(rs, i)).append('|');
                }
                String[] names = {"rsi", "macd", "macd_signal", "macd_hist", "atr", "bb_upper", "bb_middle", "bb_lower"};
                for (int i = 0; i < names.length; i++) {
                    row.append(names[i]).append('=').append(value(rs, 10 + i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** A double to 9 significant digits: the jobs may sum in another order after a restart. */
    private static String value(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? "null" : String.format(Locale.ROOT, "%.9g", v);
    }

    private static String firstDifference(String what, List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return what + " row " + i + ": crashed " + a.get(i) + " / clean " + b.get(i);
            }
        }
        return a.size() == b.size() ? null : what + ": crashed has " + a.size() + " rows, clean " + b.size();
    }

    private static String createDatabase(String purpose) throws SQLException {
        String name = "mt5db_kill9_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(externalBase + "postgres?user=postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = externalBase + name + "?user=postgres";
        createdDatabases.add(url);
        return url;
    }

    /** The packaged app as a child process, configured through the environment as a user would. */
    static final class App implements AutoCloseable {

        private final Process process;
        private final int port;
        private final Path log;

        private App(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static App start(String name, Map<String, String> env) throws Exception {
            int port = freePort();
            Path log = WORK.resolve(name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", JAR.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("ADMIN_API_KEY", ADMIN_KEY);
            builder.environment().put("MT5DB_RATE_LIMIT_PER_SECOND", "0");
            builder.environment().put("MT5DB_LOG_JSON", "false");
            App app = new App(builder.start(), port, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!app.process.isAlive()) {
                    fail("the app exited on start; log " + log + ":\n" + tail(log));
                }
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.url("/health")))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return app;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            app.kill9();
            fail("the app did not become healthy within 120 s; log " + log + ":\n" + tail(log));
            return null;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-API-Key", ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** SIGKILL: no shutdown hook runs, the embedded postmaster (if any) is left behind. */
        void kill9() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill9();
                }
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log)";
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean connects(String url) {
        try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Path pg = dir.resolve("embedded-data").resolve("pg");
        if (Files.exists(pg)) {
            EmbeddedPostgresServer.stopOrphanedPostmaster(pg);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

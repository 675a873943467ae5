package io.mt5db.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the fuzz suite. Every route and method of the running app's OpenAPI document (read at
 * test time, so new routes are fuzzed too) gets {@link #CASES_PER_ROUTE} malformed or extreme
 * requests: bodies and query strings generated with jqwik's {@link Arbitraries} (jqwik's property
 * engine cannot run inside a {@code @QuarkusTest}, and outside a jqwik thread only
 * {@code Arbitrary.sampleStream()} is allowed, so the arbitraries are sampled from this JUnit method;
 * the structure of each case is drawn from a seeded {@link Random}, {@code -Dmt5db.fuzz.seed=N}, and
 * every failing case is printed in full). Wrong types, huge
 * and tiny numbers, NaN strings, NUL and invalid UTF-8 bytes, deep nesting, duplicate keys, extreme
 * timestamps, a few 1 MB strings per route and a handful of 100k-item batches. No response may be a
 * 5xx or show internals, and afterwards the server is healthy and the roll-up and indicator jobs
 * still process a normal bar.
 */
@QuarkusTest
class FuzzSuiteTest {

    static final int CASES_PER_ROUTE = Integer.getInteger("mt5db.fuzz.cases", 1000);
    static final long SEED = Long.getLong("mt5db.fuzz.seed", 20L);
    /** What an answer must never show: SQL, class names, stack frames. */
    static final List<String> INTERNALS = List.of("SQL", "org.", "java.", "Exception", "PSQL", "\tat ", "jakarta.",
            "io.mt5db", "io.quarkus", "io.vertx");
    /** Answers that are not errors and legitimately name classes (Prometheus labels, the API document). */
    static final Set<String> NOT_CHECKED_FOR_INTERNALS = Set.of("/metrics", "/prometheus", "/openapi");

    @Inject
    AggregationSchedule schedule;

    @Inject
    IndicatorJob indicators;

    @Inject
    DataSource dataSource;

    record Route(String method, String path, List<String> queryParams, boolean hasBody) {
        String name() {
            return method + " " + path;
        }
    }

    record Case(Route route, String pathAndQuery, byte[] body, boolean gzip, String contentType) {
    }

    @Test
    void everyRouteSurvivesMalformedAndExtremeInputAndTheJobsStillAdvance() throws Exception {
        List<Route> routes = routes();
        assertTrue(routes.size() >= 20, "routes read from /openapi: " + routes);
        Random random = new Random(SEED);
        Generators gen = new Generators(fieldNames(), random);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String base = "http://localhost:" + RestAssured.port;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, String> failures = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        long started = System.nanoTime();
        try {
            for (Route route : routes) {
                List<Case> cases = new ArrayList<>();
                for (int i = 0; i < CASES_PER_ROUTE; i++) {
                    cases.add(gen.next(route, i));
                }
                List<Future<?>> futures = new ArrayList<>();
                int slices = 4;
                for (int t = 0; t < slices; t++) {
                    int from = t;
                    futures.add(pool.submit(() -> {
                        for (int i = from; i < cases.size(); i += slices) {
                            Case c = cases.get(i);
                            send(client, base, c, failures, statuses);
                            sent.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            // A handful of 100k-item batches (slow: a few only) on the batch routes.
            for (Route route : routes) {
                if (route.hasBody() && (route.path().equals("/ingest_batch") || route.path().equals("/ingest/tick")
                        || route.path().equals("/ingest/tick/bulk"))) {
                    send(client, base, new Case(route, route.path(), gen.hugeBatch(route.path()), false,
                            "application/json"), failures, statuses);
                    sent.incrementAndGet();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf(Locale.ROOT, "fuzz: %d routes x %d cases, %d requests in %d s, statuses %s%n",
                routes.size(), CASES_PER_ROUTE, sent.get(), seconds, new TreeMap<>(statuses));
        Map<String, Long> kinds = new TreeMap<>();
        failures.forEach((k, v) -> kinds.merge(k.substring(0, k.indexOf(' ', k.indexOf(' ') + 1)) + " "
                + v.substring(0, Math.min(40, v.length())), 1L, Long::sum));
        assertTrue(failures.isEmpty(), failures.size() + " failing cases " + kinds + ", e.g. " + first(failures, 20));

        // Afterwards: healthy, and every job still advances on a normal bar.
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/health").then().statusCode(200);
        Api.admin().get("/stats").then().statusCode(200);
        Api.admin().get("/clients").then().statusCode(200);
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM trading_pauses"); // generated bodies may have paused trading
        }
        jobsStillAdvance();
    }

    private void jobsStillAdvance() throws Exception {
        String s = Api.uniqueSymbol("FUZZOK");
        Instant start = Instant.parse("2024-03-04T10:00:00Z");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double base = 1.1 + i / 10_000.0;
            items.add(String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\","
                    + "\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":4}", s, start.plusSeconds(60L * i),
                    base, base + 0.0005, base - 0.0005, base + 0.0001));
        }
        Api.ea().body("[" + String.join(",", items) + "]").post("/ingest_batch").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            schedule.runCycle();
            indicators.runOnce();
        }
        assertEquals(1, count("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M5'"
                + " AND ts = '2024-03-04T10:30:00Z'", s), "M5 roll-up of the new bars");
        assertEquals(1, count("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M15'"
                + " AND ts = '2024-03-04T10:15:00Z'", s), "M15 roll-up of the new bars");
        assertEquals(1, count("SELECT count(*) FROM indicators WHERE symbol = ? AND timeframe = 'M1'"
                + " AND ts = '2024-03-04T10:39:00Z' AND rsi IS NOT NULL", s), "indicators of the new bars");
    }

    private long count(String sql, String symbol) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String first(Map<String, String> failures, int n) {
        StringBuilder out = new StringBuilder();
        Iterator<Map.Entry<String, String>> it = new TreeMap<>(failures).entrySet().iterator();
        for (int i = 0; i < n && it.hasNext(); i++) {
            Map.Entry<String, String> e = it.next();
            out.append("\n  ").append(e.getKey()).append(" -> ").append(e.getValue());
        }
        return out.toString();
    }

    private static void send(HttpClient client, String base, Case c, Map<String, String> failures,
            Map<Integer, AtomicInteger> statuses) {
        HttpRequest.BodyPublisher publisher = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.gzip() ? gzip(c.body()) : c.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.pathAndQuery()))
                .timeout(Duration.ofSeconds(60)).header("X-API-Key", Api.ADMIN_KEY)
                .method(c.route().method(), publisher);
        if (c.body() != null) {
            b.header("Content-Type", c.contentType());
            if (c.gzip()) {
                b.header("Content-Encoding", "gzip");
            }
        }
        String key = c.route().name() + " " + abbreviate(c.pathAndQuery()) + " body=" + describe(c.body());
        try {
            HttpResponse<java.io.InputStream> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (java.io.IOException closed) {
                // The JDK client re-sends only GET on a pooled connection the server had closed after
                // its previous answer (Connection: close on 400/408/413): send once more on a new one.
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            }
            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            String text;
            try (java.io.InputStream in = r.body()) {
                // An accepted event stream never ends: its status and headers are the answer.
                boolean eventStream = r.statusCode() == 200 && r.headers().firstValue("Content-Type")
                        .orElse("").startsWith("text/event-stream");
                text = eventStream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (r.statusCode() >= 500) {
                failures.put(key, r.statusCode() + " " + abbreviate(text));
                return;
            }
            if (!NOT_CHECKED_FOR_INTERNALS.contains(c.route().path())) {
                String request = c.pathAndQuery() + (c.body() == null ? "" : new String(c.body(), StandardCharsets.UTF_8));
                for (String internal : INTERNALS) {
                    if (text.contains(internal) && !request.contains(internal)) {
                        failures.put(key, r.statusCode() + " shows '" + internal + "': " + abbreviate(text));
                        return;
                    }
                }
            }
        } catch (Exception e) {
            failures.put(key, "no answer: " + e);
        }
    }

    private static String abbreviate(String s) {
        String t = s.replace("\u0000", "\\0");
        return t.length() <= 300 ? t : t.substring(0, 300) + "...(" + t.length() + " chars)";
    }

    private static String describe(byte[] body) {
        return body == null ? "none" : abbreviate(new String(body, StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every path and method of the app's own OpenAPI document, with its declared query parameters. */
    static List<Route> routes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(RestAssured.given().get("/openapi?format=json").then()
                .statusCode(200).extract().asString());
        List<Route> routes = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase(Locale.ROOT);
            if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                return;
            }
            List<String> query = new ArrayList<>();
            for (JsonNode param : op.getValue().path("parameters")) {
                if ("query".equals(param.path("in").asText())) {
                    query.add(param.path("name").asText());
                }
            }
            for (JsonNode param : p.getValue().path("parameters")) {
                if ("query".equals(param.path("in").asText())) {
                    query.add(param.path("name").asText());
                }
            }
            boolean body = op.getValue().has("requestBody") || Set.of("POST", "PUT", "PATCH").contains(method);
            routes.add(new Route(method, p.getKey(), query, body));
        }));
        return routes;
    }

    /** Property names of every schema in the document plus those EAs send, for the bodies. */
    static List<String> fieldNames() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(RestAssured.given().get("/openapi?format=json").asString());
        Set<String> names = new LinkedHashSet<>(List.of("symbol", "timeframe", "ts", "ts_msc", "open", "high", "low",
                "close", "volume", "spread", "bid", "ask", "last", "ticks", "items", "account_id", "message", "status",
                "signal_id", "id", "ts_exec", "price", "bar_ts", "expires_at", "meta", "model_version", "name",
                "scopes", "paused", "reason", "currency", "digits", "sessions", "side", "lots", "from", "to", "limit",
                "cursor", "direction", "confidence", "ticket", "order", "result"));
        doc.path("components").path("schemas").forEach(schema -> schema.path("properties").fieldNames()
                .forEachRemaining(names::add));
        return new ArrayList<>(names);
    }

    /** The generators: jqwik arbitraries, drawn with one seeded {@link Random}. */
    static final class Generators {
        final List<String> fields;
        final Random random;
        final Iterator<String> text;
        final Iterator<String> number;
        final Iterator<String> timestamp;
        final Iterator<String> symbolish;
        final Iterator<Integer> shape;

        Generators(List<String> fields, Random random) {
            this.fields = fields;
            this.random = random;
            Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(3);
            Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                    .withChars('_', '-', '.', ' ', '%', '\'', '"', '\\', '/', ';').ofMaxLength(40);
            Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMaxLength(20);
            this.text = Arbitraries.oneOf(plain, unicode, controls,
                    Arbitraries.of("", " ", "\u0000", "A\u0000B", "\ud800", "\udfff", "\uffff", "EURUSD", "M1", "H4",
                            "MN1", "W1", "m1", "X1", "'; DROP TABLE candles; --", "${jndi:ldap://x}", "%00", "\\u0000",
                            "NaN", "Infinity", "-Infinity", "null", "true", "1e309", "🙂", "\u202e"),
                    Arbitraries.strings().ofMinLength(1).ofMaxLength(64).withCharRange('\u0000', '\u00ff'))
                    .map(s -> s.replace("SQL", "sql").replace("Exception", "exception"))
                    .sampleStream().iterator();
            this.number = Arbitraries.oneOf(
                    Arbitraries.of("0", "-0", "1", "-1", "0.0", "-0.0", "1e309", "-1e309", "1e-400", "4.9e-324",
                            "1.7976931348623157e308", "9223372036854775807", "9223372036854775808",
                            "-9223372036854775808", "-9223372036854775809", "99999999999999999999999999999999",
                            "2147483648", "-2147483649", "1.0000000000000000000000001", "\"NaN\"", "\"Infinity\"",
                            "\"-Infinity\"", "\"1.5\"", "\"abc\"", "NaN", "Infinity", "true", "null", "[]", "{}",
                            "0x10", "01", "1.", ".5", "+1", "1e", "--1"),
                    Arbitraries.longs().map(String::valueOf),
                    Arbitraries.doubles().map(d -> String.format(Locale.ROOT, "%s", d)),
                    Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(60)),
                            new java.math.BigInteger("1" + "0".repeat(60))).map(String::valueOf))
                    .sampleStream().iterator();
            this.timestamp = Arbitraries.oneOf(
                    Arbitraries.of("0", "-1", "1", "86399", "31536000", "9223372036854775807", "-9223372036854775808",
                            "253402300800", "1e20", "\"-290000-01-01T00:00:00Z\"", "\"+290000-01-01T00:00:00Z\"",
                            "\"-infinity\"", "\"infinity\"", "\"1970-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"",
                            "\"1000-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2024-13-45T25:61:61Z\"",
                            "\"2024-02-30T00:00:00Z\"", "\"2024-01-01\"", "\"2024.01.01 10:00\"", "\"\"", "\"now\"",
                            "\"2024-01-01T00:00:00+25:00\"", "\"2024-01-01T00:00:00.123456789123Z\"",
                            "\"2024-07-01T00:00:00Z\"", "1719792000", "1719792000000", "\"NaN\""),
                    Arbitraries.longs().map(String::valueOf),
                    Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
                            .map(l -> "\"" + Instant.ofEpochSecond(l) + "\""))
                    .sampleStream().iterator();
            this.symbolish = Arbitraries.oneOf(
                    Arbitraries.of("EURUSD", "FUZZ1", "", "A\u0000B", "x".repeat(200), "..", "%2F", "../admin",
                            "\u00ff\u00fe", "M1", "NaN"),
                    Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40))
                    .sampleStream().iterator();
            this.shape = Arbitraries.integers().between(0, 99).sampleStream().iterator();
        }

        String draw(Iterator<String> g) {
            return g.next();
        }

        String jsonString(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char ch : s.toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    out.append('\\').append(ch);
                } else if (ch < 0x20 || Character.isSurrogate(ch)) {
                    // Half of them escaped, half raw (raw control characters are invalid JSON).
                    if (random.nextBoolean()) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                } else {
                    out.append(ch);
                }
            }
            return out.append('"').toString();
        }

        String value(String field, int depth) {
            int k = random.nextInt(100);
            if (depth > 2 || k < 50) {
                return switch (field) {
                    case "ts", "bar_ts", "ts_exec", "expires_at", "from", "to", "ts_msc" -> draw(timestamp);
                    case "open", "high", "low", "close", "volume", "spread", "bid", "ask", "last", "price", "lots",
                            "digits", "limit", "id", "signal_id", "confidence", "ticket" -> draw(number);
                    case "symbol", "timeframe" -> jsonString(draw(symbolish));
                    default -> random.nextBoolean() ? jsonString(draw(text)) : draw(number);
                };
            }
            if (k < 62) {
                return draw(number);
            }
            if (k < 74) {
                return jsonString(draw(text));
            }
            if (k < 80) {
                return draw(timestamp);
            }
            if (k < 86) {
                return random.nextBoolean() ? object(depth + 1) : "[" + object(depth + 1) + "]";
            }
            if (k < 90) {
                return "[" + value(field, depth + 1) + "," + value(field, depth + 1) + "]";
            }
            return List.of("null", "true", "false", "{}", "[]", "\"\"").get(random.nextInt(6));
        }

        String object(int depth) {
            StringBuilder out = new StringBuilder("{");
            int n = random.nextInt(Math.min(fields.size(), 12) + 1);
            for (int i = 0; i < n; i++) {
                String field = random.nextInt(10) == 0 ? draw(text) : fields.get(random.nextInt(fields.size()));
                out.append(i > 0 ? "," : "").append(jsonString(field)).append(':').append(value(field, depth));
                if (random.nextInt(8) == 0) { // duplicate key
                    out.append(',').append(jsonString(field)).append(':').append(value(field, depth));
                }
            }
            return out.append('}').toString();
        }

        /** A near-valid candle or tick with one field broken, so that the deeper checks are reached. */
        String nearValid() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("symbol", "\"FUZZ" + random.nextInt(5) + "\"");
            m.put("timeframe", "\"M1\"");
            m.put("ts", "\"2024-07-01T00:0" + random.nextInt(10) + ":00Z\"");
            m.put("ts_msc", "171979200" + random.nextInt(10) + "000");
            m.put("open", "1.1");
            m.put("high", "1.2");
            m.put("low", "1.0");
            m.put("close", "1.15");
            m.put("bid", "1.1");
            m.put("ask", "1.2");
            m.put("volume", "10");
            m.put("account_id", "\"FUZZACC\"");
            m.put("message", "\"ok\"");
            m.put("status", "\"filled\"");
            List<String> keys = new ArrayList<>(m.keySet());
            String broken = keys.get(random.nextInt(keys.size()));
            m.put(broken, value(broken, 0));
            StringBuilder out = new StringBuilder("{");
            m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return out.append('}').toString();
        }

        byte[] body(Route route, int i) {
            int s = shape.next();
            String json;
            if (i < 2) { // a 1 MB string, twice per route
                json = "{\"symbol\":\"" + "S".repeat(1 << 20) + "\",\"message\":\"" + "m".repeat(1 << 10) + "\"}";
            } else if (s < 30) {
                json = object(0);
            } else if (s < 50) {
                json = nearValid();
            } else if (s < 62) {
                StringBuilder a = new StringBuilder("[");
                int n = random.nextInt(50) + 1;
                for (int j = 0; j < n; j++) {
                    a.append(j > 0 ? "," : "").append(random.nextBoolean() ? nearValid() : object(0));
                }
                json = a.append(']').toString();
            } else if (s < 68) {
                String wrapper = List.of("ticks", "items", "candles", "signals").get(random.nextInt(4));
                json = "{\"" + wrapper + "\":" + (random.nextBoolean() ? "[" + nearValid() + "," + object(0) + "]"
                        : value(wrapper, 0)) + "}";
            } else if (s < 72) { // deep nesting
                int depth = random.nextBoolean() ? 10_000 : 1 + random.nextInt(600);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                json = open.repeat(depth) + "1" + close.repeat(depth);
            } else if (s < 78) { // scalars and wrong top-level types
                json = value("x", 3);
            } else if (s < 84) { // truncated
                String full = random.nextBoolean() ? nearValid() : object(0);
                json = full.substring(0, random.nextInt(full.length() + 1));
            } else if (s < 90) { // invalid UTF-8 bytes inside a near-valid body
                byte[] good = nearValid().getBytes(StandardCharsets.UTF_8);
                byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        {(byte) 0xc0, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0}};
                byte[] b = bad[random.nextInt(bad.length)];
                int at = 1 + random.nextInt(good.length - 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(good, 0, at);
                out.write(b, 0, b.length);
                out.write(good, at, good.length - at);
                return out.toByteArray();
            } else if (s < 95) { // random bytes
                byte[] b = new byte[random.nextInt(200)];
                random.nextBytes(b);
                return b;
            } else { // a long (64 KiB) string in a near-valid body
                json = nearValid().replace("\"ok\"", jsonString("x".repeat(65_536)));
            }
            return json.getBytes(StandardCharsets.UTF_8);
        }

        String pathValue() {
            int k = random.nextInt(10);
            if (k < 3) {
                return List.of("0", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
                        "1e3", "NaN", "%00", "%FF%FE", "%C3%28", "..%2F..", "%20", "x".repeat(300), "-9223372036854775808")
                        .get(random.nextInt(14));
            }
            String v = encode(random.nextBoolean() ? draw(symbolish) : draw(text));
            // Never a small number: DELETE /admin/keys/{id} must not revoke the keys the tests use.
            return v.matches("[0-9]{1,9}") ? "x" + v : v;
        }

        String encode(String s) {
            StringBuilder out = new StringBuilder();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                        || c == '.') {
                    out.append((char) c);
                } else {
                    out.append('%').append(String.format(Locale.ROOT, "%02X", c));
                }
            }
            return out.toString();
        }

        String queryValue(String name) {
            int k = random.nextInt(12);
            if (k == 0) { // raw invalid UTF-8 and NUL, percent-encoded
                return List.of("%00", "%FF", "%C3%28", "%ED%A0%80", "A%00B", "%C0%80", "%E2%82", "%2500", "%FF%FF%FF")
                        .get(random.nextInt(9));
            }
            if (k == 1) {
                return "x".repeat(random.nextBoolean() ? 1000 : 3000);
            }
            String raw = switch (name) {
                case "from", "to", "since", "until", "ts" -> draw(timestamp).replace("\"", "");
                case "limit", "offset", "id", "after", "before", "digits" -> draw(number).replace("\"", "");
                case "symbol", "timeframe" -> draw(symbolish);
                default -> random.nextBoolean() ? draw(text) : draw(number);
            };
            return encode(raw);
        }

        String query(Route route) {
            List<String> names = new ArrayList<>(route.queryParams());
            names.addAll(List.of("symbol", "timeframe", "from", "to", "limit", "account_id", "cursor"));
            Collections.shuffle(names, random);
            int n = random.nextInt(Math.min(names.size(), 6) + 1);
            StringBuilder q = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String name = names.get(i);
                q.append(q.length() == 0 ? "?" : "&").append(name).append('=').append(queryValue(name));
                if (random.nextInt(6) == 0) { // duplicate parameter
                    q.append('&').append(name).append('=').append(queryValue(name));
                }
            }
            if (random.nextInt(10) == 0) {
                q.append(q.length() == 0 ? "?" : "&").append(encode(draw(text))).append('=').append(queryValue("x"));
            }
            return q.toString();
        }

        Case next(Route route, int i) {
            StringBuilder path = new StringBuilder();
            for (String part : route.path().split("/", -1)) {
                if (path.length() > 0 || !part.isEmpty()) {
                    path.append('/');
                }
                if (part.startsWith("{")) {
                    path.append(pathValue());
                } else {
                    path.append(part);
                }
            }
            String p = path.length() == 0 ? "/" : path.toString();
            boolean withQuery = !route.hasBody() || random.nextInt(3) == 0;
            String pq = p + (withQuery ? query(route) : "");
            if (!route.hasBody()) {
                return new Case(route, pq, null, false, null);
            }
            String contentType = random.nextInt(20) == 0
                    ? List.of("text/plain", "application/xml", "application/json; charset=latin1", "*/*").get(random.nextInt(4))
                    : "application/json";
            return new Case(route, pq, body(route, i), random.nextInt(25) == 0, contentType);
        }

        /** 100k items in one request. */
        byte[] hugeBatch(String path) {
            StringBuilder b = new StringBuilder(path.startsWith("/ingest/tick") ? "{\"ticks\":[" : "[");
            for (int j = 0; j < 100_000; j++) {
                b.append(j > 0 ? "," : "");
                if (path.startsWith("/ingest/tick")) {
                    b.append("{\"symbol\":\"FUZZBIG\",\"ts_msc\":").append(1719792000000L + j).append(",\"bid\":1.1,\"ask\":1.2}");
                } else {
                    b.append("{\"symbol\":\"FUZZBIG\",\"timeframe\":\"M1\",\"ts\":").append(1719792000L + 60L * j)
                            .append(",\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.15}");
                }
            }
            b.append(path.startsWith("/ingest/tick") ? "]}" : "]");
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}

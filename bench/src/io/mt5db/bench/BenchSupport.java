package io.mt5db.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What every load generator needs: the app's coordinates (from bench/lib.sh), an HTTP client for
 * 127.0.0.1 only, latency percentiles, and a results file under bench/results/.
 */
public final class BenchSupport {

    public final String baseUrl = env("APP_URL", "http://127.0.0.1:18080");
    public final String adminKey = env("ADMIN_KEY", "");
    public final String jdbcUrl = env("JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/postgres?user=postgres");
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public BenchSupport() {
        if (!URI.create(baseUrl).getHost().startsWith("127.") && !URI.create(baseUrl).getHost().equals("localhost")) {
            throw new IllegalStateException("benchmarks send traffic to 127.0.0.1 only, not " + baseUrl);
        }
    }

    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public HttpResponse<String> post(String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a prepared body (the load generators render bodies before the clock starts). */
    public HttpResponse<String> post(String path, String key, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET();
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a key through the admin API; answers the key. */
    public String createKey(String name, String scopesJson, String accountId) throws IOException, InterruptedException {
        String body = "{\"name\":\"" + name + "\",\"scopes\":" + scopesJson
                + (accountId == null ? "" : ",\"account_id\":\"" + accountId + "\"") + "}";
        HttpResponse<String> response = post("/admin/keys", adminKey, body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("key creation failed: " + response.statusCode() + " " + response.body());
        }
        return jsonString(response.body(), "key");
    }

    /** The string value of a top-level field, for the few fields a generator reads back. */
    public static String jsonString(String json, String field) {
        String marker = "\"" + field + "\":\"";
        int start = json.indexOf(marker);
        if (start < 0) {
            return null;
        }
        start += marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** The integer value of a top-level field (the first occurrence), or -1 when absent. */
    public static long jsonLong(String json, String field) {
        String marker = "\"" + field + "\":";
        int start = json.indexOf(marker);
        if (start < 0) {
            return -1;
        }
        int at = start + marker.length();
        int end = at;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return end == at ? -1 : Long.parseLong(json.substring(at, end));
    }

    /** Percentile (0..100) of latencies in nanoseconds, answered in milliseconds. */
    public static double percentileMs(long[] nanos, double percentile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** Writes bench/results/NAME-DATE.json (nested maps and lists of numbers, booleans and strings). */
    public static Path writeResults(String name, Map<String, Object> results) throws IOException {
        Path dir = Path.of(env("BENCH_RESULTS_DIR", "bench/results"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + "-" + LocalDate.now() + ".json");
        Files.writeString(file, toJson(results, "") + "\n", StandardCharsets.UTF_8);
        return file;
    }

    public static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }

    static String toJson(Object value, String indent) {
        if (value instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(indent).append("  ").append(quoted(String.valueOf(e.getKey()))).append(": ").append(toJson(e.getValue(), indent + "  "));
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            return sb.append(indent).append('}').toString();
        }
        if (value instanceof java.util.List<?> list) {
            StringBuilder sb = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                sb.append(indent).append("  ").append(toJson(list.get(i), indent + "  "));
                sb.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            return sb.append(indent).append(']').toString();
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return value == null ? "null" : quoted(value.toString());
    }

    /** A JSON string; keys too (Prometheus series names carry quotes: {type="candle"}). */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

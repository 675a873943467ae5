package io.mt5db.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The EA's HTTP side: every request carries the key, the EA's {@code User-Agent} and the broker
 * offset; a 429 or 503 is retried after its {@code Retry-After} (bounded), as the EA does; bodies are
 * sent without a trailing NUL. Counts every status it saw for the report.
 */
final class EaClient {

    static final String USER_AGENT = "MT5TradingDB-EA/1.0 (simulator)";
    static final int MAX_RETRIES = 10;

    /** A response: status and parsed JSON body (null when the body was not JSON). */
    record Reply(int status, JsonNode body, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * HTTP/1.1 as MetaTrader's WebRequest speaks it. (The JDK client would otherwise try an h2c upgrade;
     * the server answers an upgraded request with a body 500 "Request has already been read".)
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String baseUrl;
    private final String brokerOffset;
    private final LongConsumer sleeper;
    final Map<Integer, Integer> statuses = new TreeMap<>();
    int retriesHonoured;

    EaClient(String baseUrl, String brokerOffset, LongConsumer sleeper) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.brokerOffset = brokerOffset;
        this.sleeper = sleeper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    static String query(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Reply get(String key, String pathAndQuery) throws IOException, InterruptedException {
        return send(key, "GET", pathAndQuery, null);
    }

    Reply post(String key, String path, Object body) throws IOException, InterruptedException {
        return send(key, "POST", path, mapper.writeValueAsBytes(body));
    }

    Reply put(String key, String path, Object body) throws IOException, InterruptedException {
        return send(key, "PUT", path, mapper.writeValueAsBytes(body));
    }

    private Reply send(String key, String method, String path, byte[] body) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", key).header("User-Agent", USER_AGENT).header("Accept", "application/json");
            if (brokerOffset != null) {
                b.header("X-Broker-Offset", brokerOffset);
            }
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            statuses.merge(status, 1, Integer::sum);
            if ((status == 429 || status == 503) && attempt < MAX_RETRIES) {
                long seconds = response.headers().firstValue("Retry-After").map(EaClient::seconds).orElse(1L);
                retriesHonoured++;
                sleeper.accept(Math.max(1, seconds) * 1000L);
                continue;
            }
            JsonNode json = null;
            String text = response.body();
            if (text != null && !text.isBlank()) {
                try {
                    json = mapper.readTree(text);
                } catch (IOException e) {
                    json = null;
                }
            }
            return new Reply(status, json, text);
        }
    }

    private static long seconds(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

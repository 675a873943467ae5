package io.mt5db.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads a /stream response line by line on its own thread (REST Assured cannot read SSE incrementally). */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One received event. */
    public record Event(long id, String type, JsonNode data, String rawData) {
    }

    final int status;
    final String contentType;
    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(String key, String query) {
        return open(key, query, null);
    }

    public static SseClient open(String key, String query, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/stream" + (query == null ? "" : "?" + query)))
                .header("Accept", "text/event-stream");
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long id = -1;
            String type = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        String raw = data.toString();
                        JsonNode node = raw.startsWith("{") ? JSON.readTree(raw) : null;
                        events.add(new Event(id, type, node, raw));
                    }
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    /** The next received event, or null when none came before the deadline (System.nanoTime()). */
    private Event next(long deadline) {
        long left = deadline - System.nanoTime();
        try {
            return left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The next event of the type that satisfies the test, skipping others; fails after the timeout. */
    public Event await(String type, Predicate<Event> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            Event e = next(deadline);
            if (e == null) {
                throw new AssertionError("no " + type + " event within " + timeout + "; skipped " + skipped);
            }
            if (e.type().equals(type) && test.test(e)) {
                return e;
            }
            skipped.add(e.type() + ":" + e.id());
        }
    }

    public Event await(String type, Predicate<Event> test) {
        return await(type, test, Duration.ofSeconds(10));
    }

    /** Every event up to and including the first that satisfies the test; fails after the timeout. */
    public List<Event> until(Predicate<Event> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        while (true) {
            Event e = next(deadline);
            if (e == null) {
                throw new AssertionError("the awaited event did not come within " + timeout + "; got " + out);
            }
            out.add(e);
            if (test.test(e)) {
                return out;
            }
        }
    }

    /** Every event received within the duration (for asserting what did not come). */
    public List<Event> drain(Duration quiet) {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e != null) {
                    out.add(e);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // gone
        }
    }
}

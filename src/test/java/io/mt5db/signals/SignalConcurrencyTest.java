package io.mt5db.signals;

import static io.mt5db.signals.SignalApi.account;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real threads polling and acking at once: the queue's guarantees under contention. */
@QuarkusTest
class SignalConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 60_000;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void tenPollersOfOneAccountGetEachOfHundredSignalsExactlyOnce() throws Exception {
        String symbol = Api.uniqueSymbol("CONC");
        String account = account("conc");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            created.add(create(symbol));
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> delivered = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> pollers = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            pollers.add(pool.submit(poller(account, symbol, producing, delivered, start)));
        }
        start.countDown();
        // The other half arrives while the pollers compete.
        for (int i = 0; i < 50; i++) {
            created.add(create(symbol));
        }
        producing.set(false);
        for (Future<?> poller : pollers) {
            poller.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        }
        assertDeliveredExactlyOnce(created, new ArrayList<>(delivered));
    }

    @Test
    void fiveAccountsEachGetEveryBroadcastSignalExactlyOnce() throws Exception {
        String symbol = Api.uniqueSymbol("BCST");
        List<String> accounts = List.of(account("b1"), account("b2"), account("b3"), account("b4"), account("b5"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(create(symbol));
        }
        AtomicBoolean producing = new AtomicBoolean(false);
        Map<String, ConcurrentLinkedQueue<String>> delivered = new HashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> pollers = new ArrayList<>();
        for (String account : accounts) {
            ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
            delivered.put(account, ids);
            for (int p = 0; p < 2; p++) {
                pollers.add(pool.submit(poller(account, symbol, producing, ids, start)));
            }
        }
        start.countDown();
        for (Future<?> poller : pollers) {
            poller.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        }
        for (String account : accounts) {
            assertDeliveredExactlyOnce(created, new ArrayList<>(delivered.get(account)));
        }
    }

    @Test
    void concurrentConflictingAcksRecordExactlyOneOutcome() throws Exception {
        String symbol = Api.uniqueSymbol("RACE");
        String account = account("race");
        String id = create(symbol);
        assertEquals(List.of(id), pollOnce(account, symbol, 1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> acks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String status = i % 2 == 0 ? "FILLED" : "REJECTED";
            acks.add(pool.submit(() -> {
                start.await();
                return post("/signals/ack", SignalApi.ackBody(id, account, status));
            }));
        }
        start.countDown();
        Map<Integer, Set<String>> bodiesByStatus = new ConcurrentHashMap<>();
        String winner = null;
        for (Future<HttpResponse<String>> ack : acks) {
            HttpResponse<String> response = ack.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
            bodiesByStatus.computeIfAbsent(response.statusCode(), code -> new HashSet<>()).add(response.body());
            if (response.statusCode() == 200) {
                winner = JSON.readTree(response.body()).get("status").asText();
            }
        }
        assertEquals(Set.of(200, 409), bodiesByStatus.keySet());
        // Every 200 is the same stored ack; every 409 asked for the other outcome.
        assertEquals(1, bodiesByStatus.get(200).size());
        String stored = JSON.readTree(get("/signals/" + id + "?account_id=" + account).body())
                .get("deliveries").get(0).get("status").asText();
        assertEquals(winner, stored);
    }

    private Callable<Void> poller(String account, String symbol, AtomicBoolean producing,
            ConcurrentLinkedQueue<String> delivered, CountDownLatch start) {
        return () -> {
            start.await();
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (System.currentTimeMillis() < deadline) {
                boolean stillProducing = producing.get();
                List<String> ids = pollOnce(account, symbol, 1 + ThreadLocalRandom.current().nextInt(3));
                delivered.addAll(ids);
                if (ids.isEmpty() && !stillProducing) {
                    return null;
                }
            }
            throw new AssertionError("poller did not drain the queue in time");
        };
    }

    private static void assertDeliveredExactlyOnce(List<String> created, List<String> delivered) {
        Map<String, Integer> counts = new HashMap<>();
        delivered.forEach(id -> counts.merge(id, 1, Integer::sum));
        List<String> duplicates = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertThat("delivered more than once", duplicates, empty());
        Set<String> missing = new HashSet<>(created);
        missing.removeAll(counts.keySet());
        assertThat("never delivered", missing, empty());
        assertEquals(created.size(), delivered.size());
    }

    private List<String> pollOnce(String account, String symbol, int limit) throws Exception {
        HttpResponse<String> response = get("/signals/next?account_id=" + account + "&symbols=" + symbol + "&limit=" + limit);
        if (response.statusCode() != 200) {
            throw new AssertionError("poll answered " + response.statusCode() + ": " + response.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode signal : JSON.readTree(response.body()).get("signals")) {
            ids.add(signal.get("id").asText());
        }
        return ids;
    }

    private String create(String symbol) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/signals")).header("X-API-Key", Api.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"side\":\"BUY\"}")));
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", Api.EA_KEY).GET());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", Api.EA_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }
}

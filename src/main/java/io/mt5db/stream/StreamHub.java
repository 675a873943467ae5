package io.mt5db.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mt5db.common.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one database reader of this process: numbers pending events (when no other replica is doing
 * so), reads new events every poll interval and fans each out to the clients whose filter it
 * matches; sends heartbeats and prunes events past the resume window. Resuming clients read their
 * missed events themselves once, then join the live fan-out without gap or duplicate.
 */
@ApplicationScoped
public class StreamHub implements StreamClient.Events {

    private static final Logger LOG = Logger.getLogger(StreamHub.class);

    @Inject
    StreamRepository repository;

    @Inject
    StreamConfig config;

    /** The role's switch (ops.RoleConfig), read as a property: features do not depend on ops. */
    @Inject
    @ConfigProperty(name = "mt5db.http.api-enabled", defaultValue = "true")
    boolean apiEnabled;

    @Inject
    MeterRegistry registry;

    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();
    private Counter dropped;
    private volatile ScheduledExecutorService executor;
    // Start and stop hold their own lock: stopping waits for the reader, which may need the hub's lock.
    private final Object lifecycle = new Object();
    // The last event id fanned out; written under this object's lock.
    private volatile long head;

    void onStart(@Observes StartupEvent event) {
        dropped = Counter.builder("stream.clients.dropped").description("Stream clients dropped for falling behind")
                .register(registry);
        Gauge.builder("stream.clients.connected", clients, Set::size).description("Connected stream clients")
                .register(registry);
        for (String type : List.of(StreamEvent.CANDLE, StreamEvent.SIGNAL, StreamEvent.MODEL, StreamEvent.HEARTBEAT,
                StreamEvent.RESET, StreamEvent.DROPPED)) {
            sentCounter(type);
        }
        if (isEnabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public boolean isEnabled() {
        return config.enabled() && apiEnabled;
    }

    private void start() {
        synchronized (lifecycle) {
            startReader();
        }
    }

    private void startReader() {
        try {
            head = repository.headId();
        } catch (SQLException e) {
            // The reader starts from what it finds on its first successful read.
            LOG.warnf("stream: could not read the newest event id (%s); starting from 0", e.getMessage());
            head = -1;
        }
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-reader");
            t.setDaemon(true);
            return t;
        });
        long poll = Math.max(10, config.pollInterval().toMillis());
        ex.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        long beat = Math.max(100, config.heartbeatInterval().toMillis());
        ex.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        long prune = Math.max(1_000, Math.min(60_000, config.retention().toMillis() / 10));
        ex.scheduleWithFixedDelay(this::prune, prune, prune, TimeUnit.MILLISECONDS);
        executor = ex;
    }

    private void stop() {
        synchronized (lifecycle) {
            stopReader();
        }
    }

    private void stopReader() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (StreamClient client : clients) {
            client.abort();
        }
        clients.clear();
    }

    /** Forgets everything held in memory and starts again from the database, as a restarted process would. */
    void restart() {
        synchronized (lifecycle) {
            stopReader();
            startReader();
        }
    }

    /** Numbers and fans out what is pending now, on the reader's thread, and waits for it (tests skip the poll wait). */
    void pollNow() throws Exception {
        executor.submit(this::poll).get();
    }

    /** The reader's periodic work: number what is pending, read what is new, fan it out. */
    private void poll() {
        try {
            if (head < 0) {
                head = repository.headId();
            }
            for (int round = 0; round < 20 && repository.sequence(config.sequenceBatch()) > 0; round++) {
                // numbered a batch; more may wait
            }
            if (clients.isEmpty()) {
                // Nobody to render events for: skip them (a resuming client reads its own from the table).
                long newest = repository.headId();
                synchronized (this) {
                    if (clients.isEmpty() && newest > head) {
                        head = newest;
                    }
                }
                return;
            }
            List<StreamRepository.Row> rows;
            do {
                awaitRoomForABatch();
                rows = repository.read(head, Long.MAX_VALUE, config.readBatch());
                fanOut(rows);
            } while (rows.size() == config.readBatch());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("stream: reading events failed (%s); retried next poll", e.getMessage());
        }
    }

    /**
     * Paces the reader to its clients: the next batch is read once every live client has room for it.
     * A client whose queue has not moved for the drop grace is dropped at once; one that is reading
     * but slowly is waited for, all together at most the drop grace, and then dropped. So a burst
     * (a bulk import, a catch-up after an outage) reaches every reading client whole, and a client
     * that does not keep up costs the others at most one grace of delay.
     */
    private void awaitRoomForABatch() {
        int batch = config.readBatch() + 2;
        long grace = config.dropGrace().toNanos();
        long deadline = System.nanoTime() + grace;
        while (true) {
            boolean waiting = false;
            long now = System.nanoTime();
            for (StreamClient client : clients) {
                if (!client.live || client.isClosed() || client.queue.isClosing() || client.queue.hasRoom(batch)) {
                    continue;
                }
                if (now - client.queue.lastProgressNanos() > grace || now - deadline >= 0) {
                    client.drop();
                } else {
                    waiting = true;
                }
            }
            if (!waiting) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void fanOut(List<StreamRepository.Row> rows) {
        for (StreamRepository.Row row : rows) {
            if (row.id() <= head) {
                continue;
            }
            StreamEvent event = row.event().orElse(null);
            for (StreamClient client : clients) {
                if (!client.live || client.position >= row.id()) {
                    continue;
                }
                if (event != null && client.filter.matches(event)) {
                    client.offer(event);
                }
                client.position = row.id();
            }
            head = row.id();
        }
    }

    private synchronized void heartbeat() {
        String now = Instant.now().toString();
        for (StreamClient client : clients) {
            if (client.isClosed()) {
                client.close();
            } else if (client.live) {
                client.offer(heartbeatEvent(client.position, now));
            }
        }
    }

    private static StreamEvent heartbeatEvent(long lastId, String now) {
        return StreamEvent.control(lastId, StreamEvent.HEARTBEAT, "{\"ts\":\"" + now + "\",\"last_id\":" + lastId + "}");
    }

    private void prune() {
        try {
            repository.prune(config.retention());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("stream: pruning events failed (%s); retried later", e.getMessage());
        }
    }

    /**
     * Connects a client: from now on (no {@code lastEventId}), or after {@code lastEventId} (its missed
     * events read back first), or, when that id is unknown or past the window, after a {@code reset}.
     */
    void open(StreamClient client, Long lastEventId) throws SQLException {
        if (!isEnabled() || executor == null) {
            throw ApiException.notFound("The live stream is disabled on this process (mt5db.stream.enabled)");
        }
        if (clients.size() >= config.maxClients()) {
            throw ApiException.serviceUnavailable("Too many stream clients on this process (mt5db.stream.max-clients="
                    + config.maxClients() + "); retry later or connect to another replica", 5);
        }
        clients.add(client);
        if (lastEventId == null) {
            goLive(client, null);
            return;
        }
        StreamRepository.Bounds bounds = repository.bounds();
        long last = lastEventId;
        String reason = null;
        if (last < 0 || last > bounds.lastIssuedId()) {
            reason = "unknown event id " + last + " (the newest is " + bounds.lastIssuedId() + ")";
        } else if (bounds.oldestId() != null ? last < bounds.oldestId() - 1 : last < bounds.lastIssuedId()) {
            reason = "event id " + last + " is older than the kept window (" + config.retention() + ")";
        }
        if (reason != null) {
            goLive(client, StreamEvent.control(0, StreamEvent.RESET, "{\"reason\":\"" + reason + "\",\"oldest_id\":"
                    + bounds.oldestId() + "}"));
            return;
        }
        catchUp(client, last);
    }

    private void catchUp(StreamClient client, long after) throws SQLException {
        client.position = after;
        while (!client.isClosed()) {
            long target = head;
            if (client.position >= target) {
                synchronized (this) {
                    if (client.position >= head) {
                        client.live = true;
                        client.offer(heartbeatEvent(client.position, Instant.now().toString()));
                        return;
                    }
                }
                continue;
            }
            List<StreamRepository.Row> rows = repository.read(client.position, target, config.readBatch());
            if (rows.isEmpty()) {
                client.position = target;
            }
            for (StreamRepository.Row row : rows) {
                StreamEvent event = row.event().orElse(null);
                if (event != null && client.filter.matches(event)) {
                    if (!awaitRoom(client)) {
                        return;
                    }
                    client.offer(event);
                }
                client.position = row.id();
            }
        }
    }

    /** A resuming client that leaves its full queue unread for the drop grace is dropped. */
    private boolean awaitRoom(StreamClient client) {
        while (!client.queue.hasRoom(1) && !client.isClosed()) {
            if (System.nanoTime() - client.queue.lastProgressNanos() > config.dropGrace().toNanos()) {
                client.drop();
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.close();
                return false;
            }
        }
        return !client.isClosed();
    }

    private synchronized void goLive(StreamClient client, StreamEvent first) {
        long position = Math.max(head, 0);
        client.position = position;
        client.live = true;
        if (first != null) {
            client.offer(StreamEvent.control(position, first.type(), first.data()));
        }
        client.offer(heartbeatEvent(position, Instant.now().toString()));
    }

    /** Events one client may have waiting: room for two read batches and the control events between them. */
    int clientCapacity() {
        return Math.max(config.clientQueueEvents(), 2 * config.readBatch() + 8);
    }

    /** The last event id fanned out by this process. */
    long head() {
        return head;
    }

    int connectedClients() {
        return clients.size();
    }

    @Override
    public void sent(StreamEvent event) {
        sentCounter(event.type()).increment();
    }

    private Counter sentCounter(String type) {
        return sent.computeIfAbsent(type, t -> Counter.builder("stream.events.sent")
                .description("Events written to stream clients").tag("type", t).register(registry));
    }

    @Override
    public void dropped(StreamClient client) {
        dropped.increment();
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            // The final event goes out if the client reads; a client that does not read is cut off.
            ex.schedule(() -> {
                if (!client.isClosed()) {
                    client.abort();
                }
            }, config.dropGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void closed(StreamClient client) {
        clients.remove(client);
    }
}

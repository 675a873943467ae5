package io.mt5db.market;

import io.mt5db.security.Caller;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.mt5db.common.DatabaseErrors;
import io.mt5db.common.TextRules;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Each key's terminals as last seen, for /clients: requests are tallied in memory per (key,
 * User-Agent, account) and written to {@code api_clients} every few seconds, never per request.
 */
@ApplicationScoped
public class ClientActivity {

    private static final Logger LOG = Logger.getLogger(ClientActivity.class);
    private static final int MAX_USER_AGENT = 200;
    private static final int MAX_ACCOUNT = 64;
    private static final String FLUSH = """
            INSERT INTO api_clients AS a (key_id, user_agent, account_id, key_name, first_seen_at, last_seen_at,
                                          last_ingest_at, requests, symbols)
            SELECT u.key_id, u.user_agent, u.account_id, u.key_name, to_timestamp(u.first_ms / 1000.0),
                   to_timestamp(u.last_ms / 1000.0), to_timestamp(u.ingest_ms / 1000.0), u.requests,
                   coalesce(string_to_array(nullif(u.symbols, ''), ','), '{}')
              FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::text[])
                   AS u(key_id, user_agent, account_id, key_name, first_ms, last_ms, ingest_ms, requests, symbols)
             ORDER BY u.key_id, u.user_agent, u.account_id
            ON CONFLICT (key_id, user_agent, account_id) DO UPDATE
               SET key_name = EXCLUDED.key_name,
                   last_seen_at = GREATEST(a.last_seen_at, EXCLUDED.last_seen_at),
                   last_ingest_at = GREATEST(a.last_ingest_at, EXCLUDED.last_ingest_at),
                   requests = a.requests + EXCLUDED.requests,
                   symbols = (SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}')
                                FROM unnest(a.symbols || EXCLUDED.symbols) AS s)
            """;

    private record Key(long keyId, String userAgent, String accountId) {
    }

    private static final class Tally {
        String keyName;
        long firstSeen;
        long lastSeen;
        Long lastIngest;
        long requests;
        final Set<String> symbols = new TreeSet<>();
    }

    @Inject
    DataSource dataSource;

    private final Map<Key, Tally> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Notes one request; symbols (possibly empty) are those an ingest request stored. */
    public void record(Caller caller, String userAgent, String accountId, boolean ingest, Set<String> symbols,
            Instant at) {
        Key key = new Key(caller.keyId(), clip(userAgent, MAX_USER_AGENT), clip(accountId, MAX_ACCOUNT));
        long now = at.toEpochMilli();
        pending.compute(key, (k, tally) -> {
            Tally t = tally == null ? new Tally() : tally;
            if (tally == null) {
                t.firstSeen = now;
            }
            t.keyName = caller.name();
            t.lastSeen = Math.max(t.lastSeen, now);
            if (ingest) {
                t.lastIngest = t.lastIngest == null ? now : Math.max(t.lastIngest, now);
            }
            t.requests++;
            t.symbols.addAll(symbols);
            return t;
        });
    }

    /**
     * Trims, clips and replaces every character {@link TextRules} forbids by '?': what reaches here
     * passed the request's bounds already, this keeps the bookkeeping safe whatever a caller passes.
     */
    static String clip(String value, int max) {
        if (value == null) {
            return "";
        }
        String trimmed = value.trim();
        String clipped = trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
        if (TextRules.isClean(clipped, false)) {
            return clipped;
        }
        StringBuilder clean = new StringBuilder(clipped.length());
        for (int i = 0; i < clipped.length(); i++) {
            char c = clipped.charAt(i);
            boolean bad = c < 0x20 || c == 0x7f || c == '\uFFFD' || Character.isSurrogate(c);
            if (Character.isHighSurrogate(c) && i + 1 < clipped.length() && Character.isLowSurrogate(clipped.charAt(i + 1))) {
                clean.append(c).append(clipped.charAt(++i));
                continue;
            }
            clean.append(bad ? '?' : c);
        }
        return clean.toString();
    }

    @Scheduled(identity = "client-activity-flush", every = "5s")
    void scheduledFlush() {
        try {
            flush();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("client activity not written yet (retried): %s", e.getMessage());
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        scheduledFlush();
    }

    /**
     * Writes what was tallied since the last flush. When the database is unavailable the tallies are
     * kept for the next flush; any other failure (a value the table refuses) is isolated: each entry is
     * written alone, and one that still fails is counted, logged once and dropped, so one bad entry
     * never blocks the bookkeeping of every key.
     */
    public synchronized void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, Tally>> taken = new ArrayList<>();
        for (Key key : new ArrayList<>(pending.keySet())) {
            Tally tally = pending.remove(key);
            if (tally != null) {
                taken.add(Map.entry(key, tally));
            }
        }
        try {
            write(taken);
        } catch (SQLException | RuntimeException e) {
            if (DatabaseErrors.isUnavailable(e)) {
                putBack(taken);
                throw e;
            }
            for (Map.Entry<Key, Tally> entry : taken) {
                try {
                    write(List.of(entry));
                } catch (SQLException | RuntimeException single) {
                    if (DatabaseErrors.isUnavailable(single)) {
                        putBack(List.of(entry));
                        throw single;
                    }
                    long count = dropped.incrementAndGet();
                    if (count == 1 || Long.bitCount(count) == 1) {
                        LOG.warnf("client activity of key %d dropped: the database refused it (%s); %d dropped so far",
                                entry.getKey().keyId(), single.getMessage(), count);
                    }
                }
            }
        }
    }

    /** Entries the database refused and that were dropped (exported as client_activity_dropped_total). */
    public long droppedEntries() {
        return dropped.get();
    }

    private void putBack(List<Map.Entry<Key, Tally>> taken) {
        for (Map.Entry<Key, Tally> e2 : taken) {
            pending.merge(e2.getKey(), e2.getValue(), ClientActivity::merge);
        }
    }

    private void write(List<Map.Entry<Key, Tally>> taken) throws SQLException {
        int n = taken.size();
        Long[] keyIds = new Long[n];
        String[] agents = new String[n];
        String[] accounts = new String[n];
        String[] names = new String[n];
        Long[] first = new Long[n];
        Long[] last = new Long[n];
        Long[] ingest = new Long[n];
        Long[] requests = new Long[n];
        String[] symbols = new String[n];
        for (int i = 0; i < n; i++) {
            Key k = taken.get(i).getKey();
            Tally t = taken.get(i).getValue();
            keyIds[i] = k.keyId();
            agents[i] = k.userAgent();
            accounts[i] = k.accountId();
            names[i] = t.keyName;
            first[i] = t.firstSeen;
            last[i] = t.lastSeen;
            ingest[i] = t.lastIngest;
            requests[i] = t.requests;
            symbols[i] = String.join(",", t.symbols);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FLUSH)) {
            ps.setArray(1, c.createArrayOf("int8", keyIds));
            ps.setArray(2, c.createArrayOf("text", agents));
            ps.setArray(3, c.createArrayOf("text", accounts));
            ps.setArray(4, c.createArrayOf("text", names));
            ps.setArray(5, c.createArrayOf("int8", first));
            ps.setArray(6, c.createArrayOf("int8", last));
            ps.setArray(7, c.createArrayOf("int8", ingest));
            ps.setArray(8, c.createArrayOf("int8", requests));
            ps.setArray(9, c.createArrayOf("text", symbols));
            ps.executeUpdate();
        }
    }

    private static Tally merge(Tally newer, Tally older) {
        older.keyName = newer.keyName;
        older.firstSeen = Math.min(older.firstSeen, newer.firstSeen);
        older.lastSeen = Math.max(older.lastSeen, newer.lastSeen);
        if (newer.lastIngest != null) {
            older.lastIngest = older.lastIngest == null ? newer.lastIngest : Math.max(older.lastIngest, newer.lastIngest);
        }
        older.requests += newer.requests;
        older.symbols.addAll(newer.symbols);
        return older;
    }
}

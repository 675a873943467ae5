package io.mt5db.ingest;

import io.mt5db.common.CopyRows;
import io.mt5db.common.Sql;
import io.mt5db.common.StatementBatch;
import io.mt5db.common.UnnestColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Stores ticks in one transaction per batch. Identical ticks (same values, same ts) are duplicates,
 * in the database or earlier in the same request; rows keep the request's order so that ticks with
 * equal ts are aggregated in arrival order.
 */
@ApplicationScoped
public class TickWriter {

    static final String INSERT = """
            INSERT INTO ticks (symbol, ts, bid, ask, last, volume, flags)
            SELECT u.symbol, to_timestamp(u.ts_ms / 1000.0), u.bid, u.ask, u.last, u.volume, u.flags
              FROM unnest(?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int4[])
                   WITH ORDINALITY AS u(symbol, ts_ms, bid, ask, last, volume, flags, ord)
             ORDER BY u.ord
            """;

    static final String COPY = "COPY ticks (symbol, ts, bid, ask, last, volume, flags) FROM STDIN (FORMAT binary)";

    static final String INSERT_OR_SKIP = INSERT + """
            ON CONFLICT ON CONSTRAINT ticks_identity DO NOTHING
            RETURNING symbol, ts, bid, ask, last, volume, flags
            """;

    /** The one-row relation ({@code is_new boolean}) that a listener's {@link StatementBatch.Part} reads. */
    public static final String NEW_BATCH = "new_batch";

    /**
     * Whether no tick is stored at the given symbols and times (cheap on the identity index), as the
     * CTE {@value #NEW_BATCH} that the listeners' batch statements read.
     */
    private static final String NEW_BATCH_PROBE = """
            %s AS (
                SELECT NOT (EXISTS (SELECT 1 FROM ticks WHERE symbol = ? AND ts = ?)
                         OR EXISTS (SELECT 1 FROM ticks WHERE symbol = ? AND ts = ?)) AS is_new)
            """.formatted(NEW_BATCH);

    /** Implemented by a stage that must learn of stored ticks in the same transaction (the aggregator). */
    public interface Listener {
        void ticksInserted(Connection transaction, List<TickInput> inserted) throws SQLException;

        /**
         * The database work {@link #ticksInserted} would do if all these ticks were inserted, as one
         * data-modifying statement (no trailing semicolon) that writes only when the single row of
         * {@value #NEW_BATCH} has {@code is_new} true; empty when there is no such work or it does not
         * fit one statement. The writer runs it in the statement that probes a batch it expects to be
         * new, which spares a round trip per batch. When that batch is then stored whole, the writer
         * does not call {@link #ticksInserted} for it; otherwise the statement's work is rolled back or
         * was never done, and {@link #ticksInserted} is called for the ticks actually inserted.
         */
        default Optional<StatementBatch.Part> newBatchStatement(List<TickInput> ticks) {
            return Optional.empty();
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    Instance<Listener> listeners;

    private final Map<List<String>, String> probes = new ConcurrentHashMap<>();

    public ItemStatus[] write(List<TickInput> ticks) throws SQLException {
        ItemStatus[] statuses = new ItemStatus[ticks.size()];
        Arrays.fill(statuses, ItemStatus.DUPLICATE);
        Distinct distinct = Distinct.of(ticks);
        if (distinct.ticks().isEmpty()) {
            return statuses;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<TickInput> inserted = null;
                Iterable<Listener> notified = listeners;
                if (distinct.ticks().size() >= CandleWriter.NEW_KEYS_MIN_BATCH) {
                    List<Listener> unattached = new ArrayList<>();
                    List<StatementBatch.Part> attached = new ArrayList<>();
                    for (Listener listener : listeners) {
                        listener.newBatchStatement(distinct.ticks()).ifPresentOrElse(attached::add,
                                () -> unattached.add(listener));
                    }
                    if (insertAllAsNew(c, distinct.ticks(), attached)) {
                        for (int j = 0; j < distinct.ticks().size(); j++) {
                            statuses[distinct.requestIndex()[j]] = ItemStatus.INSERTED;
                        }
                        inserted = distinct.ticks();
                        notified = unattached;
                    }
                }
                if (inserted == null) {
                    inserted = insertOrSkip(c, distinct, statuses);
                }
                if (!inserted.isEmpty()) {
                    for (Listener listener : notified) {
                        listener.ticksInserted(c, inserted);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(c);
                throw e;
            }
        }
        return statuses;
    }

    /** The first occurrence of each distinct tick of a request, in request order, and where each stood. */
    record Distinct(List<TickInput> ticks, int[] requestIndex) {

        /** Longest run of ticks in one millisecond compared pairwise; a longer one is hashed. */
        static final int MAX_RUN = 32;

        static Distinct of(List<TickInput> ticks) {
            return ordered(ticks) ? ofOrdered(ticks) : hashed(ticks);
        }

        /**
         * Identical ticks share symbol and ts, so in a stream in (symbol, ts) order a repeat can only be
         * among the few ticks of the same millisecond: no hashing of every tick.
         */
        private static Distinct ofOrdered(List<TickInput> ticks) {
            List<TickInput> distinct = new ArrayList<>(ticks.size());
            int[] requestIndex = new int[ticks.size()];
            int runStart = 0;
            for (int i = 0; i < ticks.size(); i++) {
                TickInput tick = ticks.get(i);
                if (i > 0 && !sameTime(ticks.get(i - 1), tick)) {
                    runStart = distinct.size();
                } else if (distinct.size() - runStart > MAX_RUN) {
                    return hashed(ticks);
                }
                if (!distinct.subList(runStart, distinct.size()).contains(tick)) {
                    requestIndex[distinct.size()] = i;
                    distinct.add(tick);
                }
            }
            return new Distinct(distinct, requestIndex);
        }

        private static Distinct hashed(List<TickInput> ticks) {
            List<TickInput> distinct = new ArrayList<>(ticks.size());
            int[] requestIndex = new int[ticks.size()];
            Map<TickInput, Integer> seen = new HashMap<>(ticks.size() * 2);
            for (int i = 0; i < ticks.size(); i++) {
                if (seen.putIfAbsent(ticks.get(i), i) == null) {
                    requestIndex[distinct.size()] = i;
                    distinct.add(ticks.get(i));
                }
            }
            return new Distinct(distinct, requestIndex);
        }

        /** Whether ticks come in (symbol, ts) order, ties allowed: one symbol's live stream does. */
        static boolean ordered(List<TickInput> ticks) {
            for (int i = 1; i < ticks.size(); i++) {
                TickInput previous = ticks.get(i - 1);
                TickInput tick = ticks.get(i);
                int bySymbol = previous.symbol().equals(tick.symbol()) ? 0 : previous.symbol().compareTo(tick.symbol());
                if (bySymbol > 0 || (bySymbol == 0 && previous.tsMillis() > tick.tsMillis())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameTime(TickInput a, TickInput b) {
            return a.tsMillis() == b.tsMillis() && a.symbol().equals(b.symbol());
        }
    }

    /**
     * The live-stream path (ticks are new unless a client re-sends): a plain COPY stores them all
     * for about a third of the database's work of the ON CONFLICT statement. A stored identity makes it
     * fail with unique_violation; then it rolls back and answers false, with the transaction empty
     * again, and the caller takes the ON CONFLICT path. To spare most such failures it first looks
     * for stored ticks at the times of the batch's first and last ticks: a re-sent batch shares them.
     * The listeners' batch statements ride on that probe, so they cost no round trip of their own.
     */
    private boolean insertAllAsNew(Connection c, List<TickInput> distinct, List<StatementBatch.Part> attached)
            throws SQLException {
        TickInput first = distinct.get(0);
        TickInput last = distinct.get(distinct.size() - 1);
        try (PreparedStatement probe = c.prepareStatement(probeSql(attached))) {
            probe.setString(1, first.symbol());
            probe.setObject(2, Sql.ts(Instant.ofEpochMilli(first.tsMillis())));
            probe.setString(3, last.symbol());
            probe.setObject(4, Sql.ts(Instant.ofEpochMilli(last.tsMillis())));
            int next = 5;
            for (StatementBatch.Part statement : attached) {
                next = statement.parameters().bind(c, probe, next);
            }
            try (ResultSet rs = probe.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        return copyRows(distinct).copyIfAllNew(c, COPY);
    }

    /** The probe with the statements attached as data-modifying CTEs (PostgreSQL runs each once). */
    private String probeSql(List<StatementBatch.Part> attached) {
        List<String> statements = attached.stream().map(StatementBatch.Part::sql).toList();
        return probes.computeIfAbsent(statements,
                list -> StatementBatch.withParts(NEW_BATCH_PROBE, "batch_work", list, "SELECT is_new FROM " + NEW_BATCH));
    }

    /** The ticks as COPY rows in request order: the identity column numbers them in that order. */
    static CopyRows copyRows(List<TickInput> ticks) {
        CopyRows rows = new CopyRows(ticks.size(), 90);
        for (TickInput tick : ticks) {
            rows.text(tick.symbol()).timestamptz(Instant.ofEpochMilli(tick.tsMillis())).decimal(tick.bid())
                    .decimal(tick.ask()).decimal(tick.last()).decimal(tick.volume()).integer(tick.flags()).endRow();
        }
        return rows;
    }

    /** The ON CONFLICT path; answers the ticks it stored and marks their statuses. */
    private static List<TickInput> insertOrSkip(Connection c, Distinct distinct, ItemStatus[] statuses)
            throws SQLException {
        List<TickInput> ticks = distinct.ticks();
        int n = ticks.size();
        Map<TickInput, Integer> requestIndex = new HashMap<>(n * 2);
        for (int j = 0; j < n; j++) {
            requestIndex.put(ticks.get(j), distinct.requestIndex()[j]);
        }
        List<TickInput> inserted = new ArrayList<>(n);
        try (PreparedStatement ps = c.prepareStatement(INSERT_OR_SKIP)) {
            UnnestColumns.of(c, ticks).text(TickInput::symbol).int8(TickInput::tsMillis).float8(TickInput::bid)
                    .float8(TickInput::ask).float8(TickInput::last).float8(TickInput::volume).int4(TickInput::flags)
                    .bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TickInput stored = new TickInput(rs.getString(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getDouble(3),
                            rs.getDouble(4), (Double) rs.getObject(5), (Double) rs.getObject(6),
                            (Integer) rs.getObject(7));
                    Integer index = requestIndex.get(stored);
                    if (index != null) {
                        statuses[index] = ItemStatus.INSERTED;
                        inserted.add(stored);
                    }
                }
            }
        }
        return inserted;
    }
}

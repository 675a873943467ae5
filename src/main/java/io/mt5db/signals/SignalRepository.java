package io.mt5db.signals;

import static io.mt5db.signals.JdbcSupport.doubleOrNull;
import static io.mt5db.signals.JdbcSupport.instant;
import static io.mt5db.signals.JdbcSupport.longOrNull;
import static io.mt5db.signals.JdbcSupport.setDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.stream.StreamLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The signal queue's tables: signals, signal_deliveries and trading_pauses (read side of the pauses). */
@ApplicationScoped
public class SignalRepository {

    /** A signal past expires_at reads as EXPIRED before the sweep has marked it. */
    static final String EFFECTIVE_STATUS =
            "(CASE WHEN s.status = 'ACTIVE' AND s.expires_at <= now() THEN 'EXPIRED' ELSE s.status END)";
    static final String COLUMNS = "s.id, s.created_at, s.symbol, s.timeframe, s.bar_ts, s.side, s.confidence, s.prob_up,"
            + " s.model_version, s.lots, s.sl_pips, s.tp_pips, s.ttl_sec, s.expires_at, s.account_id, s.meta, "
            + EFFECTIVE_STATUS;
    private static final int COLUMN_COUNT = 17;

    static final String DELIVERY_COLUMNS = "d.account_id, d.status, d.delivery_attempt, d.first_delivered_at, d.claimed_at,"
            + " d.lease_until, d.acked_at, d.mt5_ticket, d.price, d.ts_exec, d.message";

    // Every change below also records its live-stream event (io.mt5db.stream) in the same statement.
    private static final String INSERT = """
            WITH s AS (
                INSERT INTO signals AS x (id, symbol, timeframe, bar_ts, side, confidence, prob_up, model_version, lots,
                                          sl_pips, tp_pips, ttl_sec, expires_at, account_id, meta)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?), ?, ?::jsonb)
                ON CONFLICT ON CONSTRAINT signals_one_per_bar DO NOTHING
                RETURNING x.*
            ), created_event AS (""" + StreamLog.signalEventsSql("created", "s", false) + """
            )
            SELECT\s""" + COLUMNS + " FROM s";

    /** The poll's filters on signals s: symbols, timeframe, and what is paused for the account. */
    private static final String POLL_FILTER = """
            (cardinality(?::text[]) = 0 OR s.symbol = ANY (?::text[]))
               AND (?::text IS NULL OR s.timeframe = ?::text)
               AND NOT (SELECT everything FROM paused)
               AND s.symbol <> ALL ((SELECT symbols FROM paused)::text[])
            """;

    /**
     * One statement, committed before the answer: oldest first, the signals past the account's cursor
     * that it can see and has never been given, and deliveries whose lease ran out without an ack
     * (delivered again, attempt + 1).
     *
     * <p>The cursor then moves to just before the oldest signal left pending (one the poll's filters, a
     * pause or the limit held back), or to the newest signal when nothing is left. Seq order is
     * visibility order (V12), so no signal can appear behind the cursor later. A poll therefore reads
     * only the signals since the last poll, whatever the live set, and a poll that finds nothing writes
     * nothing (no commit to flush).
     *
     * <p>No lock: the unique key (signal_id, account_id) decides between concurrent pollers of one
     * account. The loser's insert waits for the winner's commit and then finds the row: a fresh lease
     * is never updated, so the signal is not delivered twice and the loser answers without it. What a
     * poll settled is settled for every poller, so a cursor may move on from any poller's snapshot; it
     * never moves back.
     */
    private static final String CLAIM = """
            WITH cursor_at AS MATERIALIZED (
                SELECT coalesce((SELECT k.through_seq FROM signal_account_cursors k WHERE k.account_id = ?), 0)
                           AS through_seq
            ), paused AS MATERIALIZED (
                SELECT EXISTS (SELECT 1 FROM trading_pauses p
                                WHERE (p.account_id IS NULL OR p.account_id = ?) AND p.symbol IS NULL) AS everything,
                       ARRAY (SELECT p.symbol FROM trading_pauses p
                               WHERE (p.account_id IS NULL OR p.account_id = ?) AND p.symbol IS NOT NULL) AS symbols
            ), pending AS MATERIALIZED (
                SELECT s.id, s.seq, s.symbol, s.timeframe FROM signals s
                 WHERE s.status = 'ACTIVE' AND s.seq > (SELECT through_seq FROM cursor_at)
                   AND s.expires_at > statement_timestamp()
                   AND (s.account_id IS NULL OR s.account_id = ?)
                   -- OFFSET 0 keeps this a probe per row: flattened into an anti join, the generic plan
                   -- (the cursor is a parameter) hashes all of the account's deliveries on every poll.
                   AND NOT EXISTS (SELECT 1 FROM signal_deliveries d
                                    WHERE d.signal_id = s.id AND d.account_id = ? OFFSET 0)
            ), candidate AS MATERIALIZED (
                (SELECT s.id, s.seq FROM pending s
                  WHERE\s""" + POLL_FILTER + """
                  ORDER BY s.seq LIMIT ?)
                UNION ALL
                (SELECT s.id, s.seq FROM signal_deliveries d JOIN signals s ON s.id = d.signal_id
                  WHERE d.account_id = ? AND d.status = 'CLAIMED' AND d.lease_until <= statement_timestamp()
                    AND s.status = 'ACTIVE' AND s.expires_at > statement_timestamp()
                    AND\s""" + POLL_FILTER + """
                  ORDER BY s.seq LIMIT ?)
                ORDER BY seq LIMIT ?
            ), claimed AS (
                INSERT INTO signal_deliveries AS d (signal_id, account_id, signal_seq, status, delivery_attempt,
                                                    first_delivered_at, claimed_at, lease_until)
                SELECT c.id, ?, c.seq, 'CLAIMED', 1, statement_timestamp(), statement_timestamp(),
                       statement_timestamp() + make_interval(secs => ?)
                  FROM candidate c
                 ORDER BY c.seq
                ON CONFLICT (signal_id, account_id) DO UPDATE
                   SET delivery_attempt = d.delivery_attempt + 1,
                       claimed_at = EXCLUDED.claimed_at,
                       lease_until = EXCLUDED.lease_until
                 WHERE d.status = 'CLAIMED' AND d.lease_until <= statement_timestamp()
                RETURNING d.signal_id, d.delivery_attempt, d.first_delivered_at, d.account_id, d.status
            ), delivered_events AS (""" + StreamLog.signalEventsSql("delivered", """
                (SELECT sg.*, c.account_id AS delivery_account_id, c.status AS delivery_status
                   FROM claimed c JOIN signals sg ON sg.id = c.signal_id ORDER BY sg.seq) AS s""", true) + """
            ), settled AS MATERIALIZED (
                SELECT coalesce((SELECT min(p.seq) - 1 FROM pending p
                                  WHERE NOT EXISTS (SELECT 1 FROM candidate c WHERE c.seq = p.seq)),
                                (SELECT max(seq) FROM signals)) AS through_seq
            ), advanced AS (
                INSERT INTO signal_account_cursors AS k (account_id, through_seq)
                SELECT ?, st.through_seq FROM settled st WHERE st.through_seq > (SELECT through_seq FROM cursor_at)
                ON CONFLICT (account_id) DO UPDATE SET through_seq = EXCLUDED.through_seq
                 WHERE k.through_seq < EXCLUDED.through_seq
            )
            SELECT\s""" + COLUMNS + """
            , c.delivery_attempt, c.first_delivered_at
              FROM claimed c JOIN signals s ON s.id = c.signal_id
             ORDER BY s.seq
            """;

    private static final String AWAITING_ACK = DeliveryStatus.AWAITING_ACK.stream()
            .map(status -> "'" + status.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    private static final String RECORD_ACK = """
            WITH a AS (
                UPDATE signal_deliveries
                   SET status = ?, acked_at = now(), mt5_ticket = ?, price = ?, ts_exec = ?, message = ?
                 WHERE signal_id = ? AND account_id = ? AND status IN\s""" + AWAITING_ACK + """
                RETURNING *
            ), acked_event AS (""" + StreamLog.signalEventsSql("acked", """
                (SELECT sg.*, a.account_id AS delivery_account_id, a.status AS delivery_status
                   FROM a JOIN signals sg ON sg.id = a.signal_id) AS s""", true) + """
            )
            SELECT signal_id, account_id, status, delivery_attempt, mt5_ticket, price, ts_exec, message, acked_at FROM a
            """;

    private static final String STORED_ACK = """
            SELECT signal_id, account_id, status, delivery_attempt, mt5_ticket, price, ts_exec, message, acked_at
              FROM signal_deliveries WHERE signal_id = ? AND account_id = ?
            """;

    private static final TypeReference<Map<String, Object>> META = new TypeReference<>() {
    };

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    /** A poll's claims with the time each was first delivered (for the latency metric). */
    public record Claim(DeliveredSignal delivered, Instant firstDeliveredAt) {
    }

    /** The stored ack of a delivery, and whether this request stored it. */
    public record AckResult(AckResponse response, DeliveryStatus.AckOutcome outcome) {
    }

    /** A signal with one or all of its deliveries. */
    public record SignalWithDeliveries(Signal signal, List<Delivery> deliveries) {
    }

    /** A history row: the signal and, when the query is for one account, that account's delivery. */
    public record HistoryRow(long seq, Signal signal, Delivery delivery) {
    }

    /** Filters of {@link #history}; null means unfiltered. {@code account} limits to what it sees and joins its delivery. */
    public record HistoryQuery(String symbol, Timeframe timeframe, Instant from, Instant to, SignalStatus status,
            DeliveryStatus deliveryStatus, String account, Long beforeSeq, int limit) {
    }

    /** Inserts in the caller's transaction; empty when the signal's bar already has a signal. */
    public Optional<Signal> insert(Connection c, NewSignal signal, int ttlSec) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int i = 0;
            ps.setObject(++i, UUID.randomUUID());
            ps.setString(++i, signal.symbol());
            ps.setString(++i, signal.timeframe().name());
            ps.setObject(++i, Sql.ts(signal.barTs()));
            ps.setString(++i, signal.side().name());
            setDouble(ps, ++i, signal.confidence());
            setDouble(ps, ++i, signal.probUp());
            ps.setString(++i, signal.modelVersion());
            setDouble(ps, ++i, signal.lots());
            setDouble(ps, ++i, signal.slPips());
            setDouble(ps, ++i, signal.tpPips());
            ps.setInt(++i, ttlSec);
            ps.setInt(++i, ttlSec);
            ps.setString(++i, signal.accountId());
            ps.setString(++i, json(signal.meta() == null ? Map.of() : signal.meta()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(signal(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Signal> findByBar(Connection c, String symbol, Timeframe timeframe, Instant barTs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM signals s WHERE s.symbol = ? AND s.timeframe = ? AND s.bar_ts = ?")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setObject(3, Sql.ts(barTs));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(signal(rs)) : Optional.empty();
            }
        }
    }

    /** Claims the oldest deliverable signals for the account and commits before answering. */
    public List<Claim> claim(PollRequest poll, Duration lease) throws SQLException {
        String account = poll.accountId();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            int i = 0;
            ps.setString(++i, account);
            ps.setString(++i, account);
            ps.setString(++i, account);
            ps.setString(++i, account);
            ps.setString(++i, account);
            i = bindPollFilter(c, ps, i, poll);
            ps.setInt(++i, poll.limit());
            ps.setString(++i, account);
            i = bindPollFilter(c, ps, i, poll);
            ps.setInt(++i, poll.limit());
            ps.setInt(++i, poll.limit());
            ps.setString(++i, account);
            ps.setDouble(++i, lease.toMillis() / 1000.0);
            ps.setString(++i, account);
            List<Claim> claims = new ArrayList<>(poll.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claims.add(new Claim(new DeliveredSignal(signal(rs), rs.getInt(COLUMN_COUNT + 1)),
                            instant(rs, COLUMN_COUNT + 2)));
                }
            }
            return claims;
        }
    }

    /** Binds {@link #POLL_FILTER}'s parameters after index {@code i}; answers the last index bound. */
    private static int bindPollFilter(Connection c, PreparedStatement ps, int i, PollRequest poll) throws SQLException {
        String[] symbols = poll.symbols().toArray(String[]::new);
        String timeframe = poll.timeframe() == null ? null : poll.timeframe().name();
        ps.setArray(++i, Sql.textArray(c, symbols));
        ps.setArray(++i, Sql.textArray(c, symbols));
        ps.setString(++i, timeframe);
        ps.setString(++i, timeframe);
        return i;
    }

    /**
     * Records an ack while the delivery awaits one; otherwise answers the stored ack (REPEAT or
     * CONFLICT). Empty when the account never received the signal.
     */
    public Optional<AckResult> ack(AckRequest ack) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(RECORD_ACK)) {
                int i = 0;
                ps.setString(++i, ack.status().name());
                if (ack.mt5Ticket() == null) {
                    ps.setNull(++i, Types.BIGINT);
                } else {
                    ps.setLong(++i, ack.mt5Ticket());
                }
                setDouble(ps, ++i, ack.price());
                ps.setObject(++i, Sql.ts(ack.tsExec()));
                ps.setString(++i, ack.message());
                ps.setObject(++i, ack.id());
                ps.setString(++i, ack.accountId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new AckResult(ackResponse(rs), DeliveryStatus.AckOutcome.RECORD));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(STORED_ACK)) {
                ps.setObject(1, ack.id());
                ps.setString(2, ack.accountId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    AckResponse stored = ackResponse(rs);
                    return Optional.of(new AckResult(stored, stored.status().ackOutcome(ack.status())));
                }
            }
        }
    }

    public boolean exists(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM signals WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Cancels an ACTIVE signal; answers the signal as it now is (unchanged when it was not ACTIVE). */
    public Optional<Signal> cancel(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("WITH s AS (UPDATE signals AS x SET status = 'CANCELLED',"
                    + " status_at = now() WHERE x.id = ? AND x.status = 'ACTIVE' AND x.expires_at > now() RETURNING x.*),"
                    + " cancelled_event AS (" + StreamLog.signalEventsSql("cancelled", "s", false) + ")"
                    + " SELECT " + COLUMNS + " FROM s")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(signal(rs));
                    }
                }
            }
            return find(c, id);
        }
    }

    /** The signal and its deliveries; {@code account} non-null: only if the account sees it, with its delivery only. */
    public Optional<SignalWithDeliveries> find(UUID id, String account) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Signal> signal = find(c, id);
            if (signal.isEmpty() || (account != null && signal.get().accountId() != null
                    && !signal.get().accountId().equals(account))) {
                return Optional.empty();
            }
            String sql = "SELECT " + DELIVERY_COLUMNS + " FROM signal_deliveries d WHERE d.signal_id = ?"
                    + (account == null ? "" : " AND d.account_id = ?") + " ORDER BY d.first_delivered_at, d.account_id";
            List<Delivery> deliveries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, id);
                if (account != null) {
                    ps.setString(2, account);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deliveries.add(delivery(rs, 1));
                    }
                }
            }
            return Optional.of(new SignalWithDeliveries(signal.get(), deliveries));
        }
    }

    private Optional<Signal> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM signals s WHERE s.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(signal(rs)) : Optional.empty();
            }
        }
    }

    /** Newest first. */
    public List<HistoryRow> history(HistoryQuery q) throws SQLException {
        JdbcSupport.Query query = q.account() == null
                ? new JdbcSupport.Query("SELECT s.seq, " + COLUMNS + " FROM signals s WHERE true")
                : new JdbcSupport.Query("SELECT s.seq, " + COLUMNS + ", " + DELIVERY_COLUMNS
                        + " FROM signals s LEFT JOIN signal_deliveries d ON d.signal_id = s.id AND d.account_id = ?"
                        + " WHERE (s.account_id IS NULL OR s.account_id = ?)", q.account(), q.account());
        query.and("s.symbol = ?", q.symbol())
                .and("s.timeframe = ?", q.timeframe() == null ? null : q.timeframe().name())
                .and("s.created_at >= ?", Sql.ts(q.from()))
                .and("s.created_at < ?", Sql.ts(q.to()))
                .and(EFFECTIVE_STATUS + " = ?", q.status() == null ? null : q.status().name())
                .and("d.status = ?", q.deliveryStatus() == null ? null : q.deliveryStatus().name())
                .and("s.seq < ?", q.beforeSeq())
                .append(" ORDER BY s.seq DESC LIMIT ?", q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = query.prepare(c)) {
            List<HistoryRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Signal signal = signal(rs, 2);
                    Delivery delivery = q.account() != null && rs.getString(COLUMN_COUNT + 2) != null
                            ? delivery(rs, COLUMN_COUNT + 2) : null;
                    rows.add(new HistoryRow(rs.getLong(1), signal, delivery));
                }
            }
            return rows;
        }
    }

    private Signal signal(ResultSet rs) throws SQLException {
        return signal(rs, 1);
    }

    private Signal signal(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new Signal(rs.getObject(i, UUID.class), instant(rs, i + 1), rs.getString(i + 2),
                Timeframe.valueOf(rs.getString(i + 3)), instant(rs, i + 4), Side.valueOf(rs.getString(i + 5)),
                doubleOrNull(rs, i + 6), doubleOrNull(rs, i + 7), rs.getString(i + 8), doubleOrNull(rs, i + 9),
                doubleOrNull(rs, i + 10), doubleOrNull(rs, i + 11), rs.getInt(i + 12), instant(rs, i + 13),
                rs.getString(i + 14), meta(rs.getString(i + 15)), SignalStatus.valueOf(rs.getString(i + 16)));
    }

    private static Delivery delivery(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new Delivery(rs.getString(i), DeliveryStatus.valueOf(rs.getString(i + 1)), rs.getInt(i + 2),
                instant(rs, i + 3), instant(rs, i + 4), instant(rs, i + 5), instant(rs, i + 6), longOrNull(rs, i + 7),
                doubleOrNull(rs, i + 8), instant(rs, i + 9), rs.getString(i + 10));
    }

    private static AckResponse ackResponse(ResultSet rs) throws SQLException {
        return new AckResponse(rs.getObject(1, UUID.class), rs.getString(2), DeliveryStatus.valueOf(rs.getString(3)),
                rs.getInt(4), longOrNull(rs, 5), doubleOrNull(rs, 6), instant(rs, 7), rs.getString(8), instant(rs, 9));
    }

    private Map<String, Object> meta(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Collections.unmodifiableMap(new LinkedHashMap<>(mapper.readValue(json, META)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("signals.meta holds invalid JSON", e);
        }
    }

    private String json(Map<String, Object> meta) {
        try {
            return mapper.writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("meta cannot be written as JSON", e);
        }
    }
}

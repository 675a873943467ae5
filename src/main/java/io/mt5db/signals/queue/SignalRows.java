package io.mt5db.signals.queue;

import static io.mt5db.signals.JdbcSupport.doubleOrNull;
import static io.mt5db.signals.JdbcSupport.longOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.Timeframe;
import io.mt5db.signals.JdbcSupport;
import io.mt5db.signals.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The columns of signals and signal_deliveries as the queue and the history select them, and their
 * mapping to {@link Signal}, {@link Delivery} and {@link AckResponse} by column name, so that a
 * query may add columns before or after them.
 */
public final class SignalRows {

    /** A signal past expires_at reads as EXPIRED before the sweep has marked it. */
    public static final String EFFECTIVE_STATUS =
            "(CASE WHEN s.status = 'ACTIVE' AND s.expires_at <= now() THEN 'EXPIRED' ELSE s.status END)";

    /** The signal s, for {@link #signal}. */
    public static final String COLUMNS = "s.id, s.created_at, s.symbol, s.timeframe, s.bar_ts, s.side, s.confidence,"
            + " s.prob_up, s.model_version, s.lots, s.sl_pips, s.tp_pips, s.ttl_sec, s.expires_at, s.account_id, s.meta, "
            + EFFECTIVE_STATUS + " AS status";

    /** The delivery d, for {@link #delivery}; named apart from the signal's account_id and status. */
    public static final String DELIVERY_COLUMNS = "d.account_id AS delivery_account_id, d.status AS delivery_status,"
            + " d.delivery_attempt, d.first_delivered_at, d.claimed_at, d.lease_until, d.acked_at, d.mt5_ticket,"
            + " d.price, d.ts_exec, d.message";

    /** An ack as stored, for {@link #ack} (from signal_deliveries alone). */
    public static final String ACK_COLUMNS = "signal_id, account_id, status, delivery_attempt, mt5_ticket, price,"
            + " ts_exec, message, acked_at";

    private static final TypeReference<Map<String, Object>> META = new TypeReference<>() {
    };

    private SignalRows() {
    }

    public static Signal signal(ResultSet rs, ObjectMapper mapper) throws SQLException {
        return new Signal(rs.getObject("id", UUID.class), instant(rs, "created_at"), rs.getString("symbol"),
                Timeframe.valueOf(rs.getString("timeframe")), instant(rs, "bar_ts"), Side.valueOf(rs.getString("side")),
                doubleOrNull(rs, rs.findColumn("confidence")), doubleOrNull(rs, rs.findColumn("prob_up")),
                rs.getString("model_version"), doubleOrNull(rs, rs.findColumn("lots")),
                doubleOrNull(rs, rs.findColumn("sl_pips")), doubleOrNull(rs, rs.findColumn("tp_pips")),
                rs.getInt("ttl_sec"), instant(rs, "expires_at"), rs.getString("account_id"),
                meta(mapper, rs.getString("meta")), SignalStatus.valueOf(rs.getString("status")));
    }

    /** The delivery of a row selected with {@link #DELIVERY_COLUMNS}; null when the row has none (outer join). */
    public static Delivery delivery(ResultSet rs) throws SQLException {
        String account = rs.getString("delivery_account_id");
        if (account == null) {
            return null;
        }
        return new Delivery(account, DeliveryStatus.valueOf(rs.getString("delivery_status")),
                rs.getInt("delivery_attempt"), instant(rs, "first_delivered_at"), instant(rs, "claimed_at"),
                instant(rs, "lease_until"), instant(rs, "acked_at"), longOrNull(rs, rs.findColumn("mt5_ticket")),
                doubleOrNull(rs, rs.findColumn("price")), instant(rs, "ts_exec"), rs.getString("message"));
    }

    public static AckResponse ack(ResultSet rs) throws SQLException {
        return new AckResponse(rs.getObject("signal_id", UUID.class), rs.getString("account_id"),
                DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("delivery_attempt"),
                longOrNull(rs, rs.findColumn("mt5_ticket")), doubleOrNull(rs, rs.findColumn("price")),
                instant(rs, "ts_exec"), rs.getString("message"), instant(rs, "acked_at"));
    }

    /** The signal with this id, in the caller's connection. */
    public static Optional<Signal> find(Connection c, UUID id, ObjectMapper mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM signals s WHERE s.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(signal(rs, mapper)) : Optional.empty();
            }
        }
    }

    static String json(ObjectMapper mapper, Map<String, Object> meta) {
        try {
            return mapper.writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("meta cannot be written as JSON", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return JdbcSupport.instant(rs, rs.findColumn(column));
    }

    private static Map<String, Object> meta(ObjectMapper mapper, String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Collections.unmodifiableMap(new LinkedHashMap<>(mapper.readValue(json, META)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("signals.meta holds invalid JSON", e);
        }
    }
}

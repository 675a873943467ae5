package io.mt5db.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.Timeframe;
import io.mt5db.market.CandleRow;
import io.mt5db.market.MarketRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Numbers pending events, reads numbered ones back as clients see them, and prunes old ones. */
@ApplicationScoped
public class StreamRepository {

    /** Advisory lock key of the sequencer: one numbering transaction at a time across all replicas. */
    static final long SEQUENCER_LOCK = 0x5354_5245_414dL;

    // The subquery's order is the numbering order: pending rows by id, a candle row's bars in ts order.
    private static final String SEQUENCE = """
            WITH moved AS (
                DELETE FROM stream_pending
                 WHERE id IN (SELECT id FROM stream_pending ORDER BY id LIMIT ?)
                RETURNING id, kind, symbol, timeframe, bar_ts, account_id, delivery_account_id, payload
            )
            INSERT INTO stream_events (id, kind, symbol, timeframe, bar_ts, account_id, delivery_account_id, payload)
            SELECT nextval('stream_event_ids'), o.kind, o.symbol, o.timeframe, o.ts, o.account_id,
                   o.delivery_account_id, o.payload
              FROM (SELECT m.kind, m.symbol, m.timeframe, b.ts, m.account_id, m.delivery_account_id, m.payload
                      FROM moved m
                      LEFT JOIN LATERAL unnest(m.bar_ts) WITH ORDINALITY AS b(ts, ord) ON true
                     ORDER BY m.id, b.ord
                    OFFSET 0) AS o
            """;

    private static final String READ = """
            SELECT e.id, e.kind, e.symbol, e.timeframe, e.bar_ts AS ts, e.account_id, e.delivery_account_id,
                   e.payload::text AS payload, c.open, c.high, c.low, c.close, c.volume, c.spread, c.source,
                   i.ts IS NOT NULL AS has_indicators, i.rsi, i.macd, i.macd_signal, i.macd_hist, i.atr,
                   i.bb_upper, i.bb_middle, i.bb_lower
              FROM stream_events e
              LEFT JOIN candles c
                     ON e.kind = 'candle' AND c.symbol = e.symbol AND c.timeframe = e.timeframe AND c.ts = e.bar_ts
              LEFT JOIN indicators i
                     ON e.kind = 'candle' AND i.symbol = e.symbol AND i.timeframe = e.timeframe AND i.ts = e.bar_ts
             WHERE e.id > ? AND e.id <= ?
             ORDER BY e.id
             LIMIT ?
            """;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    Clock clock = Clock.systemUTC();

    /**
     * Numbers up to {@code batch} pending rows if no other replica is doing so; answers how many
     * pending rows it moved (0 when busy or nothing waited).
     */
    public int sequence(int batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int moved = 0;
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                    lock.setLong(1, SEQUENCER_LOCK);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return 0;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(SEQUENCE)) {
                    ps.setInt(1, batch);
                    moved = ps.executeUpdate();
                }
                c.commit();
                return moved;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The highest numbered event id (0 when none was ever numbered). */
    public long headId() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE((SELECT max(id) FROM stream_events), 0)")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The oldest kept event id and the last id ever given out (0 when none). */
    public record Bounds(Long oldestId, long lastIssuedId) {
    }

    public Bounds bounds() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT min(id) FROM stream_events),
                       (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM stream_event_ids)
                """)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oldest = rs.getLong(1);
                Long oldestId = rs.wasNull() ? null : oldest;
                return new Bounds(oldestId, rs.getLong(2));
            }
        }
    }

    /** A numbered event read back; {@code event} is empty when its bar no longer exists. */
    public record Row(long id, Optional<StreamEvent> event) {
    }

    /** Events with {@code after < id <= upTo}, up to {@code limit}, in id order. */
    public List<Row> read(long after, long upTo, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setInt(3, limit);
            List<Row> rows = new ArrayList<>();
            Instant now = clock.instant();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong("id"), event(rs, now)));
                }
            } catch (java.io.IOException e) {
                throw new SQLException("a stored stream event is not JSON", e);
            }
            return rows;
        }
    }

    private Optional<StreamEvent> event(ResultSet rs, Instant now) throws SQLException, java.io.IOException {
        long id = rs.getLong("id");
        String kind = rs.getString("kind");
        String symbol = rs.getString("symbol");
        String timeframe = rs.getString("timeframe");
        if (StreamEvent.CANDLE.equals(kind)) {
            rs.getDouble("open");
            if (rs.wasNull()) {
                return Optional.empty();
            }
            CandleRow candle = MarketRepository.candle(rs, rs.getBoolean("has_indicators"));
            ObjectNode data = json.valueToTree(candle);
            data.put("closed", isClosed(candle, now));
            return Optional.of(new StreamEvent(id, kind, symbol, timeframe, null, null, data.toString()));
        }
        // jsonb text has spaces after ':' and ','; clients get the same compact JSON as candle events.
        String data = json.readTree(rs.getString("payload")).toString();
        return Optional.of(new StreamEvent(id, kind, symbol, timeframe, rs.getString("account_id"),
                rs.getString("delivery_account_id"), data));
    }

    /** A bar is closed once its period has ended. */
    static boolean isClosed(CandleRow candle, Instant now) {
        Optional<Timeframe> timeframe = Timeframe.parse(candle.timeframe());
        return timeframe.isPresent() && !now.isBefore(timeframe.get().next(candle.ts()));
    }

    /** Deletes events older than {@code retention}; answers how many. */
    public int prune(Duration retention) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM stream_events WHERE created_at < now() - ?::interval")) {
            ps.setString(1, retention.toMillis() + " milliseconds");
            return ps.executeUpdate();
        }
    }
}

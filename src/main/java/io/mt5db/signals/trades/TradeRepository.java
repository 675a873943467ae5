package io.mt5db.signals.trades;

import static io.mt5db.signals.JdbcSupport.doubleOrNull;
import static io.mt5db.signals.JdbcSupport.instant;

import io.mt5db.common.Sql;
import io.mt5db.signals.JdbcSupport;
import io.mt5db.signals.Side;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** The trade_events table: batch insert in one round trip, idempotent on (account_id, ticket, event). */
@ApplicationScoped
public class TradeRepository {

    private static final String INSERT = """
            INSERT INTO trade_events (account_id, ticket, event, symbol, side, volume, price, sl, tp, profit, commission,
                                      swap, slippage, ts, signal_id, status, message)
            SELECT u.account_id, u.ticket, u.event, u.symbol, u.side, u.volume, u.price, u.sl, u.tp, u.profit,
                   u.commission, u.swap, u.slippage, to_timestamp(u.ts_ms / 1000.0), u.signal_id::uuid, u.status,
                   u.message
              FROM unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::float8[],
                          ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int8[], ?::text[],
                          ?::text[], ?::text[])
                   WITH ORDINALITY AS u(account_id, ticket, event, symbol, side, volume, price, sl, tp, profit,
                                        commission, swap, slippage, ts_ms, signal_id, status, message, ord)
             ORDER BY u.ord
            ON CONFLICT ON CONSTRAINT trade_events_identity DO NOTHING
            RETURNING account_id, ticket, event
            """;

    private static final String COLUMNS = "id, account_id, ticket, event, symbol, side, volume, price, sl, tp, profit,"
            + " commission, swap, slippage, ts, signal_id, status, message, received_at";

    @Inject
    DataSource dataSource;

    /** Filters of {@link #list}: null means unfiltered; {@code after} continues from a cursor (ts, id). */
    public record TradeQuery(String accountId, Instant from, Instant to, TradeEventType event, String symbol,
            UUID signalId, Instant afterTs, Long afterId, int limit) {
    }

    /** Stores the events; answers INSERTED or DUPLICATE per event (a repeat inside the batch is a duplicate too). */
    public TradeItemStatus[] write(List<TradeEvent> events) throws SQLException {
        TradeItemStatus[] statuses = new TradeItemStatus[events.size()];
        Map<TradeEvent.Key, Integer> firstIndex = new HashMap<>(events.size() * 2);
        List<TradeEvent> distinct = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            statuses[i] = TradeItemStatus.DUPLICATE;
            if (firstIndex.putIfAbsent(events.get(i).key(), i) == null) {
                distinct.add(events.get(i));
            }
        }
        if (distinct.isEmpty()) {
            return statuses;
        }
        int n = distinct.size();
        String[] account = new String[n];
        Long[] ticket = new Long[n];
        String[] event = new String[n];
        String[] symbol = new String[n];
        String[] side = new String[n];
        Double[][] numbers = new Double[9][n];
        Long[] ts = new Long[n];
        String[] signalId = new String[n];
        String[] status = new String[n];
        String[] message = new String[n];
        for (int j = 0; j < n; j++) {
            TradeEvent e = distinct.get(j);
            account[j] = e.accountId();
            ticket[j] = e.ticket();
            event[j] = e.event().name();
            symbol[j] = e.symbol();
            side[j] = e.side() == null ? null : e.side().name();
            numbers[0][j] = e.volume();
            numbers[1][j] = e.price();
            numbers[2][j] = e.sl();
            numbers[3][j] = e.tp();
            numbers[4][j] = e.profit();
            numbers[5][j] = e.commission();
            numbers[6][j] = e.swap();
            numbers[7][j] = e.slippage();
            ts[j] = e.ts().toEpochMilli();
            signalId[j] = e.signalId() == null ? null : e.signalId().toString();
            status[j] = e.status();
            message[j] = e.message();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            int i = 0;
            ps.setArray(++i, Sql.textArray(c, account));
            ps.setArray(++i, Sql.int8Array(c, ticket));
            ps.setArray(++i, Sql.textArray(c, event));
            ps.setArray(++i, Sql.textArray(c, symbol));
            ps.setArray(++i, Sql.textArray(c, side));
            for (int k = 0; k < 8; k++) {
                ps.setArray(++i, Sql.float8Array(c, numbers[k]));
            }
            ps.setArray(++i, Sql.int8Array(c, ts));
            ps.setArray(++i, Sql.textArray(c, signalId));
            ps.setArray(++i, Sql.textArray(c, status));
            ps.setArray(++i, Sql.textArray(c, message));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TradeEvent.Key key = new TradeEvent.Key(rs.getString(1), rs.getLong(2),
                            TradeEventType.valueOf(rs.getString(3)));
                    statuses[firstIndex.get(key)] = TradeItemStatus.INSERTED;
                }
            }
        }
        return statuses;
    }

    /** In (ts, id) order. */
    public List<TradeRecord> list(TradeQuery q) throws SQLException {
        JdbcSupport.Query query = new JdbcSupport.Query("SELECT " + COLUMNS + " FROM trade_events WHERE true")
                .and("account_id = ?", q.accountId())
                .and("ts >= ?", Sql.ts(q.from()))
                .and("ts < ?", Sql.ts(q.to()))
                .and("event = ?", q.event() == null ? null : q.event().name())
                .and("symbol = ?", q.symbol())
                .and("signal_id = ?", q.signalId());
        if (q.afterTs() != null) {
            query.append(" AND (ts, id) > (?, ?)", Sql.ts(q.afterTs()), q.afterId());
        }
        query.append(" ORDER BY ts, id LIMIT ?", q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = query.prepare(c)) {
            List<TradeRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(record(rs));
                }
            }
            return rows;
        }
    }

    private static TradeRecord record(ResultSet rs) throws SQLException {
        String side = rs.getString(6);
        return new TradeRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), TradeEventType.valueOf(rs.getString(4)),
                rs.getString(5), side == null ? null : Side.valueOf(side), doubleOrNull(rs, 7), doubleOrNull(rs, 8),
                doubleOrNull(rs, 9), doubleOrNull(rs, 10), doubleOrNull(rs, 11), doubleOrNull(rs, 12),
                doubleOrNull(rs, 13), doubleOrNull(rs, 14), instant(rs, 15), rs.getObject(16, UUID.class),
                rs.getString(17), rs.getString(18), instant(rs, 19));
    }
}

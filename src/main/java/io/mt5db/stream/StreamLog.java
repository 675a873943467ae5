package io.mt5db.stream;

import io.mt5db.common.StatementBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The writer side of the live stream: appends, inside the writer's own transaction, what a client
 * must be told about (see V34__stream_events.sql). One cheap INSERT per transaction; numbering,
 * reading and fan-out happen off the writer's path ({@link StreamHub}).
 */
public final class StreamLog {

    /** Changed bars of one series. */
    public record ChangedBars(String symbol, String timeframe, long[] tsMillis) {
    }

    private static final String CANDLES = """
            INSERT INTO stream_pending (kind, symbol, timeframe, bar_ts)
            SELECT 'candle', u.symbol, u.timeframe, array_agg(to_timestamp(u.ts_ms / 1000.0) ORDER BY u.ts_ms)
              FROM unnest(?::text[], ?::text[], ?::int8[]) AS u(symbol, timeframe, ts_ms)
             GROUP BY u.symbol, u.timeframe
            """;

    private StreamLog() {
    }

    /**
     * The statement recording a candle event for every row of {@code changedRows(symbol, timeframe,
     * ts)}, one pending row per series (for a data-modifying CTE beside the writer's upsert).
     */
    public static String candlesSql(String changedRows) {
        return "INSERT INTO stream_pending (kind, symbol, timeframe, bar_ts) SELECT 'candle', symbol, timeframe,"
                + " array_agg(ts ORDER BY ts) FROM " + changedRows + " GROUP BY symbol, timeframe";
    }

    /** Records candle events for the given changed bars as a part of {@code statements}. */
    public static void candles(StatementBatch statements, Collection<ChangedBars> changes) {
        List<ChangedBars> nonEmpty = changes.stream().filter(c -> c.tsMillis().length > 0).toList();
        if (nonEmpty.isEmpty()) {
            return;
        }
        int n = nonEmpty.stream().mapToInt(c -> c.tsMillis().length).sum();
        String[] symbols = new String[n];
        String[] timeframes = new String[n];
        Long[] ts = new Long[n];
        int i = 0;
        for (ChangedBars change : nonEmpty) {
            for (long t : change.tsMillis()) {
                symbols[i] = change.symbol();
                timeframes[i] = change.timeframe();
                ts[i++] = t;
            }
        }
        statements.add(CANDLES, (c, ps, first) -> {
            ps.setArray(first, c.createArrayOf("text", symbols));
            ps.setArray(first + 1, c.createArrayOf("text", timeframes));
            ps.setArray(first + 2, c.createArrayOf("int8", ts));
            return first + 3;
        });
    }

    /** Records candle events for the given changed bars now, in {@code transaction}. */
    public static void candles(Connection transaction, Collection<ChangedBars> changes) throws SQLException {
        StatementBatch statements = new StatementBatch(transaction);
        candles(statements, changes);
        statements.execute();
    }

    /** Candle events for bars of one series. */
    public static void candles(Connection transaction, String symbol, String timeframe, List<Long> tsMillis)
            throws SQLException {
        long[] ts = new long[tsMillis.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = tsMillis.get(i);
        }
        candles(transaction, new ArrayList<>(List.of(new ChangedBars(symbol, timeframe, ts))));
    }

    /** Records one event with its data (one-line JSON), in {@code transaction}. */
    public static void event(Connection transaction, String kind, String symbol, String timeframe, String accountId,
            String deliveryAccountId, String payloadJson) throws SQLException {
        try (PreparedStatement ps = transaction.prepareStatement("INSERT INTO stream_pending"
                + " (kind, symbol, timeframe, account_id, delivery_account_id, payload) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, kind);
            ps.setString(2, symbol);
            ps.setString(3, timeframe);
            ps.setString(4, accountId);
            ps.setString(5, deliveryAccountId);
            ps.setString(6, payloadJson);
            ps.executeUpdate();
        }
    }

    /**
     * A data-modifying statement (for a CTE) recording a {@code signal} event with {@code action} for
     * every row of {@code rows}, which has the signals columns under alias {@code s} and, for delivery
     * actions, the delivery's {@code account_id} and {@code status} as {@code delivery_account_id} and
     * {@code delivery_status} ({@code deliveryColumns} false: none).
     */
    public static String signalEventsSql(String action, String rows, boolean deliveryColumns) {
        String deliveryAccount = deliveryColumns ? "s.delivery_account_id" : "NULL::text";
        String deliveryStatus = deliveryColumns ? "s.delivery_status" : "NULL::text";
        return "INSERT INTO stream_pending (kind, symbol, timeframe, account_id, delivery_account_id, payload)"
                + " SELECT 'signal', s.symbol, s.timeframe, s.account_id, " + deliveryAccount + ", jsonb_build_object("
                + "'action', '" + action + "', 'id', s.id, 'symbol', s.symbol, 'timeframe', s.timeframe, 'side', s.side,"
                + " 'confidence', s.confidence, 'status', s.status, 'account_id', s.account_id,"
                + " 'bar_ts', stream_iso(s.bar_ts), 'created_at', stream_iso(s.created_at),"
                + " 'expires_at', stream_iso(s.expires_at), 'sl_pips', s.sl_pips, 'tp_pips', s.tp_pips,"
                + " 'delivery_status', " + deliveryStatus + ", 'delivery_account_id', " + deliveryAccount + ")"
                + " FROM " + rows;
    }
}

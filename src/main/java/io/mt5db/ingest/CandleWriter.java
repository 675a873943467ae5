package io.mt5db.ingest;

import io.mt5db.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Stores posted candles ({@code source = ea}) in one round trip per batch: an unnest upsert whose
 * RETURNING tells inserted (xmax = 0) from updated, while rows it does not return were identical
 * duplicates. A posted candle replaces a {@code ticks} or {@code rollup} row and re-sent {@code ea}
 * values (last write wins). Rows are written in key order, the order every candle writer uses, so
 * that concurrent writers of the same candles never deadlock.
 */
@ApplicationScoped
public class CandleWriter {

    static final String UPSERT = """
            INSERT INTO candles AS c (symbol, timeframe, ts, open, high, low, close, volume, spread, bid, ask,
                                      real_volume, source, received_at)
            SELECT u.symbol, u.timeframe, to_timestamp(u.ts_ms / 1000.0), u.open, u.high, u.low, u.close, u.volume,
                   u.spread, u.bid, u.ask, u.real_volume, 'ea', now()
              FROM unnest(?::text[], ?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                          ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[])
                   AS u(symbol, timeframe, ts_ms, open, high, low, close, volume, spread, bid, ask, real_volume)
             ORDER BY u.symbol, u.timeframe, u.ts_ms
            ON CONFLICT (symbol, timeframe, ts) DO UPDATE
               SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                   volume = EXCLUDED.volume, spread = EXCLUDED.spread, bid = EXCLUDED.bid, ask = EXCLUDED.ask,
                   real_volume = EXCLUDED.real_volume, source = 'ea', received_at = now()
             WHERE c.source <> 'ea'
                OR (c.open, c.high, c.low, c.close, c.volume, c.spread, c.bid, c.ask, c.real_volume)
                   IS DISTINCT FROM
                   (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.spread,
                    EXCLUDED.bid, EXCLUDED.ask, EXCLUDED.real_volume)
            RETURNING c.symbol, c.timeframe, c.ts, (xmax = 0) AS inserted
            """;

    @Inject
    DataSource dataSource;

    @Inject
    CandleChangeHooks changeHooks;

    /**
     * Writes the candles in one transaction and answers the status of each, in input order. Items
     * with the same key are applied in order (each later one relative to the earlier).
     */
    public ItemStatus[] write(List<CandleInput> candles) throws SQLException {
        ItemStatus[] statuses = new ItemStatus[candles.size()];
        if (candles.isEmpty()) {
            return statuses;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<CandleInput> changed = new ArrayList<>();
                List<CandleInput> inserted = new ArrayList<>();
                for (List<Integer> round : rounds(candles)) {
                    upsertRound(c, candles, round, statuses, changed, inserted);
                }
                changeHooks.candlesChanged(c, changed, inserted);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
        return statuses;
    }

    /** Splits the batch so that no key repeats within one statement (ON CONFLICT touches a row once). */
    static List<List<Integer>> rounds(List<CandleInput> candles) {
        Map<CandleInput.Key, Integer> occurrences = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < candles.size(); i++) {
            int occurrence = occurrences.merge(candles.get(i).key(), 1, Integer::sum) - 1;
            while (rounds.size() <= occurrence) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(occurrence).add(i);
        }
        return rounds;
    }

    private static void upsertRound(Connection c, List<CandleInput> candles, List<Integer> round,
            ItemStatus[] statuses, List<CandleInput> changed, List<CandleInput> inserted) throws SQLException {
        int n = round.size();
        String[] symbols = new String[n];
        String[] timeframes = new String[n];
        Long[] ts = new Long[n];
        Double[] open = new Double[n];
        Double[] high = new Double[n];
        Double[] low = new Double[n];
        Double[] close = new Double[n];
        Long[] volume = new Long[n];
        Double[] spread = new Double[n];
        Double[] bid = new Double[n];
        Double[] ask = new Double[n];
        Double[] realVolume = new Double[n];
        Map<CandleInput.Key, Integer> indexByKey = new HashMap<>(n * 2);
        for (int j = 0; j < n; j++) {
            int index = round.get(j);
            CandleInput candle = candles.get(index);
            symbols[j] = candle.symbol();
            timeframes[j] = candle.timeframe().name();
            ts[j] = candle.ts().toEpochMilli();
            open[j] = candle.open();
            high[j] = candle.high();
            low[j] = candle.low();
            close[j] = candle.close();
            volume[j] = candle.volume();
            spread[j] = candle.spread();
            bid[j] = candle.bid();
            ask[j] = candle.ask();
            realVolume[j] = candle.realVolume();
            indexByKey.put(candle.key(), index);
            statuses[index] = ItemStatus.DUPLICATE;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setArray(1, Sql.textArray(c, symbols));
            ps.setArray(2, Sql.textArray(c, timeframes));
            ps.setArray(3, Sql.int8Array(c, ts));
            ps.setArray(4, Sql.float8Array(c, open));
            ps.setArray(5, Sql.float8Array(c, high));
            ps.setArray(6, Sql.float8Array(c, low));
            ps.setArray(7, Sql.float8Array(c, close));
            ps.setArray(8, Sql.int8Array(c, volume));
            ps.setArray(9, Sql.float8Array(c, spread));
            ps.setArray(10, Sql.float8Array(c, bid));
            ps.setArray(11, Sql.float8Array(c, ask));
            ps.setArray(12, Sql.float8Array(c, realVolume));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant rowTs = rs.getObject(3, OffsetDateTime.class).toInstant();
                    CandleInput.Key key = new CandleInput.Key(rs.getString(1),
                            io.mt5db.common.Timeframe.valueOf(rs.getString(2)), rowTs);
                    Integer index = indexByKey.get(key);
                    if (index != null) {
                        boolean isNew = rs.getBoolean(4);
                        statuses[index] = isNew ? ItemStatus.INSERTED : ItemStatus.UPDATED;
                        changed.add(candles.get(index));
                        if (isNew) {
                            inserted.add(candles.get(index));
                        }
                    }
                }
            }
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}

package io.mt5db.ingest;

import io.mt5db.common.CopyRows;
import io.mt5db.common.Sql;
import io.mt5db.common.UnnestColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Stores posted candles ({@code source = ea}) in one transaction per batch: an unnest upsert whose
 * RETURNING tells inserted (xmax = 0) from updated, while rows it does not return were identical
 * duplicates. A posted candle replaces a {@code ticks} or {@code rollup} row and re-sent {@code ea}
 * values (last write wins). A batch of only new keys (a backfill) takes a cheaper path with the same
 * outcome, see {@link #insertAllAsNew}. Rows are written in key order, the order every candle writer
 * uses, so that concurrent writers of the same candles never deadlock.
 */
@ApplicationScoped
public class CandleWriter {

    private static final String INSERT_INTO = """
            INSERT INTO candles AS c (symbol, timeframe, ts, open, high, low, close, volume, spread, bid, ask,
                                      real_volume, source, received_at)
            """;

    private static final String ON_CONFLICT = """
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

    /** The batch upsert, with the candles as twelve arrays in key order. */
    static final String UPSERT = INSERT_INTO + """
            SELECT u.symbol, u.timeframe, to_timestamp(u.ts_ms / 1000.0), u.open, u.high, u.low, u.close, u.volume,
                   u.spread, u.bid, u.ask, u.real_volume, 'ea', now()
              FROM unnest(?::text[], ?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                          ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[])
                   AS u(symbol, timeframe, ts_ms, open, high, low, close, volume, spread, bid, ask, real_volume)
             ORDER BY u.symbol, u.timeframe, u.ts_ms
            """ + ON_CONFLICT;

    /**
     * The same for one candle, with scalar parameters: PostgreSQL keeps one generic plan for it,
     * where the array form's estimates make it plan every execution anew.
     */
    static final String UPSERT_ONE = INSERT_INTO + """
            VALUES (?, ?, ?, ?::float8, ?::float8, ?::float8, ?::float8, ?::int8, ?::float8, ?::float8, ?::float8,
                    ?::float8, 'ea', now())
            """ + ON_CONFLICT;

    /** Scalar keys rather than arrays, so that one cheap generic plan serves every request. */
    static final String ANY_STORED = """
            SELECT EXISTS (SELECT 1 FROM candles WHERE symbol = ? AND timeframe = ? AND ts = ?)
                OR EXISTS (SELECT 1 FROM candles WHERE symbol = ? AND timeframe = ? AND ts = ?)
            """;

    /**
     * Smaller batches (of candles or ticks) go straight to the upsert: a single candle is most often
     * the EA re-sending its forming bar, which exists, and for a few rows the probe's extra round trip
     * costs more than the plain COPY saves.
     */
    static final int NEW_KEYS_MIN_BATCH = 16;


    static final String COPY = "COPY candles (symbol, timeframe, ts, open, high, low, close, volume, spread, bid, ask,"
            + " real_volume, source) FROM STDIN (FORMAT binary)";

    private static boolean strictlyIncreasing(List<CandleInput> candles) {
        for (int i = 1; i < candles.size(); i++) {
            if (compareKeys(candles.get(i - 1), candles.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Key order (symbol, timeframe name, ts); clients mostly send batches in it already. */
    static int compareKeys(CandleInput a, CandleInput b) {
        int bySymbol = a.symbol().compareTo(b.symbol());
        if (bySymbol != 0) {
            return bySymbol;
        }
        int byTimeframe = a.timeframe() == b.timeframe() ? 0 : a.timeframe().name().compareTo(b.timeframe().name());
        return byTimeframe != 0 ? byTimeframe : a.ts().compareTo(b.ts());
    }

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
        List<List<Integer>> rounds = rounds(candles);
        boolean oneRound = rounds.size() == 1;
        try (Connection c = dataSource.getConnection()) {
            if (oneRound && candles.size() < NEW_KEYS_MIN_BATCH) {
                // A single candle (the EA's forming bar) or a few: the upsert and every mark in one
                // statement, committed with it: one round trip instead of five.
                c.setAutoCommit(true);
                upsertRound(c, true, candles, rounds.get(0), statuses, new ArrayList<>(), new ArrayList<>());
                return statuses;
            }
            c.setAutoCommit(false);
            try {
                if (oneRound && insertAllAsNew(c, candles)) {
                    Arrays.fill(statuses, ItemStatus.INSERTED);
                    changeHooks.candlesChanged(c, candles, candles);
                } else if (oneRound) {
                    upsertRound(c, true, candles, rounds.get(0), statuses, new ArrayList<>(), new ArrayList<>());
                } else {
                    List<CandleInput> changed = new ArrayList<>();
                    List<CandleInput> inserted = new ArrayList<>();
                    for (List<Integer> round : rounds) {
                        upsertRound(c, false, candles, round, statuses, changed, inserted);
                    }
                    changeHooks.candlesChanged(c, changed, inserted);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(c);
                throw e;
            }
        }
        return statuses;
    }

    /**
     * The backfill path. When none of the keys is stored, a plain COPY gives the upsert's outcome
     * (every item inserted) for about a third of the database's work: no speculative insertion per row,
     * nothing returned, multi-row heap writes. A stored key makes it fail with unique_violation; then it rolls back and
     * answers false, with the transaction empty again, and the caller upserts. To spare most such
     * failures it first looks up the batch's first and last keys: a re-sent or overlapping batch
     * shares its edges with what is stored.
     */
    private static boolean insertAllAsNew(Connection c, List<CandleInput> candles) throws SQLException {
        CandleInput first = candles.get(0);
        CandleInput last = candles.get(candles.size() - 1);
        try (PreparedStatement probe = c.prepareStatement(ANY_STORED)) {
            int i = 0;
            for (CandleInput edge : List.of(first, last)) {
                probe.setString(++i, edge.symbol());
                probe.setString(++i, edge.timeframe().name());
                probe.setObject(++i, Sql.ts(edge.ts()));
            }
            try (ResultSet rs = probe.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        return copyRows(candles).copyIfAllNew(c, COPY);
    }

    /**
     * The new candles as COPY rows in key order, the order of every candle writer, so that a writer
     * waiting on another's uncommitted key never holds a key that one wants. Java orders symbols by
     * code point; where the database's collation orders mixed-case symbols otherwise, a deadlock
     * with a concurrent writer of the same new keys is possible, and {@link CopyRows#copyIfAllNew} turns it
     * into the upsert.
     */
    static CopyRows copyRows(List<CandleInput> candles) {
        List<CandleInput> sorted = candles;
        if (!strictlyIncreasing(candles)) {
            sorted = new ArrayList<>(candles);
            sorted.sort(CandleWriter::compareKeys);
        }
        CopyRows rows = new CopyRows(sorted.size(), 130);
        for (CandleInput candle : sorted) {
            rows.text(candle.symbol()).text(candle.timeframe().name()).timestamptz(candle.ts())
                    .decimal(candle.open()).decimal(candle.high()).decimal(candle.low()).decimal(candle.close())
                    .bigint(candle.volume()).decimal(candle.spread()).decimal(candle.bid()).decimal(candle.ask())
                    .decimal(candle.realVolume()).text("ea").endRow();
        }
        return rows;
    }


    /** Splits the batch so that no key repeats within one statement (ON CONFLICT touches a row once). */
    static List<List<Integer>> rounds(List<CandleInput> candles) {
        if (strictlyIncreasing(candles)) {
            // The usual batch: in key order, so no key repeats; no need to hash every key.
            List<Integer> all = new ArrayList<>(candles.size());
            for (int i = 0; i < candles.size(); i++) {
                all.add(i);
            }
            return List.of(all);
        }
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

    /**
     * Upserts the candles of one round ({@link #UPSERT_ONE} for one candle, else {@link #UPSERT}); with
     * {@code withChangedRowsStatements}, the listeners' marks are written by the same statement.
     */
    private void upsertRound(Connection c, boolean withChangedRowsStatements, List<CandleInput> candles,
            List<Integer> round, ItemStatus[] statuses, List<CandleInput> changed, List<CandleInput> inserted)
            throws SQLException {
        String upsert = round.size() == 1 ? UPSERT_ONE : UPSERT;
        if (withChangedRowsStatements) {
            upsert = changeHooks.withChangedRowsStatements(upsert);
        }
        Map<CandleInput.Key, Integer> indexByKey = new HashMap<>(round.size() * 2);
        for (int index : round) {
            indexByKey.put(candles.get(index).key(), index);
            statuses[index] = ItemStatus.DUPLICATE;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            if (round.size() == 1) {
                bindOne(ps, candles.get(round.get(0)));
            } else {
                bindColumns(c, ps, candles, round);
            }
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

    private static void bindOne(PreparedStatement ps, CandleInput candle) throws SQLException {
        ps.setString(1, candle.symbol());
        ps.setString(2, candle.timeframe().name());
        ps.setObject(3, Sql.ts(candle.ts()));
        ps.setDouble(4, candle.open());
        ps.setDouble(5, candle.high());
        ps.setDouble(6, candle.low());
        ps.setDouble(7, candle.close());
        ps.setObject(8, candle.volume(), Types.BIGINT);
        ps.setObject(9, candle.spread(), Types.DOUBLE);
        ps.setObject(10, candle.bid(), Types.DOUBLE);
        ps.setObject(11, candle.ask(), Types.DOUBLE);
        ps.setObject(12, candle.realVolume(), Types.DOUBLE);
    }

    /** Binds the twelve unnest arrays of {@link #UPSERT} for the candles at {@code indexes}. */
    private static void bindColumns(Connection c, PreparedStatement ps, List<CandleInput> candles,
            List<Integer> indexes) throws SQLException {
        List<CandleInput> round = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            round.add(candles.get(index));
        }
        UnnestColumns.of(c, round).text(CandleInput::symbol).text(candle -> candle.timeframe().name())
                .int8(candle -> candle.ts().toEpochMilli()).float8(CandleInput::open).float8(CandleInput::high)
                .float8(CandleInput::low).float8(CandleInput::close).int8(CandleInput::volume)
                .float8(CandleInput::spread).float8(CandleInput::bid).float8(CandleInput::ask)
                .float8(CandleInput::realVolume).bind(ps, 1);
    }
}

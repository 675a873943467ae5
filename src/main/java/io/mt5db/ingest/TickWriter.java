package io.mt5db.ingest;

import io.mt5db.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Stores ticks in one round trip per batch. Identical ticks (same values, same ts) are duplicates,
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
            ON CONFLICT ON CONSTRAINT ticks_identity DO NOTHING
            RETURNING symbol, ts, bid, ask, last, volume, flags
            """;

    /** Implemented by a stage that must learn of stored ticks in the same transaction (the aggregator). */
    public interface Listener {
        void ticksInserted(Connection transaction, List<TickInput> inserted) throws SQLException;
    }

    @Inject
    DataSource dataSource;

    @Inject
    Instance<Listener> listeners;

    public ItemStatus[] write(List<TickInput> ticks) throws SQLException {
        ItemStatus[] statuses = new ItemStatus[ticks.size()];
        Map<TickInput, Integer> firstIndex = new HashMap<>(ticks.size() * 2);
        List<TickInput> distinct = new ArrayList<>(ticks.size());
        for (int i = 0; i < ticks.size(); i++) {
            if (firstIndex.putIfAbsent(ticks.get(i), i) == null) {
                distinct.add(ticks.get(i));
            }
            statuses[i] = ItemStatus.DUPLICATE;
        }
        if (distinct.isEmpty()) {
            return statuses;
        }
        int n = distinct.size();
        String[] symbols = new String[n];
        Long[] ts = new Long[n];
        Double[] bid = new Double[n];
        Double[] ask = new Double[n];
        Double[] last = new Double[n];
        Double[] volume = new Double[n];
        Integer[] flags = new Integer[n];
        for (int j = 0; j < n; j++) {
            TickInput t = distinct.get(j);
            symbols[j] = t.symbol();
            ts[j] = t.tsMillis();
            bid[j] = t.bid();
            ask[j] = t.ask();
            last[j] = t.last();
            volume[j] = t.volume();
            flags[j] = t.flags();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<TickInput> inserted = new ArrayList<>(n);
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ps.setArray(1, Sql.textArray(c, symbols));
                    ps.setArray(2, Sql.int8Array(c, ts));
                    ps.setArray(3, Sql.float8Array(c, bid));
                    ps.setArray(4, Sql.float8Array(c, ask));
                    ps.setArray(5, Sql.float8Array(c, last));
                    ps.setArray(6, Sql.float8Array(c, volume));
                    ps.setArray(7, Sql.int4Array(c, flags));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            TickInput stored = new TickInput(rs.getString(1),
                                    rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(), rs.getDouble(3),
                                    rs.getDouble(4), (Double) rs.getObject(5), (Double) rs.getObject(6),
                                    (Integer) rs.getObject(7));
                            Integer index = firstIndex.get(stored);
                            if (index != null) {
                                statuses[index] = ItemStatus.INSERTED;
                                inserted.add(stored);
                            }
                        }
                    }
                }
                if (!inserted.isEmpty()) {
                    for (Listener listener : listeners) {
                        listener.ticksInserted(c, inserted);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                CandleWriter.rollbackQuietly(c);
                throw e;
            }
        }
        return statuses;
    }
}

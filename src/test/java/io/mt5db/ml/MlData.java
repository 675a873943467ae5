package io.mt5db.ml;

import io.mt5db.common.Sql;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.market.SeriesChangeLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;

/** Synthetic M1 series for the ML tests, written straight into candles; indicators by the real job. */
final class MlData {

    record Bar(Instant ts, double open, double high, double low, double close, long volume, double spread) {
    }

    private MlData() {
    }

    /**
     * A series with a planted, learnable pattern: each return continues the previous one's sign
     * ({@code persistence} of the previous return plus noise), one bar per minute from {@code start}.
     */
    static List<Bar> momentum(long seed, Instant start, int n, double persistence) {
        Random random = new Random(seed);
        List<Bar> out = new ArrayList<>(n);
        double close = 1.1;
        double ret = 0;
        for (int i = 0; i < n; i++) {
            double open = close;
            ret = persistence * ret + random.nextGaussian() * 0.0002;
            close = round(open * Math.exp(ret));
            double high = round(Math.max(open, close) + random.nextDouble() * 0.0001);
            double low = round(Math.min(open, close) - random.nextDouble() * 0.0001);
            out.add(new Bar(start.plus(Duration.ofMinutes(i)), open, high, low, close, 10 + random.nextInt(300), 0.00002));
        }
        return out;
    }

    /** Bars ending with the bar that starts {@code endMinutesAgo} minutes before the current minute. */
    static List<Bar> endingNow(long seed, int n, int endMinutesAgo) {
        Instant minute = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60);
        return momentum(seed, minute.minus(Duration.ofMinutes(endMinutesAgo + n - 1L)), n, 0.6);
    }

    private static double round(double price) {
        return Math.round(price * 1e5) / 1e5;
    }

    /** Inserts the bars as posted M1 candles, registers the symbol (5 digits, always open) and marks the series. */
    static void insert(DataSource ds, String symbol, List<Bar> bars) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candles (symbol, timeframe, ts, open, high, low,"
                    + " close, volume, spread, source) SELECT ?, 'M1', * , 'ea' FROM unnest(?::timestamptz[], ?::float8[],"
                    + " ?::float8[], ?::float8[], ?::float8[], ?::int8[], ?::float8[])"
                    + " ON CONFLICT (symbol, timeframe, ts) DO UPDATE SET open = excluded.open, high = excluded.high,"
                    + " low = excluded.low, close = excluded.close, volume = excluded.volume, spread = excluded.spread")) {
                ps.setString(1, symbol);
                ps.setArray(2, c.createArrayOf("timestamptz", bars.stream().map(b -> Sql.ts(b.ts())).toArray()));
                ps.setArray(3, Sql.float8Array(c, bars.stream().map(Bar::open).toArray(Double[]::new)));
                ps.setArray(4, Sql.float8Array(c, bars.stream().map(Bar::high).toArray(Double[]::new)));
                ps.setArray(5, Sql.float8Array(c, bars.stream().map(Bar::low).toArray(Double[]::new)));
                ps.setArray(6, Sql.float8Array(c, bars.stream().map(Bar::close).toArray(Double[]::new)));
                ps.setArray(7, Sql.int8Array(c, bars.stream().map(Bar::volume).toArray(Long[]::new)));
                ps.setArray(8, Sql.float8Array(c, bars.stream().map(Bar::spread).toArray(Double[]::new)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO symbols (symbol, digits, sessions)"
                    + " VALUES (?, 5, '{\"always_open\": true}'::jsonb) ON CONFLICT (symbol) DO NOTHING")) {
                ps.setString(1, symbol);
                ps.executeUpdate();
            }
            SeriesChangeLog.mark(c, Map.of(new SeriesChangeLog.Series(symbol, "M1"), bars.get(0).ts()));
            c.commit();
        }
    }

    /** Inserts the bars and lets the indicator job compute their indicators. */
    static void insertWithIndicators(DataSource ds, IndicatorJob indicators, String symbol, List<Bar> bars)
            throws SQLException {
        insert(ds, symbol, bars);
        for (int i = 0; i < 5; i++) {
            if (indicators.runOnce().processed() == 0) {
                break;
            }
        }
    }

    static void exec(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i] instanceof Instant t ? Sql.ts(t) : params[i]);
            }
            ps.execute();
        }
    }

    static long count(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i] instanceof Instant t ? Sql.ts(t) : params[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

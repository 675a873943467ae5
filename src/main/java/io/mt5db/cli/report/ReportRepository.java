package io.mt5db.cli.report;

import io.mt5db.common.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's reads. Every count is bounded by the window through an index (candles and ticks per
 * symbol on their primary or identity key, signals on created_at), so a day's report stays cheap on
 * a large database.
 */
@ApplicationScoped
public class ReportRepository {

    public List<String> symbols(Connection c) throws SQLException {
        List<String> symbols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT symbol FROM symbols ORDER BY symbol");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                symbols.add(rs.getString(1));
            }
        }
        return symbols;
    }

    public DailyReport.SymbolIngest ingest(Connection c, String symbol, Instant from, Instant to) throws SQLException {
        long m1 = 0;
        long fromEa = 0;
        long m1FromTicks = 0;
        Instant lastBar = null;
        try (PreparedStatement counts = c.prepareStatement("SELECT source, count(*) FROM candles WHERE symbol = ? "
                + "AND timeframe = ? AND ts >= ? AND ts < ? GROUP BY source");
                PreparedStatement newest = c.prepareStatement(
                        "SELECT max(ts) FROM candles WHERE symbol = ? AND timeframe = ?")) {
            for (Timeframe tf : Timeframe.values()) {
                counts.setString(1, symbol);
                counts.setString(2, tf.name());
                counts.setTimestamp(3, Timestamp.from(from));
                counts.setTimestamp(4, Timestamp.from(to));
                try (ResultSet rs = counts.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(2);
                        String source = rs.getString(1);
                        if (tf == Timeframe.M1) {
                            m1 += n;
                            m1FromTicks += source.equals("ticks") ? n : 0;
                        }
                        fromEa += source.equals("ea") ? n : 0;
                    }
                }
                newest.setString(1, symbol);
                newest.setString(2, tf.name());
                try (ResultSet rs = newest.executeQuery()) {
                    Timestamp ts = rs.next() ? rs.getTimestamp(1) : null;
                    if (ts != null && (lastBar == null || ts.toInstant().isAfter(lastBar))) {
                        lastBar = ts.toInstant();
                    }
                }
            }
        }
        long ticks;
        Instant lastTick;
        try (PreparedStatement count = c.prepareStatement(
                        "SELECT count(*) FROM ticks WHERE symbol = ? AND ts >= ? AND ts < ?");
                PreparedStatement newest = c.prepareStatement("SELECT max(ts) FROM ticks WHERE symbol = ?")) {
            count.setString(1, symbol);
            count.setTimestamp(2, Timestamp.from(from));
            count.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                ticks = rs.getLong(1);
            }
            newest.setString(1, symbol);
            try (ResultSet rs = newest.executeQuery()) {
                lastTick = rs.next() ? instant(rs.getTimestamp(1)) : null;
            }
        }
        return new DailyReport.SymbolIngest(symbol, m1, fromEa, m1FromTicks, ticks, lastBar, lastTick);
    }

    /** Whether the symbol has any M1 bar at or before the window's end (only such series can have gaps). */
    public boolean hasM1Before(Connection c, String symbol, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM candles WHERE symbol = ? AND timeframe = 'M1' AND ts < ?)")) {
            ps.setString(1, symbol);
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public DailyReport.SignalActivity signals(Connection c, Instant from, Instant to) throws SQLException {
        long created = count(c, "SELECT count(*) FROM signals WHERE created_at >= ? AND created_at < ?", from, to);
        Map<String, Long> ended = grouped(c, "SELECT status, count(*) FROM signals WHERE status IN ('EXPIRED', "
                + "'CANCELLED') AND status_at >= ? AND status_at < ? GROUP BY status", from, to);
        long delivered = count(c, "SELECT count(*) FROM signal_deliveries WHERE first_delivered_at >= ? "
                + "AND first_delivered_at < ?", from, to);
        Map<String, Long> acked = grouped(c, "SELECT status, count(*) FROM signal_deliveries WHERE acked_at >= ? "
                + "AND acked_at < ? GROUP BY status", from, to);
        long predictions = count(c, "SELECT count(*) FROM model_signals WHERE created_at >= ? AND created_at < ?", from, to);
        return new DailyReport.SignalActivity(created, delivered, acked.values().stream().mapToLong(Long::longValue).sum(),
                acked, ended.getOrDefault("EXPIRED", 0L), ended.getOrDefault("CANCELLED", 0L), predictions);
    }

    public List<DailyReport.FailedJob> failedTrainingJobs(Connection c, Instant from, Instant to) throws SQLException {
        List<DailyReport.FailedJob> jobs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, finished_at, error FROM ml_jobs WHERE status = 'failed' "
                + "AND finished_at >= ? AND finished_at < ? ORDER BY finished_at, id")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new DailyReport.FailedJob(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3)));
                }
            }
        }
        return jobs;
    }

    private static long count(Connection c, String sql, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Long> grouped(Connection c, String sql, Instant from, Instant to) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}

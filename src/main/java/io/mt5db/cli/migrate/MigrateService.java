package io.mt5db.cli.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.cli.importing.BrokerClock;
import io.mt5db.ingest.DetailLevel;
import io.mt5db.ingest.IngestResponse;
import io.mt5db.ingest.IngestService;
import io.mt5db.ingest.ItemStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Moves the old system's data into this schema through the same ingest path as {@code import}:
 * {@code market_data} candles (seed doc 000's DDL) and {@code market_data_raw} tick arrays (JSONB).
 * Reads each table in key order in batches (keyset pagination, never the whole table) and keeps a
 * checkpoint (the last key stored per table) after every batch, so a rerun continues where it
 * stopped; re-sent rows are duplicates, so it is idempotent. The old system labelled broker time as
 * UTC: with a broker offset or zone each stored ts's wall-clock is read in it instead.
 */
@ApplicationScoped
public class MigrateService {

    static final int REJECTED_SHOWN = 10;

    @Inject
    IngestService ingest;

    private final ObjectMapper mapper = new ObjectMapper();

    /** Per table: rows read, inserted, updated, duplicate, rejected, and the first rejections. */
    public static final class TableSummary {
        public final String table;
        public long read;
        public long inserted;
        public long updated;
        public long duplicates;
        public long rejected;
        public boolean complete;
        public final List<String> firstRejected = new ArrayList<>();

        TableSummary(String table) {
            this.table = table;
        }

        void add(IngestResponse r, List<String> keys) {
            inserted += r.inserted();
            updated += r.updated() == null ? 0 : r.updated();
            duplicates += r.duplicates();
            rejected += r.rejected();
            for (IngestResponse.ItemDetail d : r.details()) {
                if (d.status() == ItemStatus.REJECTED && firstRejected.size() < REJECTED_SHOWN) {
                    firstRejected.add(keys.get(d.index()) + ": " + d.field() + ": " + d.error() + " [" + d.reason() + "]");
                }
            }
        }

        public String render() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "  %s: %s; read %,d  inserted %,d  updated %,d  duplicate %,d  rejected %,d%n", table,
                    complete ? "done" : "STOPPED (run again to resume)", read, inserted, updated, duplicates, rejected));
            for (String r : firstRejected) {
                out.append("    ").append(r).append('\n');
            }
            return out.toString();
        }
    }

    public List<TableSummary> run(MigrateRequest request) throws SQLException, IOException {
        Properties state = new Properties();
        if (!request.restart() && Files.exists(request.stateFile())) {
            try (InputStream in = Files.newInputStream(request.stateFile())) {
                state.load(in);
            }
        }
        List<TableSummary> out = new ArrayList<>();
        try (Connection old = DriverManager.getConnection(request.fromUrl(), request.user(), request.password())) {
            old.setReadOnly(true);
            out.add(candles(old, request, state));
            if (tableExists(old, "market_data_raw")) {
                out.add(ticks(old, request, state));
            }
        }
        return out;
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private TableSummary candles(Connection old, MigrateRequest request, Properties state) throws SQLException, IOException {
        TableSummary summary = restore(new TableSummary("market_data"), state);
        if (summary.complete) {
            return summary;
        }
        String symbol = state.getProperty("market_data.symbol", "");
        String timeframe = state.getProperty("market_data.timeframe", "");
        // ("", "", epoch) precedes every real key: symbols are never empty
        Timestamp ts = new Timestamp(Long.parseLong(state.getProperty("market_data.ts_ms", "0")));
        BrokerClock clock = request.brokerZone() == null ? null : new BrokerClock(request.brokerZone());
        int batches = 0;
        while (true) {
            List<JsonNode> items = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = old.prepareStatement("""
                    SELECT symbol, timeframe, ts, open, high, low, close, volume, spread FROM market_data
                     WHERE (symbol, timeframe, ts) > (?, ?, ?) ORDER BY symbol, timeframe, ts LIMIT ?""")) {
                ps.setString(1, symbol);
                ps.setString(2, timeframe);
                ps.setTimestamp(3, ts);
                ps.setInt(4, request.batchSize());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        symbol = rs.getString(1);
                        timeframe = rs.getString(2);
                        OffsetDateTime stored = rs.getObject(3, OffsetDateTime.class);
                        ts = Timestamp.from(stored.toInstant());
                        ObjectNode item = JsonNodeFactory.instance.objectNode();
                        item.put("symbol", symbol);
                        item.put("timeframe", timeframe);
                        item.put("ts", reread(stored.toInstant(), clock).toString());
                        for (String f : List.of("open", "high", "low", "close")) {
                            putDecimal(item, f, rs.getBigDecimal(f));
                        }
                        putDecimal(item, "volume", rs.getBigDecimal("volume"));
                        putDecimal(item, request.spreadInPoints() ? "spread_points" : "spread", rs.getBigDecimal("spread"));
                        items.add(item);
                        keys.add(symbol + " " + timeframe + " " + stored.toInstant());
                    }
                }
            }
            if (items.isEmpty()) {
                summary.complete = true;
                save(request, state, summary);
                return summary;
            }
            summary.read += items.size();
            summary.add(ingest.ingestCandles(items, ZoneOffset.UTC, false, DetailLevel.ERRORS), keys);
            state.setProperty("market_data.symbol", symbol);
            state.setProperty("market_data.timeframe", timeframe);
            state.setProperty("market_data.ts_ms", Long.toString(ts.getTime()));
            save(request, state, summary);
            if (request.stopAfterBatches() > 0 && ++batches >= request.stopAfterBatches()) {
                return summary;
            }
        }
    }

    private TableSummary ticks(Connection old, MigrateRequest request, Properties state) throws SQLException, IOException {
        TableSummary summary = restore(new TableSummary("market_data_raw"), state);
        if (summary.complete) {
            return summary;
        }
        long lastId = Long.parseLong(state.getProperty("market_data_raw.id", "0"));
        BrokerClock clock = request.brokerZone() == null ? null : new BrokerClock(request.brokerZone());
        int batches = 0;
        while (true) {
            List<JsonNode> items = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            long maxId = lastId;
            // rows of arrays: a batch is whole rows up to about batchSize ticks
            try (PreparedStatement ps = old.prepareStatement(
                    "SELECT id, symbol, data::text FROM market_data_raw WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, lastId);
                ps.setInt(2, Math.max(1, request.batchSize() / 50));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String symbol = rs.getString(2);
                        JsonNode data = mapper.readTree(rs.getString(3));
                        for (JsonNode t : data.isArray() ? data : List.of(data)) {
                            if (!t.isObject()) {
                                continue;
                            }
                            ObjectNode tick = ((ObjectNode) t).deepCopy();
                            if (!tick.hasNonNull("symbol")) {
                                tick.put("symbol", symbol);
                            }
                            if (clock != null && tick.hasNonNull("ts") && tick.get("ts").isTextual()) {
                                tick.put("ts", reread(Instant.parse(toIso(tick.get("ts").textValue())), clock).toString());
                            }
                            items.add(tick);
                            keys.add("market_data_raw id " + id);
                        }
                        maxId = id;
                        if (items.size() >= request.batchSize()) {
                            break;
                        }
                    }
                }
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalStateException("market_data_raw after id " + lastId + ": unreadable ts: " + e.getMessage(), e);
            }
            if (maxId == lastId) {
                summary.complete = true;
                save(request, state, summary);
                return summary;
            }
            summary.read += items.size();
            for (int from = 0; from < items.size(); from += 10_000) {
                int to = Math.min(items.size(), from + 10_000);
                summary.add(ingest.ingestTicks(items.subList(from, to), ZoneOffset.UTC, false, DetailLevel.ERRORS),
                        keys.subList(from, to));
            }
            lastId = maxId;
            state.setProperty("market_data_raw.id", Long.toString(lastId));
            save(request, state, summary);
            if (request.stopAfterBatches() > 0 && ++batches >= request.stopAfterBatches()) {
                return summary;
            }
        }
    }

    /** The old stamp's UTC wall-clock read in the broker's zone (the old EAs sent broker time as UTC). */
    static Instant reread(Instant stored, BrokerClock clock) {
        return clock == null ? stored : clock.toInstant(LocalDateTime.ofInstant(stored, ZoneOffset.UTC));
    }

    private static String toIso(String text) {
        String s = text.trim().replace(' ', 'T');
        return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$") ? OffsetDateTime.parse(s).toInstant().toString() : s + "Z";
    }

    private static void putDecimal(ObjectNode item, String field, java.math.BigDecimal value) {
        if (value != null) {
            item.put(field, value.stripTrailingZeros().toPlainString());
        }
    }

    private static TableSummary restore(TableSummary s, Properties state) {
        String p = s.table + ".";
        s.read = Long.parseLong(state.getProperty(p + "read", "0"));
        s.inserted = Long.parseLong(state.getProperty(p + "inserted", "0"));
        s.updated = Long.parseLong(state.getProperty(p + "updated", "0"));
        s.duplicates = Long.parseLong(state.getProperty(p + "duplicates", "0"));
        s.rejected = Long.parseLong(state.getProperty(p + "rejected", "0"));
        s.complete = Boolean.parseBoolean(state.getProperty(p + "complete", "false"));
        return s;
    }

    private static void save(MigrateRequest request, Properties state, TableSummary s) throws IOException {
        String p = s.table + ".";
        Map<String, String> values = new LinkedHashMap<>();
        values.put("read", Long.toString(s.read));
        values.put("inserted", Long.toString(s.inserted));
        values.put("updated", Long.toString(s.updated));
        values.put("duplicates", Long.toString(s.duplicates));
        values.put("rejected", Long.toString(s.rejected));
        values.put("complete", Boolean.toString(s.complete));
        values.forEach((k, v) -> state.setProperty(p + k, v));
        java.nio.file.Path tmp = request.stateFile().resolveSibling(request.stateFile().getFileName() + ".tmp");
        if (request.stateFile().getParent() != null) {
            Files.createDirectories(request.stateFile().getParent());
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            state.store(out, "mt5db migrate checkpoint: the last key stored per table");
        }
        Files.move(tmp, request.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

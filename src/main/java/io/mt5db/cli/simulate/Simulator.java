package io.mt5db.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.cli.importing.BrokerClock;
import io.mt5db.cli.importing.ImportFile;
import io.mt5db.cli.importing.ImportFormat;
import io.mt5db.cli.importing.ImportRecord;
import io.mt5db.cli.importing.LineException;
import io.mt5db.cli.importing.LineFormat;
import io.mt5db.common.Timeframe;
import io.mt5db.common.TimestampParser;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Expert Advisor against a running server, over plain HTTP (no database, no Quarkus): sends the
 * symbol's metadata, asks {@code /ingest/cursor}, backfills what the server lacks from the file in
 * batches, replays the rest at real or accelerated time (a bar once it has closed, ticks in
 * one-second batches), polls {@code /signals/next} for each account, "executes" (dry run: acks
 * SKIPPED; {@code --execute}: acks FILLED with a made-up ticket and posts the OPEN trade event),
 * never acks a signal twice (ids persisted in the state file), and reports what it saw.
 */
public final class Simulator {

    private static final DateTimeFormatter MQL5 = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss", Locale.ROOT);

    private final SimulatorOptions o;
    private final PrintStream log;
    private final SimulationReport report = new SimulationReport();
    private final EaClient client;
    private final ZoneId zone;
    private final TimestampParser timestamps;
    private final Set<String> acked = new HashSet<>();
    private final Map<String, Double> lastPrice = new HashMap<>();
    private final Map<String, Integer> openPositions = new HashMap<>();
    private long nextTicket = System.currentTimeMillis() % 1_000_000_000L * 100;

    public Simulator(SimulatorOptions options, PrintStream log) {
        this.o = options;
        this.log = log;
        this.zone = TimestampParser.parseBrokerZone(options.brokerOffset());
        this.timestamps = new TimestampParser(zone);
        this.client = new EaClient(options.url(), options.brokerOffset(), Simulator::sleep);
    }

    public SimulationReport run() throws IOException, InterruptedException {
        loadAcked();
        long startNanos = System.nanoTime();
        long deadline = o.duration() == null ? Long.MAX_VALUE : startNanos + o.duration().toNanos();
        Records records = o.file() == null ? null : new Records();
        try {
            ArrayDeque<Due> pending = new ArrayDeque<>();
            Instant cursor = null;
            if (records != null) {
                cursor = start(records);
            }
            Instant simStart = null;
            long wallStart = 0;
            long nextPoll = System.nanoTime();
            long nextSend = 0;
            while (true) {
                if (records != null && (records.more() || !pending.isEmpty())) {
                    if (o.speed() <= 0) {
                        sendBatch(records, pending, cursor, Instant.MAX);
                    } else {
                        if (simStart == null) {
                            simStart = backfill(records, pending, cursor);
                            wallStart = System.nanoTime();
                        }
                        // like the EA's timer: what became due is sent once a second (ticks in 1-s batches)
                        if (System.nanoTime() >= nextSend) {
                            nextSend = System.nanoTime() + 1_000_000_000L;
                            double elapsed = (System.nanoTime() - wallStart) / 1e9 * o.speed();
                            Instant simNow = simStart == null ? Instant.MAX
                                    : simStart.plusNanos((long) Math.min(elapsed * 1e9, Long.MAX_VALUE / 2));
                            while (sendBatch(records, pending, cursor, simNow) >= o.batchSize()) {
                                // more than a batch became due: the rest in further requests
                            }
                        }
                    }
                }
                boolean fileDone = records == null || (!records.more() && pending.isEmpty());
                if (o.pollSignals() && System.nanoTime() >= nextPoll) {
                    for (int i = 0; i < o.accounts().size(); i++) {
                        poll(o.accounts().get(i), keyOf(i));
                    }
                    nextPoll = System.nanoTime() + o.pollInterval().toNanos();
                }
                if (System.nanoTime() >= deadline || (fileDone && !o.pollSignals())) {
                    break;
                }
                if (fileDone || o.speed() > 0) {
                    sleep(50);
                }
            }
        } finally {
            if (records != null) {
                records.close();
            }
        }
        report.retriesHonoured = client.retriesHonoured;
        report.httpStatuses = client.statuses;
        return report;
    }

    private String keyOf(int account) {
        return account < o.accountKeys().size() ? o.accountKeys().get(account) : o.key();
    }

    // ---- market data ------------------------------------------------------------------------------

    /** Metadata once, then the cursor: what the server already has is not sent again. */
    private Instant start(Records records) throws IOException, InterruptedException {
        Due first = records.peek();
        if (first != null && o.symbol() != null) {
            int digits = digits(first.record.item());
            ObjectNode meta = client.mapper().createObjectNode();
            meta.put("digits", digits);
            meta.put("point", BigDecimal.ONE.movePointLeft(digits).doubleValue());
            EaClient.Reply r = client.put(o.key(), "/symbols/" + o.symbol(), meta);
            report.symbolMetadataSent = r.ok();
            if (!r.ok()) {
                log.println("simulate: PUT /symbols/" + o.symbol() + " answered " + r.status() + ": " + r.text());
            }
        }
        if (first != null && !first.record.tick() && o.symbol() != null && o.timeframe() != null) {
            EaClient.Reply r = client.get(o.key(), "/ingest/cursor?" + EaClient.query("symbol", o.symbol()) + "&"
                    + EaClient.query("timeframe", o.timeframe()));
            if (r.ok() && r.body() != null && r.body().hasNonNull("ts")) {
                report.cursor = r.body().get("ts").asText();
                log.println("simulate: the server has " + o.symbol() + " " + o.timeframe() + " up to " + report.cursor
                        + "; backfilling from there");
                return Instant.parse(report.cursor);
            }
            report.cursor = null;
        }
        return null;
    }

    private static int digits(JsonNode item) {
        int digits = 0;
        for (String f : List.of("open", "high", "low", "close", "bid", "ask")) {
            if (item.hasNonNull(f)) {
                try {
                    // MT5 writes prices padded to the symbol's digits (1.08550): the text's scale is the digits
                    digits = Math.max(digits, Math.min(10, new BigDecimal(item.get(f).asText()).scale()));
                } catch (NumberFormatException ignored) {
                    // the server reports it when the row is sent
                }
            }
        }
        return digits;
    }

    /** With a speed: records up to --replay-from go at once (the backfill); answers the simulated start. */
    private Instant backfill(Records records, ArrayDeque<Due> pending, Instant cursor) throws IOException, InterruptedException {
        if (o.replayFrom() != null) {
            while (sendBatch(records, pending, cursor, o.replayFrom()) > 0) {
                // one batch per request until every record due by then is sent
            }
            return o.replayFrom();
        }
        Due first = null;
        while (records.more() && (first = records.peek()) != null && cursor != null && !first.time.isAfter(cursor)) {
            records.next();
            report.skippedBeforeCursor++;
        }
        return first == null ? null : first.due;
    }

    /** Sends records due by {@code simNow}, at most one batch of candles and one of ticks; answers how many. */
    private int sendBatch(Records records, ArrayDeque<Due> pending, Instant cursor, Instant simNow)
            throws IOException, InterruptedException {
        List<JsonNode> candles = new ArrayList<>();
        List<JsonNode> ticks = new ArrayList<>();
        while (candles.size() + ticks.size() < o.batchSize()) {
            Due d = pending.isEmpty() ? records.next() : pending.poll();
            if (d == null) {
                break;
            }
            if (cursor != null && !d.record.tick() && !d.time.isAfter(cursor)) {
                report.skippedBeforeCursor++;
                continue;
            }
            if (d.due.isAfter(simNow)) {
                pending.addFirst(d);
                break;
            }
            (d.record.tick() ? ticks : candles).add(asEaSends(d.record.item()));
            remember(d.record.item());
        }
        if (!candles.isEmpty()) {
            ArrayNode body = client.mapper().createArrayNode().addAll(candles);
            EaClient.Reply r = client.post(o.key(), "/ingest_batch?details=errors", body);
            account(r, candles.size(), false);
        }
        if (!ticks.isEmpty()) {
            ObjectNode body = client.mapper().createObjectNode();
            body.putArray("ticks").addAll(ticks);
            EaClient.Reply r = client.post(o.key(), "/ingest/tick?details=errors", body);
            account(r, ticks.size(), true);
        }
        return candles.size() + ticks.size();
    }

    private void account(EaClient.Reply r, int items, boolean ticks) {
        report.ingestRequests++;
        if (!r.ok() || r.body() == null) {
            report.failedRequests++;
            log.println("simulate: " + (ticks ? "/ingest/tick" : "/ingest_batch") + " answered " + r.status() + ": "
                    + abbreviate(r.text()));
            return;
        }
        if (ticks) {
            report.ticksSent += items;
        } else {
            report.candlesSent += items;
        }
        JsonNode b = r.body();
        report.inserted += b.path("inserted").asLong();
        report.updated += b.path("updated").asLong();
        report.duplicates += b.path("duplicates").asLong();
        report.rejected += b.path("rejected").asLong();
        for (JsonNode d : b.path("details")) {
            if ("rejected".equals(d.path("status").asText())) {
                log.println("simulate: rejected item " + d.path("index").asInt() + " (" + d.path("ts_original").asText()
                        + "): " + d.path("field").asText() + ": " + d.path("error").asText());
            }
        }
    }

    /** The EA sends broker time with X-Broker-Offset: an instant read from an MT5 file goes back to that form. */
    private JsonNode asEaSends(ObjectNode item) {
        if (!(zone instanceof ZoneOffset offset)) {
            return item;
        }
        JsonNode ts = item.get("ts");
        if (ts != null && ts.isTextual() && ts.textValue().endsWith("Z")) {
            Instant instant = Instant.parse(ts.textValue());
            LocalDateTime local = LocalDateTime.ofInstant(instant, offset);
            if (item.has("bid") && !item.has("open")) {
                item.remove("ts");
                item.put("ts_msc", local.toInstant(ZoneOffset.UTC).toEpochMilli()); // MqlTick.time_msc, server time
            } else {
                item.put("ts", MQL5.format(local));
            }
        }
        return item;
    }

    private void remember(ObjectNode item) {
        String symbol = item.path("symbol").asText(null);
        JsonNode price = item.hasNonNull("close") ? item.get("close") : item.get("bid");
        if (symbol != null && price != null) {
            try {
                lastPrice.put(symbol, Double.parseDouble(price.asText()));
            } catch (NumberFormatException ignored) {
                // a bad price is the server's to reject
            }
        }
    }

    // ---- signals ----------------------------------------------------------------------------------

    private void poll(String account, String key) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder("/signals/next?").append(EaClient.query("account_id", account)).append("&limit=10");
        if (!o.allowedSymbols().isEmpty()) {
            q.append('&').append(EaClient.query("symbols", String.join(",", o.allowedSymbols())));
        }
        EaClient.Reply r = client.get(key, q.toString());
        report.polls++;
        if (!r.ok() || r.body() == null) {
            report.failedRequests++;
            log.println("simulate: /signals/next for " + account + " answered " + r.status() + ": " + abbreviate(r.text()));
            return;
        }
        for (JsonNode signal : r.body().path("signals")) {
            String id = signal.path("id").asText();
            report.signalsSeen++;
            report.signalsPerAccount.merge(account, 1L, Long::sum);
            if (!acked.add(id + "|" + account)) {
                report.redeliveriesIgnored++;
                log.println("simulate: " + account + " got signal " + id + " again (delivery "
                        + signal.path("delivery_attempt").asInt() + "); already acked, not acked twice");
                continue;
            }
            persistAcked(id, account);
            execute(account, key, signal);
        }
    }

    private void execute(String account, String key, JsonNode signal) throws IOException, InterruptedException {
        String id = signal.path("id").asText();
        String symbol = signal.path("symbol").asText();
        String side = signal.path("side").asText();
        double lots = signal.hasNonNull("lots") ? signal.get("lots").asDouble() : 0.01;
        String skip = null;
        if (!o.allowedSymbols().isEmpty() && !o.allowedSymbols().contains(symbol)) {
            skip = "symbol " + symbol + " is not allowed";
        } else if (lots > o.maxLots()) {
            skip = "lots " + lots + " above the limit " + o.maxLots();
        } else if (!"CLOSE".equals(side) && openPositions.getOrDefault(account, 0) >= o.maxPositions()) {
            skip = "already " + o.maxPositions() + " open positions";
        } else if (!o.execute()) {
            skip = "dry run";
        }
        ObjectNode ack = client.mapper().createObjectNode();
        ack.put("id", id);
        ack.put("account_id", account);
        Double price = lastPrice.get(symbol);
        long ticket = 0;
        if (skip != null) {
            ack.put("status", "SKIPPED");
            ack.put("message", skip);
        } else {
            ticket = ++nextTicket;
            ack.put("status", "FILLED");
            ack.put("mt5_ticket", ticket);
            if (price != null) {
                ack.put("price", price);
            }
            ack.put("ts_exec", Instant.now().toString());
            ack.put("message", "simulated fill");
        }
        EaClient.Reply r = client.post(key, "/signals/ack", ack);
        String status = ack.get("status").asText();
        if (r.status() == 409) {
            report.ackConflicts++;
        } else if (r.ok()) {
            report.acks.merge(status, 1L, Long::sum);
        } else {
            report.failedRequests++;
        }
        log.println("simulate: " + account + " " + side + " " + symbol + " signal " + id + " -> " + status
                + (skip != null ? " (" + skip + ")" : " ticket " + ticket) + ": ack answered " + r.status());
        if (skip == null) {
            trade(account, key, signal, ticket, lots, price);
        }
    }

    private void trade(String account, String key, JsonNode signal, long ticket, double lots, Double price)
            throws IOException, InterruptedException {
        String side = signal.path("side").asText();
        ObjectNode t = client.mapper().createObjectNode();
        t.put("account_id", account);
        t.put("ticket", ticket);
        t.put("event", "CLOSE".equals(side) ? "CLOSE" : "OPEN");
        t.put("symbol", signal.path("symbol").asText());
        if (!"CLOSE".equals(side)) {
            t.put("side", side);
        }
        t.put("volume", lots);
        if (price != null) {
            t.put("price", price);
        }
        t.put("ts", Instant.now().toString());
        t.put("signal_id", signal.path("id").asText());
        EaClient.Reply r = client.post(key, "/trades", t);
        if (r.ok() && r.body() != null) {
            report.tradesPosted++;
            report.tradesDuplicate += r.body().path("duplicates").asLong();
            openPositions.merge(account, "CLOSE".equals(side) ? -1 : 1, Integer::sum);
        } else {
            report.failedRequests++;
            log.println("simulate: POST /trades answered " + r.status() + ": " + abbreviate(r.text()));
        }
    }

    private void loadAcked() throws IOException {
        if (o.stateFile() != null && Files.exists(o.stateFile())) {
            for (String line : Files.readAllLines(o.stateFile(), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    acked.add(line.trim());
                }
            }
        }
    }

    /** Before the ack is sent: a crash after it must not ack again (the server would answer 409 for another status). */
    private void persistAcked(String id, String account) throws IOException {
        if (o.stateFile() != null) {
            Files.writeString(o.stateFile(), id + "|" + account + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    // ---- the file -----------------------------------------------------------------------------------

    /** A record with its market time and the time it is due (a bar once it has closed). */
    private record Due(ImportRecord record, Instant time, Instant due) {
    }

    /** The file's records, read lazily (one ahead). */
    private final class Records implements AutoCloseable {
        private final ImportFile in;
        private final LineFormat format;
        private final ArrayDeque<ImportRecord> buffer = new ArrayDeque<>();
        private final long barSeconds;
        private Due head;
        private boolean ended;

        Records() throws IOException {
            in = new ImportFile(o.file());
            String first = in.nextLine();
            while (first != null && first.isBlank()) {
                first = in.nextLine();
            }
            if (first == null) {
                ended = true;
                format = null;
                barSeconds = 60;
                return;
            }
            first = first.startsWith("\uFEFF") ? first.substring(1) : first;
            ImportFormat f = o.format() == ImportFormat.AUTO ? ImportFormat.detect(first, o.file().getFileName().toString())
                    : o.format();
            format = f.reader(o.symbol(), o.timeframe(), new BrokerClock(zone));
            barSeconds = o.timeframe() == null ? 60 : Timeframe.parse(o.timeframe()).map(Timeframe::nominalSeconds).orElse(60L);
            try {
                if (!format.header(first)) {
                    parse(first);
                }
            } catch (LineException e) {
                throw new IllegalArgumentException(o.file() + " line " + in.lineNumber() + ": " + e.getMessage());
            }
        }

        private void parse(String line) {
            try {
                format.parse(line, in.lineNumber(), buffer::add);
            } catch (LineException e) {
                report.unreadableLines++;
                log.println("simulate: " + o.file().getFileName() + " line " + in.lineNumber() + ": " + e.getMessage());
            }
        }

        Due peek() throws IOException {
            while (head == null) {
                if (buffer.isEmpty()) {
                    if (ended) {
                        return null;
                    }
                    String line = in.nextLine();
                    if (line == null) {
                        ended = true;
                        continue;
                    }
                    if (!line.isBlank()) {
                        parse(line);
                    }
                    continue;
                }
                ImportRecord r = buffer.poll();
                Instant time;
                try {
                    time = timeOf(r.item());
                } catch (RuntimeException e) {
                    report.unreadableLines++;
                    log.println("simulate: line " + r.line() + ": " + e.getMessage());
                    continue;
                }
                head = new Due(r, time, r.tick() ? time : time.plusSeconds(barSeconds));
            }
            return head;
        }

        Due next() throws IOException {
            Due d = peek();
            head = null;
            return d;
        }

        boolean more() throws IOException {
            return peek() != null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private Instant timeOf(JsonNode item) {
        JsonNode msc = item.get("ts_msc");
        if (msc != null && !msc.isNull()) {
            return timestamps.fromBrokerEpochMillis(msc.asLong());
        }
        JsonNode ts = item.get("ts");
        if (ts == null || ts.isNull()) {
            ts = item.get("time");
        }
        if (ts == null || ts.isNull()) {
            throw new IllegalArgumentException("no ts");
        }
        return ts.isNumber() ? timestamps.fromEpochNumber(ts.decimalValue()) : timestamps.parseText(ts.asText());
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

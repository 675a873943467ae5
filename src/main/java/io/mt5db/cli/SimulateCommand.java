package io.mt5db.cli;

import io.mt5db.cli.importing.ImportFormat;
import io.mt5db.cli.simulate.SimulationReport;
import io.mt5db.cli.simulate.Simulator;
import io.mt5db.cli.simulate.SimulatorOptions;
import io.mt5db.common.TimestampParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate}: an Expert Advisor against a running server, for end-to-end tests and load scenarios. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Behaves like the MT5 Expert Advisor against a running server, over HTTP only (no database): "
            + "sends the symbol's metadata, asks /ingest/cursor, backfills the bars or ticks of --file the server lacks "
            + "in batches to /ingest_batch or /ingest/tick (X-Broker-Offset, User-Agent MT5TradingDB-EA/1.0), honours "
            + "429/503 Retry-After, replays the rest at --speed, polls /signals/next for each account, acks each signal "
            + "once (SKIPPED in dry run, FILLED with --execute, then POST /trades) and prints a report.",
            "Exit code 0 when nothing was rejected and no request failed, 1 otherwise, 2 on a usage error.", ""},
        footer = {"", "Examples:",
            "  simulate --url http://127.0.0.1:8000 --key $EA --file EURUSD_M1.csv --symbol EURUSD \\",
            "      --broker-offset +02:00 --speed max",
            "  simulate --key $EA --accounts 3 --poll-signals --execute --duration 10m"})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "The server. Default: ${DEFAULT-VALUE}.")
    String url;

    @Option(names = "--key", required = true, description = "The EA's API key (scopes ingest, signals).")
    String key;

    @Option(names = "--file", paramLabel = "F", description = "Bars or ticks to send, in any format import reads.")
    Path file;

    @Option(names = "--format", defaultValue = "auto", description = "As for import. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--symbol", paramLabel = "S", description = "The file's symbol (MT5 exports do not name it).")
    String symbol;

    @Option(names = "--timeframe", paramLabel = "TF", defaultValue = "M1", description = "The bars' timeframe. Default: ${DEFAULT-VALUE}.")
    String timeframe;

    @Option(names = "--broker-offset", paramLabel = "OFFSET|ZONE", defaultValue = "+00:00",
            description = "The broker's server time (+02:00 or an IANA zone); sent as X-Broker-Offset. Default: ${DEFAULT-VALUE}.")
    String brokerOffset;

    @Option(names = "--speed", defaultValue = "max",
            description = "max (as fast as the server takes it), or a factor of real time such as 1x or 60x. Default: ${DEFAULT-VALUE}.")
    String speed;

    @Option(names = "--replay-from", paramLabel = "TS",
            description = "With a speed: records up to this ISO time are backfilled at once, later ones replayed.")
    String replayFrom;

    @Option(names = "--batch-size", defaultValue = "500", description = "Items per request (1..10000). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--accounts", defaultValue = "1", description = "How many accounts poll signals. Default: ${DEFAULT-VALUE}.")
    int accounts;

    @Option(names = "--account-ids", split = ",", description = "Their ids (default SIM-1..SIM-N).")
    List<String> accountIds;

    @Option(names = "--account-keys", split = ",", description = "A key per account (a key bound to it); others use --key.")
    List<String> accountKeys;

    @Option(names = "--poll-signals", description = "Poll /signals/next for every account.")
    boolean pollSignals;

    @Option(names = "--execute", description = "Ack FILLED and post trade events (default: dry run, ack SKIPPED).")
    boolean execute;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long: 30s, 5m, 1h or ISO PT5M.")
    String duration;

    @Option(names = "--poll-interval", defaultValue = "1s", description = "Between polls. Default: ${DEFAULT-VALUE}.")
    String pollInterval;

    @Option(names = "--max-lots", defaultValue = "1.0", description = "Risk limit per signal. Default: ${DEFAULT-VALUE}.")
    double maxLots;

    @Option(names = "--max-positions", defaultValue = "10", description = "Risk limit per account. Default: ${DEFAULT-VALUE}.")
    int maxPositions;

    @Option(names = "--symbols", split = ",", description = "Only these symbols are traded (and polled).")
    List<String> allowedSymbols;

    @Option(names = "--state-file", paramLabel = "PATH",
            description = "Keeps acked signal ids, so a restarted simulator never acks one twice.")
    Path stateFile;

    /** The last run's report (tests read it). */
    static volatile SimulationReport lastReport;

    @Override
    public Integer call() throws Exception {
        SimulationReport report = new Simulator(options(), System.out).run();
        lastReport = report;
        System.out.print(report.render());
        return report.clean() ? 0 : 1;
    }

    SimulatorOptions options() {
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file " + file + ": no such file");
        }
        TimestampParser.parseBrokerZone(brokerOffset);
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("--batch-size must be 1..10000");
        }
        List<String> ids = new ArrayList<>();
        if (accountIds != null && !accountIds.isEmpty()) {
            ids.addAll(accountIds);
        } else {
            for (int i = 1; i <= Math.max(1, accounts); i++) {
                ids.add("SIM-" + i);
            }
        }
        return new SimulatorOptions(url, key, file, ImportFormat.parse(format), symbol, timeframe, brokerOffset,
                speed(speed), replayFrom == null ? null : TimestampParser.UTC.parseText(replayFrom), batchSize, ids,
                accountKeys == null ? List.of() : accountKeys, pollSignals, execute,
                duration == null ? null : duration(duration, "--duration"), duration(pollInterval, "--poll-interval"),
                maxLots, maxPositions, allowedSymbols == null ? java.util.Set.of() : new LinkedHashSet<>(allowedSymbols),
                stateFile);
    }

    static double speed(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("max")) {
            return 0;
        }
        try {
            double factor = Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s);
            if (factor > 0) {
                return factor;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--speed must be max or a positive factor such as 60x (got '" + text + "')");
    }

    static Duration duration(String text, String option) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(s.replaceAll("(ms|s|m|h)$", ""));
            if (s.endsWith("ms")) {
                return Duration.ofMillis(n);
            }
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be like 30s, 5m, 1h or PT5M (got '" + text + "')");
        }
    }

}

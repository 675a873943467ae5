package io.mt5db.cli;

import io.mt5db.cli.importing.ImportFormat;
import io.mt5db.cli.importing.ImportRequest;
import io.mt5db.common.TimestampParser;
import io.quarkus.runtime.Quarkus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code import}: a file of candles or ticks straight into the database, through the ingest's validation. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports candles or ticks from a file into the configured database (the embedded one under "
            + "./data/pg by default; if a server is running on it, through that server's PostgreSQL) with the validation, "
            + "precedence and change marks of POST /ingest_batch, so roll-ups and indicators follow when the server's jobs "
            + "run. Streamed in batches; resumable: run the same command again after an interruption.",
            "Formats: mt5-bars (<DATE> <TIME> <OPEN> <HIGH> <LOW> <CLOSE> <TICKVOL> <VOL> <SPREAD>), mt5-ticks "
            + "(<DATE> <TIME> <BID> <ASK> <LAST> <VOLUME> <FLAGS>), csv (GET /candles?format=csv or /ticks?format=csv), "
            + "old-csv (Date,Time,Open,High,Low,Close,Volume), jsonl (the old EAs' spool files). See docs/cli.md.",
            "Exit code 0 when no row was rejected (or --allow-rejects), 1 otherwise, 2 on a usage or database error.", ""},
        footer = {"", "Example:", "  java -jar quarkus-run.jar import --file EURUSD_M1.csv --symbol EURUSD --timeframe M1 \\",
            "      --broker-offset Europe/Athens"})
public final class ImportCommand implements Callable<Integer> {

    @Option(names = "--file", required = true, paramLabel = "F", description = "The file to import.")
    Path file;

    @Option(names = "--symbol", paramLabel = "S",
            description = "The symbol (required for mt5-bars, mt5-ticks, old-csv; the default for csv and jsonl rows without one).")
    String symbol;

    @Option(names = "--timeframe", paramLabel = "TF",
            description = "M1 M5 M15 M30 H1 H4 D1 W1 MN1 (required for bar files without a timeframe column).")
    String timeframe;

    @Option(names = "--broker-offset", paramLabel = "OFFSET|ZONE", defaultValue = "+00:00",
            description = "The broker's server time of the file's times: +02:00 or an IANA zone such as Europe/Athens "
                    + "(DST-aware). Default: ${DEFAULT-VALUE} (UTC).")
    String brokerOffset;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "mt5-bars, mt5-ticks, csv, old-csv, jsonl or auto (from the first line). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--allow-rejects", description = "Exit 0 even when rows were rejected.")
    boolean allowRejects;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "5000",
            description = "Rows per transaction (1..10000). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Another PostgreSQL (jdbc:postgresql://host:5432/db) instead of the embedded one; "
                    + "user and password from QUARKUS_DATASOURCE_USERNAME / QUARKUS_DATASOURCE_PASSWORD.")
    String jdbcUrl;

    @Option(names = "--restart", description = "Ignore the checkpoint and read the file from its first line.")
    boolean restart;

    @Option(names = "--state-file", paramLabel = "PATH",
            description = "Where the checkpoint is kept. Default: the file's name + .import-state, next to it.")
    Path stateFile;

    /** The request the Quarkus side runs (ImportApplication); the command line process runs one import. */
    static final AtomicReference<ImportRequest> PENDING = new AtomicReference<>();
    static volatile boolean allowRejectsPending;

    @Override
    public Integer call() throws Exception {
        ImportRequest request = request();
        if (jdbcUrl != null) {
            System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        }
        commandProfile();
        PENDING.set(request);
        allowRejectsPending = allowRejects;
        AtomicInteger exit = new AtomicInteger(2);
        try (AutoCloseable db = Commands.database.open()) {
            Quarkus.run(ImportApplication.class, (code, failure) -> {
                if (failure != null) {
                    System.err.println("import: " + Commands.message(failure));
                }
                exit.set(code);
            });
        }
        return exit.get();
    }

    ImportRequest request() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file " + file + ": no such file");
        }
        ZoneId zone = TimestampParser.parseBrokerZone(brokerOffset);
        ImportFormat chosen = ImportFormat.parse(format);
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("--batch-size must be 1..10000 (got " + batchSize + ")");
        }
        if (timeframe != null && io.mt5db.common.Timeframe.parse(timeframe).isEmpty()) {
            throw new IllegalArgumentException("--timeframe '" + timeframe + "' is not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1");
        }
        return new ImportRequest(file.toAbsolutePath(), symbol, timeframe, zone, chosen, batchSize, stateFile, restart, 0);
    }

    /**
     * A command needs the database and the ingest service only: no HTTP listener, no background jobs
     * (the server's jobs pick the import's marks up when it runs), no key bootstrap (keys are the
     * server's: a command's environment without API_KEY must not revoke them), plain-text warnings only.
     */
    static final java.util.Map<String, String> COMMAND_PROPERTIES = java.util.Map.of(
            "quarkus.http.host-enabled", "false",
            "quarkus.scheduler.enabled", "false",
            "mt5db.aggregation.enabled", "false",
            "mt5db.indicators.enabled", "false",
            "mt5db.signals.enabled", "false",
            "mt5db.security.bootstrap-keys", "false",
            "quarkus.log.console.json.enabled", "false");

    static void commandProfile() {
        COMMAND_PROPERTIES.forEach(System::setProperty);
        System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
    }
}

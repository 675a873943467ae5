package io.mt5db.cli;

import io.mt5db.cli.migrate.MigrateRequest;
import io.mt5db.common.TimestampParser;
import io.quarkus.runtime.Quarkus;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate}: the old system's TimescaleDB ({@code market_data}, {@code market_data_raw}) into this schema. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves the old system's database into this one through the same path as import (the ingest's "
            + "validation, precedence and change marks): market_data candles and market_data_raw tick arrays (JSONB). "
            + "Reads each table in key order in batches; idempotent and resumable (a checkpoint per table after every "
            + "batch: run the same command again). A summary per table.",
            "The old system stamped broker time as UTC: --broker-offset re-reads each stored ts's wall-clock in the "
            + "broker's offset or zone. Writes to the configured database as import does.",
            "Exit code 0 when nothing was rejected, 1 otherwise, 2 on a usage or database error.", ""},
        footer = {"", "Example:", "  java -jar quarkus-run.jar migrate --from postgres://trader:trader123@oldhost:5432/mt5_trading \\",
            "      --broker-offset Europe/Athens"})
public final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "URL",
            description = "The old database: jdbc:postgresql://host:5432/db?user=..&password=.. or postgres://user:pass@host:5432/db.")
    String from;

    @Option(names = "--broker-offset", paramLabel = "OFFSET|ZONE",
            description = "Re-read the old stamps (broker time labelled UTC) in this offset (+02:00) or zone (Europe/Athens). "
                    + "Default: take them as true UTC.")
    String brokerOffset;

    @Option(names = "--spread-in-points", description = "The old spread column holds points (as the old EAs sent them), "
            + "converted with the symbol's point. Default: price units.")
    boolean spreadInPoints;

    @Option(names = "--batch-size", defaultValue = "5000", description = "Rows per transaction (1..10000). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--state-file", paramLabel = "PATH", description = "The checkpoint. Default: data/migrate-<hash of --from>.state.")
    Path stateFile;

    @Option(names = "--restart", description = "Ignore the checkpoint and read every table from the start.")
    boolean restart;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "This product's database, as for import.")
    String jdbcUrl;

    static final AtomicReference<MigrateRequest> PENDING = new AtomicReference<>();

    @Override
    public Integer call() throws Exception {
        PENDING.set(request());
        if (jdbcUrl != null) {
            System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        }
        ImportCommand.commandProfile();
        AtomicInteger exit = new AtomicInteger(2);
        try (AutoCloseable db = Commands.database.open()) {
            Quarkus.run(MigrateApplication.class, (code, failure) -> {
                if (failure != null) {
                    System.err.println("migrate: " + Commands.message(failure));
                }
                exit.set(code);
            });
        }
        return exit.get();
    }

    MigrateRequest request() throws Exception {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("--batch-size must be 1..10000");
        }
        String[] jdbc = jdbc(from);
        Path state = stateFile != null ? stateFile : Path.of(System.getProperty("mt5db.storage.data-dir",
                System.getenv().getOrDefault("MT5DB_DATA_DIR", "data")), "migrate-" + HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(jdbc[0].getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12) + ".state");
        return new MigrateRequest(jdbc[0], jdbc[1], jdbc[2],
                brokerOffset == null ? null : TimestampParser.parseBrokerZone(brokerOffset), spreadInPoints, batchSize,
                state.toAbsolutePath(), restart, 0);
    }

    /** JDBC URL, user, password from a JDBC URL or a postgres:// URL (the old .env's DATABASE_URL form). */
    static String[] jdbc(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new String[] {url, null, null};
        }
        String normalized = url.replaceFirst("^postgres(ql)?(\\+[a-z0-9]+)?://", "postgresql://");
        if (!normalized.startsWith("postgresql://")) {
            throw new IllegalArgumentException("--from must be jdbc:postgresql://... or postgres://user:pass@host:5432/db");
        }
        URI uri = URI.create(normalized);
        String userInfo = uri.getRawUserInfo();
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? null : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
        }
        return new String[] {"jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), user, password};
    }
}

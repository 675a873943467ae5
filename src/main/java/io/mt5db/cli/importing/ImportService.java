package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.ingest.DetailLevel;
import io.mt5db.ingest.IngestConfig;
import io.mt5db.ingest.IngestResponse;
import io.mt5db.ingest.IngestService;
import io.mt5db.market.SymbolDirectory;
import io.mt5db.market.SymbolScale;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Imports a file through the HTTP ingest's own service: every row gets the same validation, the
 * same precedence ({@code ea} over derived candles), the same per-item statuses and the same change
 * marks, so the aggregation and indicator jobs pick imported candles up as they do posted ones.
 * Streams in batches (one transaction each), checkpointing after every batch so an interrupted
 * import continues where it stopped.
 */
@ApplicationScoped
public class ImportService {

    /** How many rejected lines the summary (and the checkpoint) keeps. */
    static final int REJECTED_SHOWN = 10;

    @Inject
    IngestService ingest;

    @Inject
    IngestConfig ingestConfig;

    @Inject
    SymbolDirectory symbols;

    public ImportSummary run(ImportRequest request, ImportProgress progress) throws IOException, SQLException {
        long started = System.nanoTime();
        Path file = request.file();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        int batchSize = Math.max(1, Math.min(request.batchSize(), ingestConfig.maxItems()));
        ImportCheckpoint checkpoint = new ImportCheckpoint(
                request.stateFile() != null ? request.stateFile() : ImportCheckpoint.sidecarOf(file));
        String fingerprint = ImportCheckpoint.fingerprint(file);
        Optional<ImportCheckpoint.State> stored = request.restart() ? Optional.empty() : checkpoint.load(fingerprint);
        ImportCheckpoint.State state = stored.orElse(ImportCheckpoint.State.fresh(fingerprint));
        ImportFormat format = request.format();
        if (state.complete()) {
            return summary(request, format == ImportFormat.AUTO ? detect(file) : format, state, 0, state.lastLine(),
                    true, true, 0, started);
        }
        long resumeAfter = state.lastLine();
        Totals totals = new Totals(state);
        try (ImportFile in = new ImportFile(file)) {
            String first = in.nextLine();
            while (first != null && first.isBlank()) {
                first = in.nextLine();
            }
            if (first == null) {
                checkpoint.save(totals.state(fingerprint, in.lineNumber(), true));
                return summary(request, format, totals.state(fingerprint, in.lineNumber(), true), in.lineNumber(),
                        resumeAfter, true, false, 0, started);
            }
            if (format == ImportFormat.AUTO) {
                format = ImportFormat.detect(stripBom(first), file.getFileName().toString());
            }
            LineFormat reader = format.reader(request.symbol(), request.timeframe(), new BrokerClock(request.brokerZone()),
                    pointKnown(request.symbol()));
            Batch batch = new Batch();
            String line = first;
            try {
                if (reader.header(stripBom(first))) {
                    line = in.nextLine();
                }
            } catch (LineException e) {
                throw new IllegalArgumentException("line " + in.lineNumber() + ": " + e.getMessage());
            }
            int batches = 0;
            long rowsThisRun = 0;
            for (; line != null; line = in.nextLine()) {
                long number = in.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                try {
                    // every line is parsed, also those already committed: a tick export's carried bid/ask
                    // and the DST disambiguation depend on the lines before
                    if (number <= resumeAfter) {
                        reader.parse(line, number, r -> { });
                        continue;
                    }
                    reader.parse(line, number, batch::add);
                } catch (LineException e) {
                    if (number > resumeAfter) {
                        totals.reject(number, e.field(), e.getMessage(), line);
                    }
                }
                batch.lastLine = number;
                if (batch.size() >= batchSize) {
                    rowsThisRun += flush(batch, request, totals);
                    checkpoint.save(totals.state(fingerprint, batch.lastLine, false));
                    progress.batchCommitted(in.bytesRead(), in.size(), rowsThisRun, totals.rejected);
                    batch = new Batch();
                    if (request.stopAfterBatches() > 0 && ++batches >= request.stopAfterBatches()) {
                        progress.finished();
                        return summary(request, format, totals.state(fingerprint, number, false), number, resumeAfter,
                                false, false, rowsThisRun, started);
                    }
                }
            }
            rowsThisRun += flush(batch, request, totals);
            ImportCheckpoint.State done = totals.state(fingerprint, in.lineNumber(), true);
            checkpoint.save(done);
            progress.batchCommitted(in.bytesRead(), in.size(), rowsThisRun, totals.rejected);
            progress.finished();
            return summary(request, format, done, in.lineNumber(), resumeAfter, true, false, rowsThisRun, started);
        }
    }

    private boolean pointKnown(String symbol) {
        if (symbol == null) {
            return true;
        }
        SymbolScale scale = symbols.scale(symbol);
        return scale.point() != null || scale.digits() != null;
    }

    private static ImportFormat detect(Path file) throws IOException {
        try (ImportFile in = new ImportFile(file)) {
            String line = in.nextLine();
            while (line != null && line.isBlank()) {
                line = in.nextLine();
            }
            return line == null ? ImportFormat.AUTO : ImportFormat.detect(stripBom(line), file.getFileName().toString());
        }
    }

    private static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    /** Stores one batch: candles in one ingest call, ticks in another; answers the rows sent. */
    private int flush(Batch batch, ImportRequest request, Totals totals) throws SQLException {
        if (!batch.candles.isEmpty()) {
            IngestResponse r = ingest.ingestCandles(batch.candles, request.brokerZone(), false, DetailLevel.ERRORS);
            totals.add(r, batch.candleLines, batch.candles);
        }
        if (!batch.ticks.isEmpty()) {
            IngestResponse r = ingest.ingestTicks(batch.ticks, request.brokerZone(), false, DetailLevel.ERRORS);
            totals.add(r, batch.tickLines, batch.ticks);
        }
        return batch.size();
    }

    private static ImportSummary summary(ImportRequest request, ImportFormat format, ImportCheckpoint.State s, long lines,
            long resumedAfter, boolean complete, boolean alreadyComplete, long rowsThisRun, long started) {
        return new ImportSummary(request.file().toString(), format, lines, s.inserted(), s.updated(), s.duplicates(),
                s.rejected(), s.firstRejected(), resumedAfter, complete, alreadyComplete, rowsThisRun,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The rows of one batch with the line each came from. */
    private static final class Batch {
        final List<JsonNode> candles = new ArrayList<>();
        final List<Long> candleLines = new ArrayList<>();
        final List<JsonNode> ticks = new ArrayList<>();
        final List<Long> tickLines = new ArrayList<>();
        long lastLine;

        void add(ImportRecord r) {
            if (r.tick()) {
                ticks.add(r.item());
                tickLines.add(r.line());
            } else {
                candles.add(r.item());
                candleLines.add(r.line());
            }
        }

        int size() {
            return candles.size() + ticks.size();
        }
    }

    /** Running totals, starting from the checkpoint's. */
    private static final class Totals {
        long inserted;
        long updated;
        long duplicates;
        long rejected;
        final List<String> firstRejected;

        Totals(ImportCheckpoint.State s) {
            inserted = s.inserted();
            updated = s.updated();
            duplicates = s.duplicates();
            rejected = s.rejected();
            firstRejected = new ArrayList<>(s.firstRejected());
        }

        void add(IngestResponse r, List<Long> lines, List<JsonNode> items) {
            inserted += r.inserted();
            updated += r.updated() == null ? 0 : r.updated();
            duplicates += r.duplicates();
            for (IngestResponse.ItemDetail d : r.details()) {
                if (d.status() == io.mt5db.ingest.ItemStatus.REJECTED) {
                    reject(lines.get(d.index()), d.field(), d.error() + (d.reason() == null ? "" : " [" + d.reason() + "]"),
                            null);
                }
            }
        }

        void reject(long line, String field, String message, String text) {
            rejected++;
            if (firstRejected.size() < REJECTED_SHOWN) {
                String where = "line " + line + (field == null ? "" : ", field " + field);
                firstRejected.add(where + ": " + message + (text == null ? "" : " | " + LocalStamps.abbreviate(text.strip())));
            }
        }

        ImportCheckpoint.State state(String fingerprint, long lastLine, boolean complete) {
            return new ImportCheckpoint.State(fingerprint, lastLine, inserted, updated, duplicates, rejected,
                    List.copyOf(firstRejected), complete);
        }
    }
}

package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.TextRules;
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

    @Inject
    ImportConfig config;

    public ImportSummary run(ImportRequest request, ImportProgress progress) throws IOException, SQLException {
        long started = System.nanoTime();
        Path file = request.file();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        int batchSize = Math.max(1, Math.min(request.batchSize(), ingestConfig.maxItems()));
        ImportCheckpoint checkpoint = new ImportCheckpoint(
                request.stateFile() != null ? request.stateFile() : ImportCheckpoint.sidecarOf(file));
        // the file and how it is read: another symbol, timeframe, offset or format is another import
        String fingerprint = ImportCheckpoint.fingerprint(file) + "|" + request.symbol() + "|" + request.timeframe() + "|"
                + request.brokerZone() + "|" + request.format();
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
            String line = first;
            try {
                if (reader.header(stripBom(first))) {
                    line = in.nextLine();
                }
            } catch (LineException e) {
                throw new IllegalArgumentException("line " + in.lineNumber() + ": " + e.getMessage());
            }
            Pipeline pipeline = new Pipeline(request, totals, checkpoint, fingerprint, progress, in);
            try {
                Batch batch = new Batch(0);
                int batches = 0;
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
                            batch.reject(number, e.field(), e.getMessage(), line);
                        }
                    }
                    batch.lastLine = number;
                    if (batch.size() >= batchSize) {
                        pipeline.submit(batch);
                        batch = new Batch(++batches);
                        if (request.stopAfterBatches() > 0 && batches >= request.stopAfterBatches()) {
                            pipeline.finish();
                            progress.finished();
                            ImportCheckpoint.State s = pipeline.committed();
                            return summary(request, format, s, s.lastLine(), resumeAfter, false, false,
                                    pipeline.rowsSent(), started);
                        }
                    }
                }
                batch.lastLine = Math.max(batch.lastLine, in.lineNumber());
                pipeline.submit(batch);
                pipeline.finish();
            } catch (RuntimeException | IOException e) {
                pipeline.abort();
                throw e;
            }
            ImportCheckpoint.State done = totals.state(fingerprint, in.lineNumber(), true);
            checkpoint.save(done);
            progress.finished();
            return summary(request, format, done, in.lineNumber(), resumeAfter, true, false, pipeline.rowsSent(), started);
        }
    }

    /**
     * Parsing (the calling thread) overlaps with writing: up to {@code writers} batches are stored at
     * once, each in its own transaction on its own connection (the batches hold disjoint rows, and
     * every writer takes its rows in key order). Results are applied in the file's order: the
     * checkpoint only ever advances over a gap-free prefix of committed batches, so a resume never
     * skips a line; at most the batches committed beyond that prefix are sent again (as duplicates).
     */
    private final class Pipeline {
        private final ImportRequest request;
        private final Totals totals;
        private final ImportCheckpoint checkpoint;
        private final String fingerprint;
        private final ImportProgress progress;
        private final ImportFile in;
        private final java.util.concurrent.ExecutorService pool;
        private final java.util.concurrent.Semaphore slots;
        private final java.util.Map<Integer, Batch> done = new java.util.HashMap<>();
        private final List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        private int next;
        private long lastLine;
        private long rows;
        private volatile Exception failure;

        Pipeline(ImportRequest request, Totals totals, ImportCheckpoint checkpoint, String fingerprint,
                ImportProgress progress, ImportFile in) {
            this.request = request;
            this.totals = totals;
            this.checkpoint = checkpoint;
            this.fingerprint = fingerprint;
            this.progress = progress;
            this.in = in;
            int writers = Math.max(1, config.writers());
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            this.pool = java.util.concurrent.Executors.newFixedThreadPool(writers, r -> {
                Thread t = new Thread(r, "import-writer-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            // a parsed batch may wait while all writers are busy: memory stays at about 2 x writers batches
            this.slots = new java.util.concurrent.Semaphore(writers + 1);
        }

        void submit(Batch batch) throws IOException {
            rethrow();
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            futures.add(pool.submit(() -> {
                try {
                    if (failure == null) {
                        flush(batch, request);
                        completed(batch);
                    }
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    slots.release();
                }
            }));
        }

        private synchronized void completed(Batch batch) throws IOException {
            done.put(batch.seq, batch);
            boolean advanced = false;
            for (Batch b; (b = done.remove(next)) != null; next++) {
                totals.add(b);
                lastLine = b.lastLine;
                rows += b.size();
                advanced = true;
            }
            if (advanced) {
                checkpoint.save(totals.state(fingerprint, lastLine, false));
                progress.batchCommitted(in.bytesRead(), in.size(), rows, totals.rejected);
            }
        }

        /** Waits for every submitted batch; rethrows the first failure (after the committed prefix is checkpointed). */
        void finish() throws IOException {
            pool.shutdown();
            try {
                for (java.util.concurrent.Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            rethrow();
        }

        void abort() {
            pool.shutdownNow();
        }

        synchronized ImportCheckpoint.State committed() {
            return totals.state(fingerprint, lastLine, false);
        }

        synchronized long rowsSent() {
            return rows;
        }

        private void rethrow() {
            Exception e = failure;
            if (e instanceof SQLException sql) {
                throw new ImportFailure("database error after line " + committed().lastLine() + " (committed; run the "
                        + "same command again to resume): " + sql.getMessage(), sql);
            }
            if (e != null) {
                throw new ImportFailure("import failed after line " + committed().lastLine() + ": " + e.getMessage(), e);
            }
        }
    }

    /** An import that stopped on an error; what was committed before it is checkpointed. */
    public static final class ImportFailure extends RuntimeException {
        ImportFailure(String message, Throwable cause) {
            super(message, cause);
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

    /** Stores one batch: candles in one ingest call, ticks in another; the outcome stays with the batch. */
    private void flush(Batch batch, ImportRequest request) throws SQLException {
        if (!batch.candles.isEmpty()) {
            IngestResponse r = ingest.ingestCandles(batch.candles, request.brokerZone(), false, DetailLevel.ERRORS);
            batch.add(r, batch.candleLines);
        }
        if (!batch.ticks.isEmpty()) {
            IngestResponse r = ingest.ingestTicks(batch.ticks, request.brokerZone(), false, DetailLevel.ERRORS);
            batch.add(r, batch.tickLines);
        }
        // the items are not needed any more; the batch waits (small) until the batches before it are done
        batch.candles.clear();
        batch.ticks.clear();
    }

    private static ImportSummary summary(ImportRequest request, ImportFormat format, ImportCheckpoint.State s, long lines,
            long resumedAfter, boolean complete, boolean alreadyComplete, long rowsThisRun, long started) {
        return new ImportSummary(request.file().toString(), format, lines, s.inserted(), s.updated(), s.duplicates(),
                s.rejected(), s.firstRejected(), resumedAfter, complete, alreadyComplete, rowsThisRun,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The rows of one batch with the line each came from, then the outcome of storing them. */
    private static final class Batch {
        final int seq;
        final List<JsonNode> candles = new ArrayList<>();
        final List<Long> candleLines = new ArrayList<>();
        final List<JsonNode> ticks = new ArrayList<>();
        final List<Long> tickLines = new ArrayList<>();
        long lastLine;
        int rowCount;
        long inserted;
        long updated;
        long duplicates;
        /** (line, text) of each rejected row, parse errors and ingest rejections alike. */
        final List<Object[]> rejected = new ArrayList<>();

        Batch(int seq) {
            this.seq = seq;
        }

        void add(ImportRecord r) {
            rowCount++;
            if (r.tick()) {
                ticks.add(r.item());
                tickLines.add(r.line());
            } else {
                candles.add(r.item());
                candleLines.add(r.line());
            }
        }

        int size() {
            return rowCount;
        }

        void reject(long line, String field, String message, String text) {
            String where = "line " + line + (field == null ? "" : ", field " + field);
            rejected.add(new Object[] {line,
                where + ": " + message + (text == null ? "" : " | " + TextRules.abbreviate(text.strip(), 64))});
        }

        void add(IngestResponse r, List<Long> lines) {
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

        void add(Batch b) {
            inserted += b.inserted;
            updated += b.updated;
            duplicates += b.duplicates;
            rejected += b.rejected.size();
            b.rejected.sort(java.util.Comparator.comparingLong(x -> (Long) x[0]));
            for (Object[] r : b.rejected) {
                if (firstRejected.size() < REJECTED_SHOWN) {
                    firstRejected.add((String) r[1]);
                }
            }
        }

        ImportCheckpoint.State state(String fingerprint, long lastLine, boolean complete) {
            return new ImportCheckpoint.State(fingerprint, lastLine, inserted, updated, duplicates, rejected,
                    List.copyOf(firstRejected), complete);
        }
    }
}

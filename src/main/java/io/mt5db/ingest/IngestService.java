package io.mt5db.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.TimestampParser;
import io.mt5db.market.SymbolDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Validates and stores candle and tick batches, producing per-item statuses and metrics. */
@ApplicationScoped
public class IngestService {

    @Inject
    CandleWriter candleWriter;

    @Inject
    TickWriter tickWriter;

    @Inject
    IngestMetrics metrics;

    @Inject
    IngestConfig config;

    @Inject
    SymbolDirectory symbols;

    public IngestResponse ingestCandles(List<JsonNode> items, ZoneId brokerZone, boolean atomic, DetailLevel level)
            throws SQLException {
        checkItemLimit(items.size());
        CandleParser parser = new CandleParser(new TimestampParser(brokerZone), Instant.now().plus(config.maxFuture()),
                symbols::scale);
        List<CandleParser.Parsed> parsed = new ArrayList<>(items.size());
        List<CandleInput> valid = new ArrayList<>(items.size());
        List<Integer> validIndex = new ArrayList<>(items.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            CandleParser.Parsed p = parser.parse(items.get(i));
            parsed.add(p);
            if (p.candle() != null) {
                valid.add(p.candle());
                validIndex.add(i);
            } else {
                errors.add(new FieldError(i, p.rejection().field(), p.rejection().message()));
            }
        }
        if (atomic && !errors.isEmpty()) {
            parsed.stream().filter(p -> p.rejection() != null).forEach(p -> metrics.rejected(p.rejection().reason()));
            throw ApiException.unprocessable(errors.size() + " of " + items.size()
                    + " candles are invalid; with atomic=true nothing was stored", errors);
        }
        ItemStatus[] written = candleWriter.write(valid);
        ItemStatus[] statuses = new ItemStatus[items.size()];
        for (int j = 0; j < written.length; j++) {
            statuses[validIndex.get(j)] = written[j];
        }
        int inserted = 0;
        int updated = 0;
        int duplicates = 0;
        int rejected = 0;
        List<IngestResponse.ItemDetail> details = new ArrayList<>(level == DetailLevel.NONE ? 0 : items.size());
        for (int i = 0; i < items.size(); i++) {
            CandleParser.Parsed p = parsed.get(i);
            ItemStatus status = p.rejection() != null ? ItemStatus.REJECTED : statuses[i];
            switch (status) {
                case INSERTED -> inserted++;
                case UPDATED -> updated++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> {
                    rejected++;
                    metrics.rejected(p.rejection().reason());
                }
            }
            if (level.includes(status)) {
                Rejection r = p.rejection();
                details.add(new IngestResponse.ItemDetail(i, p.symbol(), p.timeframe(), p.tsOriginal(), p.tsBucket(),
                        null, status, r == null ? null : r.message(), r == null ? null : r.field(),
                        r == null ? null : r.reason()));
            }
        }
        metrics.candles(inserted, updated, duplicates, items.size());
        return new IngestResponse(rejected == 0, items.size(), inserted, updated, duplicates, rejected, details);
    }

    public IngestResponse ingestTicks(List<JsonNode> items, ZoneId brokerZone, boolean atomic, DetailLevel level)
            throws SQLException {
        checkItemLimit(items.size());
        TickParser parser = new TickParser(new TimestampParser(brokerZone), Instant.now().plus(config.maxFuture()));
        List<TickParser.Parsed> parsed = new ArrayList<>(items.size());
        List<TickInput> valid = new ArrayList<>(items.size());
        List<Integer> validIndex = new ArrayList<>(items.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TickParser.Parsed p = parser.parse(items.get(i));
            parsed.add(p);
            if (p.tick() != null) {
                valid.add(p.tick());
                validIndex.add(i);
            } else {
                errors.add(new FieldError(i, p.rejection().field(), p.rejection().message()));
            }
        }
        if (atomic && !errors.isEmpty()) {
            parsed.stream().filter(p -> p.rejection() != null).forEach(p -> metrics.rejected(p.rejection().reason()));
            throw ApiException.unprocessable(errors.size() + " of " + items.size()
                    + " ticks are invalid; with atomic=true nothing was stored", errors);
        }
        ItemStatus[] written = tickWriter.write(valid);
        ItemStatus[] statuses = new ItemStatus[items.size()];
        for (int j = 0; j < written.length; j++) {
            statuses[validIndex.get(j)] = written[j];
        }
        int inserted = 0;
        int duplicates = 0;
        int rejected = 0;
        List<IngestResponse.ItemDetail> details = new ArrayList<>(level == DetailLevel.NONE ? 0 : items.size());
        for (int i = 0; i < items.size(); i++) {
            TickParser.Parsed p = parsed.get(i);
            ItemStatus status = p.rejection() != null ? ItemStatus.REJECTED : statuses[i];
            switch (status) {
                case INSERTED -> inserted++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> {
                    rejected++;
                    metrics.rejected(p.rejection().reason());
                }
                default -> throw new IllegalStateException("a tick is never updated");
            }
            if (level.includes(status)) {
                Rejection r = p.rejection();
                details.add(new IngestResponse.ItemDetail(i, p.symbol(), null, p.tsOriginal(), null, p.ts(), status,
                        r == null ? null : r.message(), r == null ? null : r.field(), r == null ? null : r.reason()));
            }
        }
        metrics.ticks(inserted, duplicates, items.size());
        return new IngestResponse(rejected == 0, items.size(), inserted, null, duplicates, rejected, details);
    }

    private void checkItemLimit(int size) {
        if (size > config.maxItems()) {
            throw ApiException.payloadTooLarge("The request holds " + size + " items; the limit is " + config.maxItems()
                    + " per request");
        }
    }
}

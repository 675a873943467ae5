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
import java.util.Set;
import java.util.function.Function;

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

    @Inject
    IngestedSymbols ingestedSymbols;

    public IngestResponse ingestCandles(List<JsonNode> items, ZoneId brokerZone, boolean atomic, DetailLevel level)
            throws SQLException {
        checkItemLimit(items.size());
        CandleParser parser = new CandleParser(new TimestampParser(brokerZone), Instant.now().plus(config.maxFuture()),
                symbols::scale);
        Function<JsonNode, CandleParser.Parsed> parse = parser::parse;
        if (config.symbols().isPresent()) {
            Set<String> allowed = config.symbols().get();
            parse = item -> {
                CandleParser.Parsed p = parser.parse(item);
                return p.candle() == null || allowed.contains(p.symbol()) ? p
                        : new CandleParser.Parsed(null, notAllowed(p.symbol(), allowed), p.symbol(), p.timeframe(),
                                p.tsOriginal(), p.tsBucket());
            };
        }
        Validated<CandleParser.Parsed, CandleInput> batch = validate(items, parse, CandleParser.Parsed::candle,
                CandleParser.Parsed::rejection, atomic, "candles");
        List<CandleParser.Parsed> parsed = batch.parsed();
        ItemStatus[] written = candleWriter.write(batch.valid());
        ingestedSymbols.candlesStored(stored(batch.valid(), written));
        ItemStatus[] statuses = batch.spread(written);
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
        Function<JsonNode, TickParser.Parsed> parse = parser::parse;
        if (config.symbols().isPresent()) {
            Set<String> allowed = config.symbols().get();
            parse = item -> {
                TickParser.Parsed p = parser.parse(item);
                return p.tick() == null || allowed.contains(p.symbol()) ? p
                        : new TickParser.Parsed(null, notAllowed(p.symbol(), allowed), p.symbol(), p.tsOriginal(), p.ts());
            };
        }
        Validated<TickParser.Parsed, TickInput> batch = validate(items, parse, TickParser.Parsed::tick,
                TickParser.Parsed::rejection, atomic, "ticks");
        List<TickParser.Parsed> parsed = batch.parsed();
        ItemStatus[] statuses = batch.spread(tickWriter.write(batch.valid()));
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

    /** The old system's SYMBOLS allow-list: a symbol outside it is refused, saying which are allowed. */
    static Rejection notAllowed(String symbol, Set<String> allowed) {
        String list = String.join(",", new java.util.TreeSet<>(allowed));
        return new Rejection("symbol_not_allowed", "symbol", "symbol '" + symbol + "' is not in the configured allow-list ("
                + (list.length() > 200 ? list.substring(0, 200) + "…" : list) + "; SYMBOLS / MT5DB_SYMBOLS)");
    }

    private static List<CandleInput> stored(List<CandleInput> candles, ItemStatus[] statuses) {
        List<CandleInput> stored = new ArrayList<>(candles.size());
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] == ItemStatus.INSERTED || statuses[i] == ItemStatus.UPDATED) {
                stored.add(candles.get(i));
            }
        }
        return stored;
    }

    /** Every item parsed, the valid ones in order, and where each valid one stood in the request. */
    private record Validated<P, T>(List<P> parsed, List<T> valid, int[] validIndex) {

        /** The writer's statuses (one per valid item) placed at the items' request positions. */
        ItemStatus[] spread(ItemStatus[] written) {
            ItemStatus[] statuses = new ItemStatus[parsed.size()];
            for (int j = 0; j < written.length; j++) {
                statuses[validIndex[j]] = written[j];
            }
            return statuses;
        }
    }

    /** Parses every item; with {@code atomic}, one invalid item fails the request before anything is stored. */
    private <P, T> Validated<P, T> validate(List<JsonNode> items, Function<JsonNode, P> parse, Function<P, T> value,
            Function<P, Rejection> rejection, boolean atomic, String noun) {
        List<P> parsed = new ArrayList<>(items.size());
        List<T> valid = new ArrayList<>(items.size());
        int[] validIndex = new int[items.size()];
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            P p = parse.apply(items.get(i));
            parsed.add(p);
            T item = value.apply(p);
            if (item != null) {
                validIndex[valid.size()] = i;
                valid.add(item);
            } else {
                Rejection r = rejection.apply(p);
                errors.add(new FieldError(i, r.field(), r.message()));
            }
        }
        if (atomic && !errors.isEmpty()) {
            parsed.stream().map(rejection).filter(java.util.Objects::nonNull).forEach(r -> metrics.rejected(r.reason()));
            throw ApiException.unprocessable(errors.size() + " of " + items.size() + " " + noun
                    + " are invalid; with atomic=true nothing was stored", errors);
        }
        return new Validated<>(parsed, valid, validIndex);
    }

    private void checkItemLimit(int size) {
        if (size > config.maxItems()) {
            throw ApiException.payloadTooLarge("The request holds " + size + " items; the limit is " + config.maxItems()
                    + " per request");
        }
    }
}

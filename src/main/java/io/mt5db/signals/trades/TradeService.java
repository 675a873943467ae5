package io.mt5db.signals.trades;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.TimestampParser;
import io.mt5db.signals.SignalsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Validates and stores trade events from EAs (per-item statuses like candle ingest), and lists them. */
@ApplicationScoped
public class TradeService {

    @Inject
    TradeRepository repository;

    @Inject
    SignalsConfig config;

    @Inject
    MeterRegistry registry;

    /**
     * @param accounts resolves an item's account_id against the key (a bound key: its own when absent,
     *        403 for another), null when none can be determined
     */
    TradeIngestResponse ingest(List<JsonNode> items, TradeParser.Shape shape, TimestampParser timestamps,
            UnaryOperator<String> accounts) throws SQLException {
        if (items.size() > config.maxItems()) {
            throw ApiException.payloadTooLarge("The request holds " + items.size() + " trade events; the limit is "
                    + config.maxItems() + " per request");
        }
        TradeParser parser = new TradeParser(timestamps, shape, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        List<TradeParser.Parsed> parsed = new ArrayList<>(items.size());
        List<TradeEvent> valid = new ArrayList<>(items.size());
        List<Integer> validIndex = new ArrayList<>(items.size());
        String[] accountOf = new String[items.size()];
        // Resolve every account before storing anything, so that a forbidden account stores nothing.
        for (int i = 0; i < items.size(); i++) {
            TradeParser.Parsed p = parser.parse(items.get(i), i);
            String account = accounts.apply(p.accountId());
            accountOf[i] = account;
            if (p.event() != null && account == null) {
                p = new TradeParser.Parsed(null, List.of(new FieldError(i, "account_id",
                        "account_id is required (or use a key bound to the account)")), null, p.ticket(), p.type());
            } else if (p.event() != null) {
                valid.add(p.event().withAccount(account));
                validIndex.add(i);
            }
            parsed.add(p);
        }
        TradeItemStatus[] written = valid.isEmpty() ? new TradeItemStatus[0] : repository.write(valid);
        TradeItemStatus[] statuses = new TradeItemStatus[items.size()];
        for (int j = 0; j < written.length; j++) {
            statuses[validIndex.get(j)] = written[j];
        }
        int[] counts = new int[TradeItemStatus.values().length];
        List<TradeIngestResponse.Item> details = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            TradeParser.Parsed p = parsed.get(i);
            TradeItemStatus status = statuses[i] == null ? TradeItemStatus.REJECTED : statuses[i];
            counts[status.ordinal()]++;
            details.add(new TradeIngestResponse.Item(i, accountOf[i], p.ticket(), p.type(), status,
                    p.errors().isEmpty() ? null : p.errors().get(0).field(),
                    p.errors().isEmpty() ? null : p.errors().stream().map(FieldError::message)
                            .collect(Collectors.joining("; "))));
        }
        for (TradeItemStatus status : TradeItemStatus.values()) {
            Counter.builder("trades.received").description("Trade events posted, by outcome")
                    .tag("status", status.wireName()).register(registry).increment(counts[status.ordinal()]);
        }
        return new TradeIngestResponse(counts[TradeItemStatus.REJECTED.ordinal()] == 0, items.size(),
                counts[TradeItemStatus.INSERTED.ordinal()], counts[TradeItemStatus.DUPLICATE.ordinal()],
                counts[TradeItemStatus.REJECTED.ordinal()], details);
    }

    public List<TradeRecord> list(TradeRepository.TradeQuery query) throws SQLException {
        return repository.list(query);
    }
}

package io.mt5db.ingest;

import io.mt5db.market.RequestSymbols;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Notes which symbols an HTTP ingest request stored, for market's /clients (no database work;
 * outside a request it does nothing).
 */
@ApplicationScoped
public class IngestedSymbols implements TickWriter.Listener {

    @Inject
    RequestSymbols requestSymbols;

    @Override
    public void ticksInserted(Connection transaction, List<TickInput> inserted) {
        note(inserted, TickInput::symbol);
    }

    /** Notes the symbols of candles a request stored (inserted or replaced). */
    public void candlesStored(List<CandleInput> stored) {
        if (!stored.isEmpty()) {
            note(stored, CandleInput::symbol);
        }
    }

    private <T> void note(List<T> items, Function<T, String> symbolOf) {
        // Items come grouped by symbol: comparing with the previous spares a hash lookup per item.
        Set<String> symbols = new LinkedHashSet<>();
        String previous = null;
        for (T item : items) {
            String symbol = symbolOf.apply(item);
            if (!symbol.equals(previous)) {
                previous = symbol;
                symbols.add(symbol);
            }
        }
        note(symbols);
    }

    private void note(Set<String> symbols) {
        if (Arc.container().requestContext().isActive()) {
            requestSymbols.add(symbols);
        }
    }
}

package io.mt5db.market;

import io.mt5db.ingest.CandleChangeHooks;
import io.mt5db.ingest.CandleInput;
import io.mt5db.ingest.TickInput;
import io.mt5db.ingest.TickWriter;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Notes which symbols an HTTP ingest request stored (no database work; outside a request it does nothing). */
@ApplicationScoped
public class IngestedSymbols implements TickWriter.Listener, CandleChangeHooks.Listener {

    @Inject
    RequestSymbols requestSymbols;

    @Override
    public void ticksInserted(Connection transaction, List<TickInput> inserted) {
        Set<String> symbols = new LinkedHashSet<>();
        String previous = null;
        for (TickInput tick : inserted) {
            if (!tick.symbol().equals(previous)) {
                previous = tick.symbol();
                symbols.add(previous);
            }
        }
        note(symbols);
    }

    @Override
    public void candlesChanged(Connection transaction, List<CandleInput> changed, List<CandleInput> inserted) {
        Set<String> symbols = new LinkedHashSet<>();
        String previous = null;
        for (CandleInput candle : changed) {
            if (!candle.symbol().equals(previous)) {
                previous = candle.symbol();
                symbols.add(previous);
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

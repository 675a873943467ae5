package io.mt5db.market;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import java.util.TreeSet;

/** The symbols an ingest request stored, collected for /clients. */
@RequestScoped
public class RequestSymbols {

    private final Set<String> symbols = new TreeSet<>();
    private boolean ingested;

    public void add(Iterable<String> stored) {
        ingested = true;
        stored.forEach(symbols::add);
    }

    Set<String> symbols() {
        return symbols;
    }

    boolean ingested() {
        return ingested;
    }
}

package io.mt5db.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Lets later stages (roll-ups, indicators) mark the work a candle change causes in the same
 * transaction as the change, without ingest knowing those stages.
 */
@ApplicationScoped
public class CandleChangeHooks {

    /** Implemented by a stage that must learn of stored candle changes. */
    public interface Listener {
        /**
         * @param changed every stored row the request inserted or replaced
         * @param inserted the subset that created a new row (counts grow by its size)
         */
        void candlesChanged(Connection transaction, List<CandleInput> changed, List<CandleInput> inserted)
                throws SQLException;
    }

    @Inject
    Instance<Listener> listeners;

    void candlesChanged(Connection transaction, List<CandleInput> changed, List<CandleInput> inserted)
            throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        for (Listener listener : listeners) {
            listener.candlesChanged(transaction, changed, inserted);
        }
    }
}

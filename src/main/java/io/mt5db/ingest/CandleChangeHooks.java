package io.mt5db.ingest;

import io.mt5db.common.StatementBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets later stages (roll-ups, indicators) mark the work a candle change causes in the same
 * transaction as the change, without ingest knowing those stages.
 */
@ApplicationScoped
public class CandleChangeHooks {

    /** The relation the listeners' statements read the changed rows from. */
    public static final String CHANGED_ROWS = "changed_candles";

    /** Implemented by a stage that must learn of stored candle changes. */
    public interface Listener {
        /**
         * Adds its statements to {@code statements}, which the writer sends as one after every
         * listener has added its own (work that fits no statement, a COPY, may use its connection).
         *
         * @param changed every stored row the request inserted or replaced
         * @param inserted the subset that created a new row (counts grow by its size)
         */
        void candlesChanged(StatementBatch statements, List<CandleInput> changed, List<CandleInput> inserted)
                throws SQLException;

        /**
         * The database work of {@link #candlesChanged}, exactly, as data-modifying statements (no
         * trailing semicolon) that read the changed rows from {@value #CHANGED_ROWS}{@code (symbol
         * text, timeframe text, ts timestamptz, inserted boolean)}. The writer runs them in the same
         * statement as its upsert, so that a small request costs one round trip, committed with it.
         */
        List<String> changedRowsStatements();
    }

    @Inject
    Instance<Listener> listeners;

    private final Map<String, String> withChangedRowsStatements = new ConcurrentHashMap<>();

    void candlesChanged(Connection transaction, List<CandleInput> changed, List<CandleInput> inserted)
            throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        StatementBatch statements = new StatementBatch(transaction);
        for (Listener listener : listeners) {
            listener.candlesChanged(statements, changed, inserted);
        }
        statements.execute();
    }

    /**
     * An upsert ({@link CandleWriter#UPSERT} or {@link CandleWriter#UPSERT_ONE}) with every listener's
     * statements attached as data-modifying CTEs; it answers the upsert's RETURNING rows. PostgreSQL
     * runs each attached statement once, after the upsert has produced all its rows, so row locks are
     * taken in the same order as on the two-step path.
     */
    String withChangedRowsStatements(String upsertReturningChanges) {
        return withChangedRowsStatements.computeIfAbsent(upsertReturningChanges, upsert -> {
            List<String> statements = new ArrayList<>();
            for (Listener listener : listeners) {
                statements.addAll(listener.changedRowsStatements());
            }
            return StatementBatch.withParts(CHANGED_ROWS + " AS (" + upsert.strip() + ")", "change_hook", statements,
                    "SELECT symbol, timeframe, ts, inserted FROM " + CHANGED_ROWS);
        });
    }
}

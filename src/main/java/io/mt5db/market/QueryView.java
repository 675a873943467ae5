package io.mt5db.market;

import io.mt5db.common.Timeframe;
import io.mt5db.security.Scope;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A read-only view that GET /query serves. A module makes its view available by providing a CDI bean
 * of this type ({@link QueryViews} lists them); no SQL text ever comes from the request.
 */
public interface QueryView {

    /** The name /query serves it under, e.g. {@code candles}. */
    String name();

    /** The scope a key needs besides read (read for market data, signals for account data). */
    Scope scope();

    List<String> columns();

    /**
     * Rows in the view's order, up to {@code limit + 1} so that the caller knows whether a page follows.
     * Values line up with {@link #columns()}.
     */
    Rows read(Request request) throws SQLException;

    /**
     * @param accountId the only account the caller may see (a bound key), else the one asked for, else null
     * @param cursor the next_cursor of the previous page, null for the first
     */
    record Request(String symbol, Timeframe timeframe, Instant from, Instant to, int limit, String cursor,
            String accountId) {
    }

    /** @param nextCursor set when more rows follow */
    record Rows(List<List<Object>> rows, String nextCursor) {
    }
}

package io.mt5db.market;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of rows. {@code next_cursor} continues the listing (for candles it is the {@code from}
 * of the next page); null on the last page.
 */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {
}

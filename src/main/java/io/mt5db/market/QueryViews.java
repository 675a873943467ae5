package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/** The /query whitelist and the views available on this build. */
@ApplicationScoped
public class QueryViews {

    /** Every name /query may ever serve; a listed view whose module is absent answers 404. */
    public static final List<String> WHITELIST =
            List.of("candles", "features", "labels", "trainset", "model_signals", "signals", "trades");

    @Inject
    Instance<QueryView> views;

    public QueryView find(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Query parameter 'view' is required: one of " + String.join(", ", WHITELIST));
        }
        if (!WHITELIST.contains(name)) {
            throw ApiException.badRequest("View '" + TextRules.abbreviate(name, 40) + "' is not queryable: use one of "
                    + String.join(", ", WHITELIST));
        }
        for (QueryView view : views) {
            if (view.name().equals(name)) {
                return view;
            }
        }
        throw ApiException.notFound("View '" + name + "' is not available on this server yet");
    }
}

package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.TextRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The views /query serves: exactly the {@link QueryView} beans of this build, so the names it lists
 * (in its errors and the OpenAPI document) are the names that answer. Any other name is 400.
 */
@ApplicationScoped
public class QueryViews {

    private final Map<String, QueryView> byName = new TreeMap<>();

    @Inject
    public QueryViews(Instance<QueryView> views) {
        for (QueryView view : views) {
            QueryView twin = byName.put(view.name(), view);
            if (twin != null) {
                throw new IllegalStateException("Two /query views are named '" + view.name() + "': "
                        + twin.getClass().getName() + " and " + view.getClass().getName());
            }
        }
    }

    /** The names /query serves, sorted. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    public QueryView find(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Query parameter 'view' is required: one of " + String.join(", ", names()));
        }
        QueryView view = byName.get(name);
        if (view == null) {
            throw ApiException.badRequest("View '" + TextRules.abbreviate(name, 40) + "' is not queryable: use one of "
                    + String.join(", ", names()));
        }
        return view;
    }
}

package io.mt5db.ml.query;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** /query?view=trainset: trainset_m1 (features with every value present, joined with their label). */
@Singleton
public class TrainsetQueryView extends M1SeriesView {

    static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(FeaturesQueryView.COLUMNS);
        c.add("fwd_ret_5");
        c.add("label");
        COLUMNS = List.copyOf(c);
    }

    public TrainsetQueryView() {
        super("trainset", COLUMNS, "SELECT " + String.join(", ", FeaturesQueryView.COLUMNS.stream().map(n -> "f." + n).toList())
                + ", l.fwd_ret_5, l.label FROM ml_features_m1(?, ?, ?) f"
                + " JOIN labels_m1 l ON l.symbol = f.symbol AND l.ts = f.ts"
                + " WHERE " + String.join(" AND ", FeaturesQueryView.COLUMNS.stream().map(n -> "f." + n + " IS NOT NULL").toList())
                + " ORDER BY f.ts LIMIT ?", true);
    }
}

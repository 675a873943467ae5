package io.mt5db.ml.query;

import jakarta.inject.Singleton;
import java.util.List;

/** /query?view=labels: labels_m1 of one symbol (bars without a future are absent, never labelled 0). */
@Singleton
public class LabelsQueryView extends M1SeriesView {

    public LabelsQueryView() {
        super("labels", List.of("symbol", "ts", "fwd_ret_5", "label"), "SELECT symbol, ts, fwd_ret_5, label FROM labels_m1"
                + " WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?", false);
    }
}

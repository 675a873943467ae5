package io.mt5db.ml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mt5db.common.Timeframe;
import io.mt5db.ml.data.BarReader;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.Label;
import io.mt5db.ml.features.Labeler;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.data.ModelSignalRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The A/B view of GET /models/{id}: on every series where the model has stored predictions, how many,
 * and where the bars have labels by now (computed from the stored candles with the model's own label
 * rule), its accuracy beside the series' active model on the same bars.
 */
@ApplicationScoped
public class ModelComparison {

    /** Newest predictions compared per series and model. */
    static final int MAX_ROWS = 5000;

    @Inject
    DataSource dataSource;

    @Inject
    ModelRepository repository;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Side(String version, long rows, Instant firstTs, Instant lastTs, int labelled, Double accuracy) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SeriesComparison(String symbol, String timeframe, Side model, Side active, int commonLabelledBars,
            Double modelAccuracyOnCommon, Double activeAccuracyOnCommon) {
    }

    public List<SeriesComparison> compare(ModelInfo model) throws SQLException {
        List<SeriesComparison> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            FeatureSpec spec = ModelManifest.featureSpec(model.manifest());
            Labeler labeler = new Labeler(spec);
            for (ModelSignalRepository.SeriesCount count : ModelSignalRepository.counts(c, List.of(model.version()))) {
                Optional<ModelInfo> active = repository.active(c, count.symbol(), count.timeframe());
                Timeframe tf = Timeframe.parse(count.timeframe()).orElseThrow();
                List<ModelSignalRepository.Prediction> mine = ModelSignalRepository.recent(c, count.symbol(),
                        count.timeframe(), model.version(), MAX_ROWS);
                List<ModelSignalRepository.Prediction> theirs = active.isEmpty() || active.get().id() == model.id()
                        ? List.of() : ModelSignalRepository.recent(c, count.symbol(), count.timeframe(),
                                active.get().version(), MAX_ROWS);
                Instant first = mine.isEmpty() ? count.firstTs() : mine.get(0).ts();
                if (!theirs.isEmpty() && theirs.get(0).ts().isBefore(first)) {
                    first = theirs.get(0).ts();
                }
                Instant last = count.lastTs();
                BarReader.StoredBars bars = BarReader.between(c, count.symbol(), tf, first,
                        last.plus(spec.horizon().multipliedBy(3)));
                Map<Instant, Integer> labels = labels(labeler, bars.bars());
                Map<Instant, Integer> mineByTs = byTs(mine);
                Map<Instant, Integer> theirsByTs = byTs(theirs);
                Side modelSide = side(model.version(), count.rows(), count.firstTs(), count.lastTs(), mineByTs, labels);
                Side activeSide = null;
                if (active.isPresent() && active.get().id() != model.id()) {
                    Optional<ModelSignalRepository.SeriesCount> theirCount = ModelSignalRepository.counts(c,
                            List.of(active.get().version())).stream()
                            .filter(x -> x.symbol().equals(count.symbol()) && x.timeframe().equals(count.timeframe()))
                            .findFirst();
                    activeSide = side(active.get().version(), theirCount.map(ModelSignalRepository.SeriesCount::rows).orElse(0L),
                            theirCount.map(ModelSignalRepository.SeriesCount::firstTs).orElse(null),
                            theirCount.map(ModelSignalRepository.SeriesCount::lastTs).orElse(null), theirsByTs, labels);
                }
                int common = 0;
                int mineRight = 0;
                int theirsRight = 0;
                for (Map.Entry<Instant, Integer> e : mineByTs.entrySet()) {
                    Integer label = labels.get(e.getKey());
                    Integer other = theirsByTs.get(e.getKey());
                    if (label != null && other != null) {
                        common++;
                        mineRight += e.getValue().equals(label) ? 1 : 0;
                        theirsRight += other.equals(label) ? 1 : 0;
                    }
                }
                out.add(new SeriesComparison(count.symbol(), count.timeframe(), modelSide, activeSide, common,
                        common == 0 ? null : (double) mineRight / common, common == 0 ? null : (double) theirsRight / common));
            }
        }
        return out;
    }

    private static Side side(String version, long rows, Instant firstTs, Instant lastTs, Map<Instant, Integer> predicted,
            Map<Instant, Integer> labels) {
        int labelled = 0;
        int right = 0;
        for (Map.Entry<Instant, Integer> e : predicted.entrySet()) {
            Integer label = labels.get(e.getKey());
            if (label != null) {
                labelled++;
                right += e.getValue().equals(label) ? 1 : 0;
            }
        }
        return new Side(version, rows, firstTs, lastTs, labelled, labelled == 0 ? null : (double) right / labelled);
    }

    private static Map<Instant, Integer> labels(Labeler labeler, List<MlBar> bars) {
        Map<Instant, Integer> out = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            Optional<Label> label = labeler.labelAt(bars, i);
            if (label.isPresent()) {
                out.put(bars.get(i).ts(), label.get().label());
            }
        }
        return out;
    }

    private static Map<Instant, Integer> byTs(List<ModelSignalRepository.Prediction> predictions) {
        Map<Instant, Integer> out = new HashMap<>();
        for (ModelSignalRepository.Prediction p : predictions) {
            out.put(p.ts(), p.label());
        }
        return out;
    }
}

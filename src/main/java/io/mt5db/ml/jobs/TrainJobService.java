package io.mt5db.ml.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.ApiException;
import io.mt5db.ml.MlConfig;
import io.mt5db.ml.MlDisabled;
import io.mt5db.ml.MlSeries;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Queues training jobs (any role; an ml process runs them) and answers their state. */
@ApplicationScoped
public class TrainJobService {

    private static final Logger LOG = Logger.getLogger(TrainJobService.class);

    @Inject
    TrainJobRepository jobs;

    @Inject
    MlConfig config;

    @Inject
    ObjectMapper mapper;

    public TrainJob queue(TrainRequest request, String requestedBy) throws SQLException {
        return jobs.insert(request.toJson(mapper), requestedBy);
    }

    public TrainJob get(long id) throws SQLException {
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("No ML job with id " + id));
    }

    /** The scheduled retrain (mt5db.ml.retrain-cron, off by default): one job per configured series. */
    @Scheduled(identity = "ml-retrain", cron = "${mt5db.ml.retrain-cron}", skipExecutionIf = MlDisabled.class)
    void scheduledRetrain() {
        try {
            List<Long> queued = queueRetrain();
            LOG.infof("scheduled retrain queued %d job(s): %s", queued.size(), queued);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("scheduled retrain failed: %s", e.getMessage());
        }
    }

    /** Queues a retrain of every configured series over the retrain window, unless one is already pending. */
    public List<Long> queueRetrain() throws SQLException {
        List<MlSeries> series = MlSeries.parseAll(config.series().orElse(List.of()));
        Instant from = Instant.now().minus(config.retrainWindow());
        List<Long> ids = new ArrayList<>();
        for (MlSeries s : series) {
            if (jobs.pendingFor(s.symbol(), s.timeframe().name())) {
                continue;
            }
            TrainRequest request = new TrainRequest(List.of(s.symbol()), s.timeframe(), from, null, false,
                    Map.of());
            ids.add(queue(request, "retrain-cron").id());
        }
        return ids;
    }
}

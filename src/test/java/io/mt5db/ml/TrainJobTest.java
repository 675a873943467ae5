package io.mt5db.ml;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.IndicatorJob;
import io.mt5db.ml.jobs.TrainJob;
import io.mt5db.ml.jobs.TrainJobRepository;
import io.mt5db.ml.jobs.TrainingWorker;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** POST /ml/train → 202 → an ml worker runs it → GET /ml/jobs/{id} and GET /models; recovery of abandoned jobs. */
@QuarkusTest
class TrainJobTest {

    static final String PARAMS = "\"params\":{\"trees\":5,\"max_depth\":4,\"bins\":32,\"threads\":1,\"seed\":7}";

    @Inject
    DataSource dataSource;

    @Inject
    IndicatorJob indicators;

    @Inject
    TrainingWorker worker;

    @Inject
    TrainJobRepository jobs;

    private String seriesWithBars(long seed) throws Exception {
        String symbol = Api.uniqueSymbol("MLT");
        MlData.insertWithIndicators(dataSource, indicators, symbol,
                MlData.momentum(seed, Instant.parse("2026-06-01T00:00:00Z"), 900, 0.6));
        return symbol;
    }

    /** Runs queued jobs (oldest first, as an ml process would) until job {@code id} is finished. */
    private JsonPath runUntilFinished(long id) throws Exception {
        for (int i = 0; i < 20; i++) {
            JsonPath job = MlApi.json(Api.admin().get("/ml/jobs/" + id).then().statusCode(200).extract().asString());
            String status = job.getString("status");
            if (status.equals("succeeded") || status.equals("failed")) {
                return job;
            }
            assertTrue(worker.runNext().isPresent(), "job " + id + " is " + status + " but nothing is queued");
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void aQueuedJobIsTrainedAndItsModelListedWithMetricsAndBaselines() throws Exception {
        String symbol = seriesWithBars(21);
        JsonPath queued = MlApi.json(Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\"," + PARAMS + "}")
                .post("/ml/train").then().statusCode(202).header("Location", containsString("/ml/jobs/"))
                .body("status", equalTo("queued")).body("links.self", startsWith("/ml/jobs/")).extract().asString());
        long id = queued.getLong("job_id");
        // any read key may follow it
        Api.ea().get("/ml/jobs/" + id).then().statusCode(200).body("status", equalTo("queued"))
                .body("request.symbols", hasItem(symbol)).body("request.params.trees", equalTo(5));

        JsonPath done = runUntilFinished(id);
        assertEquals("succeeded", done.getString("status"), done.prettify());
        assertEquals(100.0, done.getDouble("percent"));
        assertEquals("done", done.getString("phase"));
        assertEquals(1, done.getInt("attempts"));
        assertTrue(done.getLong("rows") >= 900, "rows " + done.getLong("rows"));
        long modelId = done.getLong("result.model_id");
        assertTrue(done.getString("result.version").startsWith("rf-" + symbol + "-M1-"));
        boolean beats = done.getBoolean("result.beats_baselines");
        assertEquals(beats ? "active" : "candidate", done.getString("result.status"), "auto-activated only if it beats both");
        assertTrue(done.getDouble("result.metrics.model.accuracy") >= 0);
        assertTrue(done.getDouble("result.metrics.majority.accuracy") >= 0);
        assertTrue(done.getDouble("result.metrics.persistence.accuracy") >= 0);
        assertTrue(done.getString("result.verdict").length() > 0);

        Api.ea().get("/models?symbol=" + symbol).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].id", equalTo((int) modelId))
                .body("items[0].beats_baselines", equalTo(beats))
                .body("items[0].test_accuracy.model", notNullValue())
                .body("items[0].test_accuracy.majority", notNullValue())
                .body("items[0].test_accuracy.persistence", notNullValue());
        Api.ea().get("/models/" + modelId).then().statusCode(200)
                .body("job_id", equalTo((int) id))
                .body("metrics.majority.accuracy", notNullValue())
                .body("metrics.persistence.accuracy", notNullValue())
                .body("manifest.training_window.symbol", equalTo(symbol))
                .body("manifest.training_window.train_from", notNullValue())
                .body("manifest.params.trees", equalTo(5))
                .body("manifest.threshold", notNullValue());
    }

    @Test
    void aJobWithTooLittleDataFailsWithAClearError() throws Exception {
        String symbol = Api.uniqueSymbol("MLTF");
        MlData.insertWithIndicators(dataSource, indicators, symbol,
                MlData.momentum(3, Instant.parse("2026-06-01T00:00:00Z"), 120, 0.6));
        long id = MlApi.json(Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\"}").post("/ml/train")
                .then().statusCode(202).extract().asString()).getLong("job_id");
        JsonPath done = runUntilFinished(id);
        assertEquals("failed", done.getString("status"));
        assertTrue(done.getString("error").contains("too few samples"), done.getString("error"));

        long none = MlApi.json(Api.admin().body("{\"symbol\":\"NOBARS1\",\"timeframe\":\"H1\"}").post("/ml/train")
                .then().statusCode(202).extract().asString()).getLong("job_id");
        JsonPath failed = runUntilFinished(none);
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("error").contains("no stored H1 bars of NOBARS1"), failed.getString("error"));
    }

    @Test
    void badTrainingRequestsAre422NamingTheField() {
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"timeframe\":\"M1\"}", "symbol"),
                new Case("{\"symbol\":\"EURUSD\"}", "timeframe"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M2\"}", "timeframe"),
                new Case("{\"symbol\":\"EUR\\u0000USD\",\"timeframe\":\"M1\"}", "symbol"),
                new Case("{\"symbol\":\"" + "X".repeat(40) + "\",\"timeframe\":\"M1\"}", "symbol"),
                new Case("{\"symbol\":\"EURUSD\",\"symbols\":[\"GBPUSD\"],\"timeframe\":\"M1\"}", "symbols"),
                new Case("{\"symbols\":[],\"timeframe\":\"M1\"}", "symbols"),
                new Case("{\"symbols\":[\"A\",\"A\"],\"timeframe\":\"M1\"}", "symbols[1]"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"from\":\"yesterday\"}", "from"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"from\":0}", "from"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"from\":\"2026-02-01T00:00:00Z\","
                        + "\"to\":\"2026-01-01T00:00:00Z\"}", "to"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"params\":{\"trees\":0}}", "params.trees"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"params\":{\"max_depth\":1.5}}", "params.max_depth"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"params\":{\"feature_fraction\":2}}",
                        "params.feature_fraction"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"params\":{\"learning_rate\":0.1}}",
                        "params.learning_rate"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"params\":[]}", "params"),
                new Case("{\"symbols\":[\"A\",\"B\"],\"timeframe\":\"M1\",\"global\":true}", "global"),
                new Case("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"colour\":\"red\"}", "colour"))) {
            Api.admin().body(c.body()).post("/ml/train").then().log().ifValidationFails().statusCode(422)
                    .contentType("application/problem+json").body("errors.field", hasItem(c.field()));
        }
        Api.admin().body("{\"symbol\":").post("/ml/train").then().statusCode(400);
        // training is for admins; any read key may follow jobs
        Api.ea().body("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\"}").post("/ml/train").then().statusCode(403);
        Api.ea().get("/ml/jobs/999999999").then().statusCode(404).contentType("application/problem+json");
        Api.ea().get("/ml/jobs/abc").then().statusCode(404);
    }

    @Test
    void aJobLeftRunningByAStoppedProcessIsQueuedAgainThenCompletedOrFailedAfterMaxAttempts() throws Exception {
        String symbol = seriesWithBars(22);
        long stale = insertRunningJob(symbol, 1);
        long exhausted = insertRunningJob(symbol, 3);
        long fresh;
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("INSERT INTO ml_jobs (request, status,"
                + " claimed_by, heartbeat_at, attempts, started_at) VALUES (?::jsonb, 'running', 'alive', now(), 1, now())"
                + " RETURNING id")) {
            ps.setString(1, request(symbol));
            var rs = ps.executeQuery();
            rs.next();
            fresh = rs.getLong(1);
        }

        TrainJobRepository.Recovery recovery = worker.recoverAbandoned();
        assertTrue(recovery.requeued().contains(stale), recovery.toString());
        assertTrue(recovery.failed().contains(exhausted), recovery.toString());
        assertTrue(!recovery.requeued().contains(fresh) && !recovery.failed().contains(fresh), "a beating job is left alone");

        Api.admin().get("/ml/jobs/" + stale).then().statusCode(200).body("status", equalTo("queued"))
                .body("attempts", equalTo(1));
        Api.admin().get("/ml/jobs/" + exhausted).then().statusCode(200).body("status", equalTo("failed"))
                .body("error", containsString("abandoned")).body("error", containsString("3 times"));
        Api.admin().get("/ml/jobs/" + fresh).then().statusCode(200).body("status", equalTo("running"));

        JsonPath done = runUntilFinished(stale);
        assertEquals("succeeded", done.getString("status"), done.prettify());
        assertEquals(2, done.getInt("attempts"));
        assertNotEquals("dead-process", done.getString("claimed_by"));
        // the abandoned run can no longer write to the job it lost
        assertTrue(!jobs.progress(stale, "dead-process", "fit", 1, 50));
        MlData.exec(dataSource, "UPDATE ml_jobs SET status = 'failed' WHERE id = ?", fresh);
    }

    @Test
    void twoWorkersNeverClaimTheSameJob() throws Exception {
        jobs.insert(MlApi.mapper().readTree(request("NOBARS2")), "test");
        jobs.insert(MlApi.mapper().readTree(request("NOBARS3")), "test");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<TrainJob>>> claims = new ArrayList<>();
            for (String w : List.of("claim-test-1", "claim-test-2")) {
                Callable<Optional<TrainJob>> claim = () -> {
                    start.await();
                    return jobs.claim(w);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            Optional<TrainJob> a = claims.get(0).get();
            Optional<TrainJob> b = claims.get(1).get();
            assertTrue(a.isPresent() && b.isPresent());
            assertNotEquals(a.get().id(), b.get().id());
            assertEquals(1, MlData.count(dataSource, "SELECT count(*) FROM ml_jobs WHERE id = ? AND claimed_by = ?",
                    a.get().id(), "claim-test-1"));
        } finally {
            pool.shutdownNow();
            MlData.exec(dataSource, "UPDATE ml_jobs SET status = 'queued', claimed_by = NULL, attempts = 0"
                    + " WHERE claimed_by IN ('claim-test-1', 'claim-test-2')");
        }
    }

    /** Posts a core synthetic series as candles (the indicator job computes the indicators). */
    private String syntheticSeries(String prefix, List<io.mt5db.ml.features.MlBar> bars) throws Exception {
        String symbol = Api.uniqueSymbol(prefix);
        List<MlData.Bar> candles = bars.stream().map(b -> new MlData.Bar(b.ts(), b.open(), b.high(), b.low(), b.close(),
                b.volume() == null ? 0 : b.volume(), b.spread() == null ? 0.00002 : b.spread())).toList();
        MlData.insertWithIndicators(dataSource, indicators, symbol, candles);
        return symbol;
    }

    private JsonPath trainAndWait(String symbol) throws Exception {
        long id = MlApi.json(Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"params\":{\"trees\":20,"
                + "\"max_depth\":6,\"bins\":64,\"threads\":2,\"seed\":42}}").post("/ml/train").then().statusCode(202)
                .extract().asString()).getLong("job_id");
        JsonPath done = runUntilFinished(id);
        assertEquals("succeeded", done.getString("status"), done.prettify());
        return done;
    }

    @Test
    void aModelThatBeatsBothBaselinesIsActivatedAndOneOnARandomWalkIsNot() throws Exception {
        String planted = syntheticSeries("MLTP", new SyntheticSeries(1).start(Instant.parse("2026-09-01T00:00:00Z"))
                .missing(0.05).gaps(0.001, 30).generate(8_000, SyntheticSeries.meanReverting(2e-4, 0.15)));
        JsonPath learned = trainAndWait(planted);
        assertTrue(learned.getBoolean("result.beats_baselines"), learned.getString("result.verdict"));
        assertTrue(learned.getBoolean("result.activated"));
        long modelId = learned.getLong("result.model_id");
        Api.ea().get("/models/" + modelId).then().statusCode(200).body("status", equalTo("active"))
                .body("activated_at", notNullValue());
        assertTrue(MlData.count(dataSource, "SELECT count(*) FROM audit_log WHERE action = 'model.activate' AND target = ?"
                + " AND detail LIKE 'auto-activated%'", "model:" + modelId) == 1);

        String noise = syntheticSeries("MLTW", new SyntheticSeries(2).start(Instant.parse("2026-09-01T00:00:00Z"))
                .missing(0.05).gaps(0.001, 30).generate(8_000, SyntheticSeries.randomWalk(2e-4)));
        JsonPath random = trainAndWait(noise);
        assertTrue(!random.getBoolean("result.beats_baselines"), random.getString("result.verdict"));
        assertTrue(!random.getBoolean("result.activated"));
        assertTrue(random.getDouble("result.metrics.model.samples") >= 1000, "enough test samples to judge");
        double accuracy = random.getDouble("result.metrics.model.accuracy");
        assertTrue(Math.abs(accuracy - 0.5) < 0.06, "accuracy within noise of 0.5: " + accuracy);
        Api.ea().get("/models?symbol=" + noise).then().statusCode(200).body("items[0].status", equalTo("candidate"));
        Api.ea().get("/predict?symbol=" + noise + "&timeframe=M1").then().statusCode(404);
    }

    private static String request(String symbol) {
        return "{\"symbols\":[\"" + symbol + "\"],\"timeframe\":\"M1\",\"global\":false,"
                + "\"params\":{\"trees\":5,\"max_depth\":4,\"bins\":32,\"threads\":1}}";
    }

    private long insertRunningJob(String symbol, int attempts) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("INSERT INTO ml_jobs (request, status, phase,"
                + " claimed_by, heartbeat_at, attempts, started_at) VALUES (?::jsonb, 'running', 'fit', 'dead-process',"
                + " now() - interval '10 minutes', ?, now() - interval '11 minutes') RETURNING id")) {
            ps.setString(1, request(symbol));
            ps.setInt(2, attempts);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }
}

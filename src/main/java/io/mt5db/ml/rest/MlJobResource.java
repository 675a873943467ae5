package io.mt5db.ml.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.ApiException;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.TextRules;
import io.mt5db.ml.jobs.TrainJob;
import io.mt5db.ml.jobs.TrainJobService;
import io.mt5db.ml.jobs.TrainRequest;
import io.mt5db.security.AuditLog;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Training jobs: queued here (any role serving the API), run by an ml process. */
@Path("/ml")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ml", description = "Training, model registry, predictions and backtests")
public class MlJobResource {

    static final long MAX_BODY = 65_536;
    static final String TRAIN_EXAMPLE = """
            {"symbol":"EURUSD","timeframe":"M1","from":"2026-09-01T00:00:00Z","to":"2026-12-01T00:00:00Z",\
            "params":{"trees":100,"max_depth":12,"feature_fraction":0.5,"seed":42,"bins":256}}""";
    static final String JOB_EXAMPLE = """
            {"job_id":7,"kind":"train","status":"succeeded","phase":"done","rows":129600,"percent":100.0,"attempts":1,\
            "request":{"symbols":["EURUSD"],"timeframe":"M1","from":"2026-09-01T00:00:00Z","to":"2026-12-01T00:00:00Z",\
            "global":false,"params":{"trees":100}},"result":{"model_id":12,"version":"rf-EURUSD-M1-20261207T031500Z-12",\
            "symbol":"EURUSD","timeframe":"M1","global":false,"bars":129600,"beats_baselines":false,\
            "verdict":"does not beat the baselines: test accuracy 0.503 vs majority 0.512, persistence 0.497",\
            "activated":false,"status":"candidate","metrics":{"model":{"samples":25000,"accuracy":0.503},\
            "majority":{"samples":25000,"accuracy":0.512},"persistence":{"samples":25000,"accuracy":0.497}},\
            "threshold":0.55},"error":null,"claimed_by":"4242@ml-1/1a2b3c4d","created_at":"2026-12-07T03:15:00Z",\
            "started_at":"2026-12-07T03:15:01Z","heartbeat_at":"2026-12-07T03:16:40Z","finished_at":"2026-12-07T03:16:40Z",\
            "links":{"self":"/ml/jobs/7"}}""";

    @Inject
    TrainJobService jobs;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    private final JsonBodies bodies;

    @Inject
    public MlJobResource(ObjectMapper mapper) {
        this.bodies = new JsonBodies(mapper);
    }

    /** A job as GET /ml/jobs/{id} shows it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record JobView(long jobId, String kind, String status, String phase, long rows, double percent, int attempts,
            JsonNode request, JsonNode result, String error, String claimedBy, Instant createdAt, Instant startedAt,
            Instant heartbeatAt, Instant finishedAt, Map<String, String> links) {

        static JobView of(TrainJob j) {
            return new JobView(j.id(), j.kind(), j.status(), j.phase(), j.rows(), j.percent(), j.attempts(), j.request(),
                    j.result(), j.error(), j.claimedBy(), j.createdAt(), j.startedAt(), j.heartbeatAt(), j.finishedAt(),
                    Map.of("self", "/ml/jobs/" + j.id()));
        }
    }

    /** The 202 answer of POST /ml/train. */
    public record Queued(long jobId, String status, Map<String, String> links) {
    }

    @POST
    @Path("train")
    @RequiresScope(Scope.ADMIN)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Operation(summary = "Queue a training job (admin)",
            description = "symbol (or symbols: up to 20, one model each), timeframe, optional from (inclusive) and to "
                    + "(exclusive; open ends take every stored bar), optional global (register the single symbol's model "
                    + "as the timeframe's global model) and params: trees (1-2000), max_depth (1-64), feature_fraction "
                    + "and bootstrap_fraction (0-1], seed, bins (0-65536, 0 = raw values), threads (1-64). An ml process "
                    + "runs the job; follow it at links.self. The new model is activated automatically only if it beats "
                    + "both baselines (mt5db.ml.auto-activate, mt5db.ml.require-beating-baselines). 422 names each bad "
                    + "field.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MlBodies.Train.class),
            examples = @ExampleObject(name = "EURUSD M1", value = TRAIN_EXAMPLE)))
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "queued", value = "{\"job_id\":7,\"status\":\"queued\",\"links\":{\"self\":\"/ml/jobs/7\"}}")))
    @APIResponse(responseCode = "422", description = "Invalid fields, each named in errors[]")
    public Response train(InputStream body, @HeaderParam("Content-Encoding") String contentEncoding) throws SQLException {
        TrainRequest request = TrainRequest.parse(bodies.read(body, contentEncoding, MAX_BODY));
        TrainJob job = jobs.queue(request, caller.get().name());
        audit.record(caller.get(), "ml.train", "ml_job:" + job.id(), String.join(",", request.symbols()) + " "
                + request.timeframe() + (request.global() ? " global" : ""));
        String self = "/ml/jobs/" + job.id();
        return Response.accepted(new Queued(job.id(), job.status(), Map.of("self", self))).location(URI.create(self))
                .build();
    }

    @GET
    @Path("jobs/{id}")
    @RequiresScope(Scope.READ)
    @Operation(summary = "A training job: status, progress and result",
            description = "status queued, running, succeeded or failed; phase, rows and percent while it runs (updated "
                    + "about once a second); result holds the new model's id, version, beats_baselines, verdict and "
                    + "metrics beside the baselines; error says why a job failed (too few samples, no bars, abandoned "
                    + "by a stopped ml process after mt5db.ml.max-attempts starts).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "succeeded", value = JOB_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView job(@PathParam("id") String id) throws SQLException {
        return JobView.of(jobs.get(parseId(id, "job")));
    }

    static long parseId(String id, String what) {
        try {
            long v = Long.parseLong(id);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.notFound("No " + what + " with id '" + TextRules.abbreviate(id, 40) + "'");
    }
}

package io.mt5db.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.IndicatorJob;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.stream.SseClient;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The live stream's model events: trained (a model stored) and activated, with the metrics GET /models/{id} shows. */
@QuarkusTest
class StreamModelEventTest {

    @Inject
    DataSource dataSource;

    @Inject
    IndicatorJob indicators;

    @Inject
    ModelRegistry registry;

    @Test
    void trainingAndActivatingAModelAreStreamed() throws Exception {
        String symbol = Api.uniqueSymbol("SM");
        MlData.insertWithIndicators(dataSource, indicators, symbol,
                MlData.momentum(5, Instant.parse("2026-05-04T00:00:00Z"), 900, 0.6));
        try (SseClient client = SseClient.open(Api.EA_KEY, "symbols=" + symbol + "&types=model")) {
            client.await("heartbeat", e -> true);
            ModelInfo saved = MlModels.save(registry, MlModels.train(dataSource, symbol, 3), symbol, "M1");
            SseClient.Event trained = client.await("model", e -> true);
            assertEquals("trained", trained.data().get("action").asText());
            assertEquals(saved.id(), trained.data().get("model_id").asLong());
            assertEquals(saved.version(), trained.data().get("version").asText());
            assertEquals(symbol, trained.data().get("symbol").asText());
            assertEquals("M1", trained.data().get("timeframe").asText());
            assertEquals("candidate", trained.data().get("status").asText());
            int samples = Api.admin().get("/models/" + saved.id()).then().statusCode(200).extract()
                    .path("metrics.model.samples");
            assertEquals(samples, trained.data().at("/metrics/model/samples").asInt());
            assertTrue(trained.data().at("/metrics/majority").isObject(), trained.rawData());

            registry.activate(saved.id());
            SseClient.Event activated = client.await("model", e -> true);
            assertEquals("activated", activated.data().get("action").asText());
            assertEquals("active", activated.data().get("status").asText());
            assertEquals(saved.id(), activated.data().get("model_id").asLong());
        }
    }
}

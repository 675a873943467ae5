package io.mt5db.signals;

import static io.mt5db.signals.SignalApi.account;
import static io.mt5db.signals.SignalApi.ackBody;
import static io.mt5db.signals.SignalApi.create;
import static io.mt5db.signals.SignalApi.metric;
import static io.mt5db.signals.SignalApi.poll;
import static io.mt5db.signals.SignalApi.pollJson;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.signals.expiry.SignalExpiry;
import io.mt5db.testing.Api;
import io.mt5db.testing.TightLimitsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Real lease expiry with a one-second lease (TightLimitsProfile: keep lease tests in this class). */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class SignalLeaseTest {

    @Inject
    SignalExpiry expiry;

    @Test
    void aPollerThatCrashedBeforeAckingGetsTheSignalAgainAfterTheLease() throws InterruptedException {
        String symbol = Api.uniqueSymbol("LEASE");
        String id = create(symbol, "BUY");
        String account = account("crash");
        double redelivered = metric("signals_redelivered_total");

        JsonPath first = pollJson(Api.ea(), account, symbol, 1);
        assertThat(first.getList("signals.id", String.class), contains(id));
        assertEquals(1, first.getInt("signals[0].delivery_attempt"));
        // The EA "crashes": no ack. Within the lease nobody gets it again.
        assertThat(poll(Api.ea(), account, symbol, 5), empty());
        Thread.sleep(1200);
        // The sweep leaves a live signal's delivery alone when its lease runs out.
        expiry.sweep();

        JsonPath second = pollJson(Api.ea(), account, symbol, 5);
        assertThat(second.getList("signals.id", String.class), contains(id));
        assertEquals(2, second.getInt("signals[0].delivery_attempt"));
        assertEquals(first.getString("signals[0].created_at"), second.getString("signals[0].created_at"));
        assertEquals(redelivered + 1, metric("signals_redelivered_total"));
        assertThat(poll(Api.ea(), account, symbol, 5), empty());

        Thread.sleep(1200);
        // The ack of the first attempt arrives after its lease: still recorded, and the signal is settled.
        Api.ea().body(ackBody(id, account, "FILLED")).post("/signals/ack").then().statusCode(200)
                .body("status", equalTo("FILLED")).body("delivery_attempt", equalTo(2));
        assertThat(poll(Api.ea(), account, symbol, 5), empty());
    }

    @Test
    void ofConcurrentPollersAfterTheLeaseOnlyOneGetsTheRedelivery() throws Exception {
        String symbol = Api.uniqueSymbol("LEASE");
        String id = create(symbol, "SELL");
        String account = account("race");
        assertThat(poll(Api.ea(), account, symbol, 1), contains(id));
        Thread.sleep(1200);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<String>>> polls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                polls.add(pool.submit(() -> poll(Api.ea(), account, symbol, 5)));
            }
            int got = 0;
            for (Future<List<String>> p : polls) {
                got += p.get().size();
            }
            assertEquals(1, got);
        } finally {
            pool.shutdownNow();
        }
    }
}

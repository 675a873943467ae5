package io.mt5db.signals;

import static io.mt5db.signals.SignalApi.account;
import static io.mt5db.signals.SignalApi.create;
import static io.mt5db.signals.SignalApi.poll;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A poll reads only the signals past its account's cursor: whatever the poll's filters, a pause or
 * the limit held back must stay deliverable, and a signal whose creating transaction commits late
 * must not fall behind a cursor that moved in the meantime.
 */
@QuarkusTest
class SignalCursorTest {

    @Inject
    DataSource dataSource;

    @Test
    void signalsHeldBackByTheSymbolFilterAreDeliveredToALaterPoll() {
        String held = Api.uniqueSymbol("CURA");
        String asked = Api.uniqueSymbol("CURB");
        String account = account("filter");
        String first = create(held, "BUY");
        String second = create(asked, "SELL");

        assertThat(poll(Api.ea(), account, asked, 5), contains(second));
        String third = create(asked, "BUY");
        assertThat(poll(Api.ea(), account, asked, 5), contains(third));
        assertThat(poll(Api.ea(), account, held, 5), contains(first));
        assertThat(poll(Api.ea(), account, held + "," + asked, 5), empty());
    }

    @Test
    void signalsBeyondThePollLimitComeInOrderOnTheNextPolls() {
        String symbol = Api.uniqueSymbol("CURL");
        String account = account("limit");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(symbol, i % 2 == 0 ? "BUY" : "SELL"));
        }
        assertThat(poll(Api.ea(), account, symbol, 2), contains(created.get(0), created.get(1)));
        assertThat(poll(Api.ea(), account, symbol, 2), contains(created.get(2), created.get(3)));
        assertThat(poll(Api.ea(), account, symbol, 2), contains(created.get(4)));
        assertThat(poll(Api.ea(), account, symbol, 2), empty());
    }

    @Test
    void aPausedSymbolsSignalsAreDeliveredAfterTheResumeThoughLaterOnesWentFirst() {
        String paused = Api.uniqueSymbol("CURP");
        String open = Api.uniqueSymbol("CURO");
        String account = account("pause");
        Api.admin().body("{\"account_id\":\"" + account + "\",\"symbol\":\"" + paused + "\",\"paused\":true}")
                .put("/trading/pause").then().statusCode(200);
        String held = create(paused, "BUY");
        String passed = create(open, "SELL");
        assertThat(poll(Api.ea(), account, paused + "," + open, 5), contains(passed));

        Api.admin().body("{\"account_id\":\"" + account + "\",\"symbol\":\"" + paused + "\",\"paused\":false}")
                .put("/trading/pause").then().statusCode(200);
        assertThat(poll(Api.ea(), account, paused + "," + open, 5), contains(held));
    }

    @Test
    void aSignalWhoseTransactionCommitsLateIsStillDelivered() throws Exception {
        String symbol = Api.uniqueSymbol("CURT");
        String account = account("late");
        List<String> delivered = new ArrayList<>();
        String late;
        CompletableFuture<String> meanwhile;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // Draws its seq now and commits only after another signal was created and a poll ran.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signals (id, symbol, timeframe, side, ttl_sec,"
                    + " expires_at) VALUES (gen_random_uuid(), ?, 'M5', 'BUY', 300, now() + interval '300 seconds')"
                    + " RETURNING id")) {
                ps.setString(1, symbol);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    late = rs.getString(1);
                }
            }
            meanwhile = CompletableFuture.supplyAsync(() -> create(symbol, "SELL"));
            Thread.sleep(500);
            // The second creation waits for the open one: seq order is commit order.
            assertFalse(meanwhile.isDone(), "a signal insert went ahead of an earlier uncommitted one");
            delivered.addAll(poll(Api.ea(), account, symbol, 5));
            c.commit();
        }
        String second = meanwhile.get(30, TimeUnit.SECONDS);
        delivered.addAll(poll(Api.ea(), account, symbol, 5));
        assertThat(delivered, containsInAnyOrder(late, second));
        assertTrue(poll(Api.ea(), account, symbol, 5).isEmpty());
    }
}

package io.mt5db.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the server works with the DML-only role of {@code db/roles/app_role.sql}. Migrations run
 * as the owner at start-up (the role does not exist yet); the test then applies the script as the
 * owner and empties the pool, and every new pooled connection sets the role mt5db_app
 * (new-connection-sql, only once the role exists), so ingest, reads, signals and the jobs run with
 * that role's privileges only; DDL is refused.
 */
@QuarkusTest
@TestProfile(LeastPrivilegeRoleTest.AppRole.class)
class LeastPrivilegeRoleTest {

    public static class AppRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.new-connection-sql",
                    "SELECT set_config('role', 'mt5db_app', false) WHERE EXISTS "
                            + "(SELECT 1 FROM pg_roles WHERE rolname = 'mt5db_app')");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregationSchedule schedule;

    @Inject
    IndicatorJob indicators;

    @Test
    void ingestReadsSignalsAndJobsWorkWithTheDmlOnlyRole() throws Exception {
        String script = Files.readString(Path.of("db", "roles", "app_role.sql"));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(script);
        }
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        Thread.sleep(1000); // the flush closes pooled connections asynchronously
        dataSource.flush(AgroalDataSource.FlushMode.IDLE);
        Thread.sleep(500);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_user")) {
                rs.next();
                assertEquals("mt5db_app", rs.getString(1), "pooled connections use the DML-only role");
            }
            assertThrows(SQLException.class, () -> st.execute("CREATE TABLE not_allowed (x int)"));
        }

        String s = Api.uniqueSymbol("ROLE");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            batch.append(i > 0 ? "," : "").append(Api.m1(s, "\"2024-02-01T10:" + String.format("%02d", i) + ":00Z\""));
        }
        Api.ea().body(batch.append(']').toString()).post("/ingest_batch").then().statusCode(200)
                .body("rejected", equalTo(0));
        Api.ea().body("{\"ticks\":[{\"symbol\":\"" + s + "\",\"ts_msc\":1706781600000,\"bid\":1.1,\"ask\":1.2}]}")
                .post("/ingest/tick").then().statusCode(200);
        schedule.runCycle();
        indicators.runOnce();
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&limit=100").then().statusCode(200).body("items", hasSize(20));
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M5&limit=100").then().statusCode(200).body("items", hasSize(4));
        Api.ea().get("/symbols/" + s).then().statusCode(200);
        Api.admin().get("/stats").then().statusCode(200);

        String account = "ROLEACC";
        String id = Api.admin().body("{\"symbol\":\"" + s + "\",\"timeframe\":\"M5\",\"side\":\"buy\"}").post("/signals")
                .then().statusCode(201).extract().path("id");
        Api.ea().queryParam("symbols", s).queryParam("account_id", account).get("/signals/next").then().statusCode(200)
                .body("signals.id", org.hamcrest.Matchers.hasItem(id));
        Api.ea().body("{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"filled\"}")
                .post("/signals/ack").then().statusCode(200);
        String key = Api.createKey("role-test", "read", null);
        Api.withKey(key).get("/stats").then().statusCode(200);
    }
}

package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query of the Grafana dashboards (panel targets and query variables) runs against the
 * migrated schema, as the read-only role of {@code scripts/grafana-readonly-role.sql} (its GRANTs
 * applied to the test database) in a read-only transaction, with Grafana's macros and variables
 * replaced by plain values. A query that names a missing table or column, needs a grant the script
 * does not give, or writes fails the build. No query may read all of candles or ticks (in the plan
 * with enable_seqscan off, every scan of them needs an index condition): the panels use
 * candle_counts and index probes, never a full-table COUNT(*).
 */
@QuarkusTest
class GrafanaPanelSqlTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String ROLE = "mt5db_grafana";

    @Inject
    DataSource dataSource;

    @Inject
    AggregationSchedule aggregation;

    private record Query(String where, String sql) {
    }

    @Test
    void everyDashboardQueryRunsAgainstTheSchemaAsTheReadOnlyRole() throws Exception {
        String symbol = Api.uniqueSymbol("GRAF");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            batch.append(i == 0 ? "" : ",").append(Api.m1(symbol, "\"" + minute.plus(i, ChronoUnit.MINUTES) + "\""));
        }
        Api.ea().body(batch.append("]").toString()).post("/ingest_batch").then().statusCode(200);
        aggregation.runCycle(); // folds the candle count deltas, builds the roll-ups

        List<Query> queries = dashboardQueries();
        assertTrue(queries.size() >= 7, "the Market data dashboard's SQL panels and variables: " + queries.size());
        Map<String, String> variables = Map.of("symbol", symbol, "timeframe", "M1");
        boolean asRole = grantReadOnlyRole();

        List<String> errors = new ArrayList<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Query q : queries) {
            String sql = substitute(q.sql(), variables);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try (Statement st = c.createStatement()) {
                    if (asRole) {
                        st.execute("SET LOCAL ROLE " + ROLE);
                    }
                    int n = 0;
                    try (ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                            n++;
                        }
                    }
                    rows.put(q.where(), n);
                    st.execute("SET LOCAL enable_seqscan = off");
                    try (ResultSet plan = st.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
                        plan.next();
                        unboundedScans(new ObjectMapper().readTree(plan.getString(1)), q.where(), errors);
                    }
                } catch (SQLException | JsonProcessingException e) {
                    errors.add(q.where() + ": " + e.getMessage() + "\n  " + sql);
                } finally {
                    c.rollback();
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                }
            }
        }
        assertEquals(List.of(), errors, "dashboard SQL that fails against the schema");
        assertTrue(asRole || System.getenv("MT5DB_TEST_JDBC_URL") != null,
                "on the embedded test database the queries run as " + ROLE);
        for (String panel : List.of("Total Records", "Active Symbols", "Last Data Received (top 20)",
                "Data Distribution by Symbol", "Price Chart", "Latest Market Data (last 50)")) {
            String key = "market.json: " + panel;
            assertTrue(rows.containsKey(key), "panel " + panel + " has an SQL query: " + rows.keySet());
            assertTrue(rows.get(key) > 0, panel + " returns rows with fresh candles stored: " + rows);
        }
    }

    /**
     * A scan of candles or ticks must be bounded: by an index condition, or (an ordered index scan)
     * by a Limit right above it that stops it at the first rows. A Seq Scan, or an index scan without
     * either (a whole-index COUNT(*)), reads the whole table.
     */
    static void unboundedScans(JsonNode node, String where, List<String> errors) {
        unboundedScans(node, where, errors, false);
    }

    private static final java.util.Set<String> PASS_THROUGH = java.util.Set.of("Custom Scan", "Append", "Merge Append",
            "Result", "Subquery Scan");

    private static void unboundedScans(JsonNode node, String where, List<String> errors, boolean underLimit) {
        if (node.isArray()) {
            node.forEach(n -> unboundedScans(n, where, errors, underLimit));
            return;
        }
        if (node.has("Plan")) {
            unboundedScans(node.get("Plan"), where, errors, underLimit);
            return;
        }
        String type = node.path("Node Type").asText();
        String relation = node.path("Relation Name").asText();
        // TimescaleDB: a Custom Scan (ChunkAppend) names the hypertable and holds the chunk scans
        // (_hyper_N_M_chunk), each of which must be bounded like the plain table.
        boolean container = "Custom Scan".equals(type);
        if (!container && (relation.equals("candles") || relation.equals("ticks") || relation.matches("_hyper_\\d+_\\d+_chunk"))) {
            boolean bounded = node.has("Index Cond") || node.has("Recheck Cond")
                    || (underLimit && (type.equals("Index Scan") || type.equals("Index Only Scan")));
            if (!bounded) {
                errors.add(where + ": reads all of " + relation + " (" + type + ")");
            }
        }
        boolean childrenUnderLimit = type.equals("Limit") || (underLimit && PASS_THROUGH.contains(type));
        node.path("Plans").forEach(n -> unboundedScans(n, where, errors, childrenUnderLimit));
    }

    @Test
    void theMacrosAreReplaced() {
        assertEquals("SELECT ts FROM candles WHERE ts BETWEEN now() - interval '6 hours' AND now() AND symbol = 'X'",
                substitute("SELECT ts FROM candles WHERE $__timeFilter(ts) AND symbol = '$symbol'", Map.of("symbol", "X")));
        assertFalse(substitute("SELECT $__timeFrom(), $__timeTo()", Map.of()).contains("$"));
    }

    /** Creates the role when missing and applies the script's schema and table grants. */
    private boolean grantReadOnlyRole() throws IOException, SQLException {
        String script = Files.readString(ROOT.resolve("scripts/grafana-readonly-role.sql"));
        List<String> grants = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (line.startsWith("GRANT ") && !line.contains("%")) {
                grants.add(line.replaceAll(";\\s*$", ""));
            }
        }
        assertTrue(grants.stream().anyMatch(g -> g.startsWith("GRANT SELECT")), "the script grants SELECT");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false; // an external test database whose user cannot create roles: syntax and schema only
                }
            }
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN "
                    + "CREATE ROLE " + ROLE + " NOLOGIN; END IF; END $$");
            for (String grant : grants) {
                st.execute(grant);
            }
        }
        return true;
    }

    static String substitute(String sql, Map<String, String> variables) {
        String out = sql.replaceAll("\\$__timeFilter\\(([^)]+)\\)", "$1 BETWEEN now() - interval '6 hours' AND now()")
                .replace("$__timeFrom()", "(now() - interval '6 hours')")
                .replace("$__timeTo()", "now()");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        Matcher left = Pattern.compile("\\$\\w+").matcher(out);
        if (left.find() && !out.contains("$$")) {
            throw new AssertionError("unreplaced Grafana macro or variable " + left.group() + " in " + sql);
        }
        return out;
    }

    private static List<Query> dashboardQueries() throws IOException {
        List<Query> queries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(ROOT.resolve("observability/grafana/dashboards"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                String name = file.getFileName().toString();
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        if (target.hasNonNull("rawSql")) {
                            queries.add(new Query(name + ": " + panel.path("title").asText(), target.get("rawSql").asText()));
                        }
                    }
                }
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    if (variable.path("datasource").path("type").asText().contains("postgres")) {
                        JsonNode query = variable.path("query");
                        queries.add(new Query(name + ": variable " + variable.path("name").asText(),
                                query.isTextual() ? query.asText() : query.path("rawSql").asText()));
                    }
                }
            }
        }
        return queries;
    }
}

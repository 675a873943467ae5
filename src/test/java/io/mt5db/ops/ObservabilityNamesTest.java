package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.signals.expiry.SignalExpiry;
import io.mt5db.testing.Api;
import io.mt5db.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The names that alerts, dashboards, {@code metrics.txt} and the runbook use exist in a running
 * app's /metrics. Drives every scheduled job once (the scheduler is off in tests), posts candles,
 * ticks and a signal, then scrapes /metrics and checks:
 * <ul>
 * <li>every {@code app} family of {@code observability/metrics.txt} is in the scrape;</li>
 * <li>every metric selected with a label set ({@code name{...}}) in {@code observability/prometheus/*.yml},
 * the dashboards and the runbook is in {@code metrics.txt};</li>
 * <li>every {@code job="x"} / {@code job=~"a|b"} value given to a {@code job_*} metric in those files
 * is a job the app reports (or a {@code # pending job:} of metrics.txt, for a module not merged yet);</li>
 * <li>every job the app reports has a threshold in the lag alert.</li>
 * </ul>
 * A renamed job or metric fails the build. {@code observability/check_metric_names.py} checks the
 * same files' PromQL token by token against metrics.txt (observability/check.sh).
 */
@QuarkusTest
class ObservabilityNamesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^{}]*)}");
    private static final Pattern JOB_VALUE = Pattern.compile("(?<![a-zA-Z_])job\\s*(=~|=)\\s*\\\\?\"([^\"\\\\]*)\\\\?\"");
    private static final Pattern PENDING_JOB = Pattern.compile("(?m)^#\\s*pending job:\\s*(\\S+)");
    private static final Map<String, List<String>> SUFFIXES = Map.of(
            "counter", List.of(""),
            "gauge", List.of(""),
            "histogram", List.of("_bucket", "_count", "_sum", "_max"),
            "summary", List.of("", "_count", "_sum", "_max"));

    @Inject
    AggregationSchedule aggregation;

    @Inject
    IndicatorJob indicators;

    @Inject
    SignalExpiry signals;

    private record Family(String type, String source) {
    }

    @Test
    void everyNameUsedInObservabilityExistsInTheScrape() throws IOException {
        String scrape = driveEverythingAndScrape();
        Map<String, Family> families = allowList();
        Set<String> allowedSeries = new TreeSet<>();
        families.forEach((name, f) -> SUFFIXES.get(f.type()).forEach(s -> allowedSeries.add(name + s)));
        List<String> errors = new ArrayList<>();

        families.forEach((name, f) -> {
            if ("app".equals(f.source()) && !hasSeries(scrape, name, f.type())) {
                errors.add("metrics.txt: " + name + " (" + f.type() + ") is not in /metrics");
            }
        });

        Set<String> scrapedJobs = scrapedJobs(scrape);
        assertTrue(scrapedJobs.containsAll(Set.of("aggregator", "rollup", "indicators", "tick-retention",
                "signal-expiry", "signal-retention")), "every job ran once: " + scrapedJobs);
        String metricsTxt = Files.readString(ROOT.resolve("observability/metrics.txt"));
        Set<String> pendingJobs = new TreeSet<>();
        Matcher pending = PENDING_JOB.matcher(metricsTxt);
        while (pending.find()) {
            pendingJobs.add(pending.group(1));
        }

        for (Path file : referencingFiles()) {
            String where = ROOT.relativize(file).toString();
            Matcher m = SELECTOR.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(1);
                boolean metricLike = allowedSeries.contains(name) || name.matches("(ingest|job|signals?|jvm|process|system|http|pg|node|mt5db|ml)_.*");
                if (!metricLike) {
                    continue; // a word before braces in prose or JSON, not a PromQL selector
                }
                if (!allowedSeries.contains(name)) {
                    errors.add(where + ": " + name + " is not in observability/metrics.txt");
                }
                if (!name.startsWith("job_")) {
                    continue;
                }
                Matcher job = JOB_VALUE.matcher(m.group(2));
                while (job.find()) {
                    for (String value : job.group(2).split("\\|")) {
                        if (value.contains("$") || value.contains("*") || value.isEmpty()) {
                            continue; // a Grafana variable or a pattern
                        }
                        if (!scrapedJobs.contains(value) && !pendingJobs.contains(value)) {
                            errors.add(where + ": " + name + "{job=\"" + value + "\"}: no job of that name in /metrics "
                                    + scrapedJobs + " nor a '# pending job:' of metrics.txt " + pendingJobs);
                        }
                    }
                }
            }
        }

        String alerts = Files.readString(ROOT.resolve("observability/prometheus/alerts.yml"));
        Set<String> lagAlerted = jobValues(alerts, "job_lag_seconds");
        for (String job : scrapedJobs) {
            if (!lagAlerted.contains(job)) {
                errors.add("alerts.yml: job " + job + " (in /metrics) is not selected by the job_lag_seconds alert");
            }
        }
        assertEquals(List.of(), errors, "names in observability/ that the app does not report");
    }

    @Test
    void theCheckCatchesARenamedJob() {
        String text = "max by (job) (job_lag_seconds{app=\"mt5db\",job=~\"aggregator|rollups\"})";
        Matcher m = SELECTOR.matcher(text);
        assertTrue(m.find());
        Matcher job = JOB_VALUE.matcher(m.group(2));
        assertTrue(job.find());
        assertEquals("aggregator|rollups", job.group(2));
        String json = "\"expr\": \"job_runs_total{job=\\\"rollup\\\"}\"";
        Matcher inJson = SELECTOR.matcher(json);
        assertTrue(inJson.find());
        Matcher jsonJob = JOB_VALUE.matcher(inJson.group(2));
        assertTrue(jsonJob.find());
        assertEquals("rollup", jsonJob.group(2));
        assertFalse(JOB_VALUE.matcher("exported_job=\"x\"").find(), "only the job label itself");
    }

    private String driveEverythingAndScrape() {
        String s = Api.uniqueSymbol("OBS");
        String a = Api.m1(s, "\"2024-08-01T00:00:00Z\"");
        String b = Api.m1(s, "\"2024-08-01T00:01:00Z\"");
        Api.ea().body("[" + a + "," + b + "," + Api.m1(s, "\"garbage\"") + "]").post("/ingest_batch").then().statusCode(200);
        Api.ea().body(a).post("/ingest").then().statusCode(200);
        String t = Api.uniqueSymbol("OBT");
        Api.ea().body("{\"ticks\":[{\"symbol\":\"" + t + "\",\"ts_msc\":1722470400000,\"bid\":1.1,\"ask\":1.2},"
                + "{\"symbol\":\"" + t + "\",\"ts_msc\":1722470460000,\"bid\":1.1,\"ask\":1.2}]}")
                .post("/ingest/tick").then().statusCode(200);
        String id = Api.admin().body("{\"symbol\":\"" + s + "\",\"timeframe\":\"M5\",\"side\":\"buy\"}")
                .post("/signals").then().statusCode(201).extract().path("id");
        String account = "obs-" + s.toLowerCase();
        Api.ea().queryParam("symbols", s).queryParam("account_id", account).get("/signals/next").then().statusCode(200);
        Api.ea().body("{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"filled\"}")
                .post("/signals/ack").then().statusCode(200);

        aggregation.runCycle();
        aggregation.runRetention();
        indicators.runOnce();
        signals.sweep();
        return Metrics.scrape();
    }

    private static Map<String, Family> allowList() throws IOException {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(ROOT.resolve("observability/metrics.txt"))) {
            String line = raw.split("#", 2)[0].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            assertTrue(parts.length == 2 || parts.length == 3, "metrics.txt: NAME TYPE [SOURCE]: " + raw);
            assertTrue(SUFFIXES.containsKey(parts[1]), "metrics.txt: unknown type: " + raw);
            families.put(parts[0], new Family(parts[1], parts.length == 3 ? parts[2] : "app"));
        }
        return families;
    }

    private static boolean hasSeries(String scrape, String family, String type) {
        String series = switch (type) {
            case "histogram" -> family + "_bucket";
            case "summary" -> family + "_count";
            default -> family;
        };
        return Pattern.compile("(?m)^" + Pattern.quote(series) + "[{ ]").matcher(scrape).find();
    }

    private static Set<String> scrapedJobs(String scrape) {
        Set<String> jobs = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^job_runs_total\\{[^}]*\\bjob=\"([^\"]+)\"").matcher(scrape);
        while (m.find()) {
            jobs.add(m.group(1));
        }
        return jobs;
    }

    private static Set<String> jobValues(String text, String metric) {
        Set<String> values = new TreeSet<>();
        Matcher m = SELECTOR.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(metric)) {
                Matcher job = JOB_VALUE.matcher(m.group(2));
                while (job.find()) {
                    values.addAll(List.of(job.group(2).split("\\|")));
                }
            }
        }
        return values;
    }

    private static List<Path> referencingFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> prometheus = Files.list(ROOT.resolve("observability/prometheus"));
                Stream<Path> dashboards = Files.list(ROOT.resolve("observability/grafana/dashboards"))) {
            prometheus.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
            dashboards.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        files.add(ROOT.resolve("observability/metrics.txt"));
        files.add(ROOT.resolve("docs/runbook.md"));
        return files;
    }
}

package io.mt5db.cli.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few counters the report takes from a server's /metrics (Prometheus text format): refused
 * ingest items by reason ({@code ingest_rejected_total}), failed and partly failed job runs by job
 * ({@code job_runs_total{outcome="failure"|"partial_failure"}}) and the process uptime.
 */
public final class MetricsText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private MetricsText() {
    }

    public static DailyReport.ServerCounters counters(String source, String text) {
        Map<String, Long> rejected = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        Double uptime = null;
        for (String line : text.split("\\R")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            Map<String, String> labels = labels(m.group(2));
            switch (m.group(1)) {
                case "ingest_rejected_total" -> rejected.merge(labels.getOrDefault("reason", "?"), (long) value, Long::sum);
                case "job_runs_total" -> {
                    String outcome = labels.getOrDefault("outcome", "");
                    if (outcome.equals("failure") || outcome.equals("partial_failure")) {
                        failures.merge(labels.getOrDefault("job", "?"), (long) value, Long::sum);
                    }
                }
                case "process_uptime_seconds" -> uptime = value;
                default -> {
                }
            }
        }
        rejected.values().removeIf(n -> n == 0);
        failures.values().removeIf(n -> n == 0);
        return new DailyReport.ServerCounters(source, uptime, rejected, failures, null);
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        if (text != null) {
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return labels;
    }
}

package io.mt5db.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;

/** Reads sample values from the Prometheus text at /metrics. */
public final class Metrics {

    private Metrics() {
    }

    public static String scrape() {
        return given().get("/metrics").then().statusCode(200).extract().asString();
    }

    /** Sum of the samples of {@code name} whose labels include every given label (0 when absent). */
    public static double sum(String text, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean matches = labels.entrySet().stream()
                    .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""));
            if (matches) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    public static double sum(String text, String name) {
        return sum(text, name, Map.of());
    }
}

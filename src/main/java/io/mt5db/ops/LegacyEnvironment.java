package io.mt5db.ops;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The old system's environment names (its {@code .env}), read as aliases of ours before Quarkus
 * starts: {@code DATABASE_URL}, {@code ALLOW_ORIGINS}, {@code TICK_AGG_INTERVAL} and
 * {@code INDICATORS_INTERVAL} become system properties unless the new name is set. ({@code SYMBOLS}
 * and {@code API_KEY} are read by application.properties directly.) Pure: environment in,
 * properties out.
 */
public final class LegacyEnvironment {

    private LegacyEnvironment() {
    }

    /** The system properties the old names stand for, given the environment and the properties already set. */
    public static Map<String, String> properties(Map<String, String> env, Map<String, String> alreadySet) {
        Map<String, String> out = new LinkedHashMap<>();
        String databaseUrl = env.get("DATABASE_URL");
        if (present(databaseUrl) && !present(env.get("QUARKUS_DATASOURCE_JDBC_URL"))
                && !alreadySet.containsKey("quarkus.datasource.jdbc.url")) {
            out.putAll(database(databaseUrl.trim()));
        }
        String origins = env.get("ALLOW_ORIGINS");
        if (present(origins) && !present(env.get("MT5DB_CORS_ORIGINS")) && !alreadySet.containsKey("quarkus.http.cors.origins")) {
            out.put("quarkus.http.cors.enabled", "true");
            out.put("quarkus.http.cors.origins", origins.trim());
        }
        interval(env, "TICK_AGG_INTERVAL", "MT5DB_AGGREGATION_INTERVAL", "mt5db.aggregation.interval", alreadySet, out);
        interval(env, "INDICATORS_INTERVAL", "MT5DB_INDICATORS_INTERVAL", "mt5db.indicators.interval", alreadySet, out);
        return out;
    }

    /**
     * {@code postgres://user:pass@host:port/db?sslmode=require} (also {@code postgresql://} and the
     * old compose file's {@code postgresql+psycopg://}) as a JDBC URL, user and password.
     */
    static Map<String, String> database(String url) {
        String normalized = url.replaceFirst("^postgres(ql)?(\\+[a-z0-9]+)?://", "postgresql://");
        if (!normalized.startsWith("postgresql://")) {
            if (url.startsWith("jdbc:postgresql:")) {
                return Map.of("quarkus.datasource.jdbc.url", url);
            }
            throw new IllegalArgumentException("DATABASE_URL must look like postgres://user:password@host:5432/database");
        }
        URI uri = URI.create(normalized);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host: use postgres://user:password@host:5432/database");
        }
        Map<String, String> out = new LinkedHashMap<>();
        String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
        out.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            out.put("quarkus.datasource.username", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                out.put("quarkus.datasource.password", decode(userInfo.substring(colon + 1)));
            }
        }
        return out;
    }

    private static void interval(Map<String, String> env, String oldName, String newName, String property,
            Map<String, String> alreadySet, Map<String, String> out) {
        String value = env.get(oldName);
        if (!present(value) || present(env.get(newName)) || alreadySet.containsKey(property)) {
            return;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        // the old workers took plain seconds ("5"); a unit is kept as given
        out.put(property, v.matches("\\d+(\\.\\d+)?") ? v + "s" : v);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

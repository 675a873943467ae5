package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The old system's .env names as aliases of ours. */
class LegacyEnvironmentTest {

    @Test
    void databaseUrlBecomesJdbcUrlUserAndPassword() {
        assertEquals(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/mt5_trading",
                "quarkus.datasource.username", "trader", "quarkus.datasource.password", "trader123"),
                LegacyEnvironment.properties(Map.of("DATABASE_URL", "postgres://trader:trader123@db:5432/mt5_trading"), Map.of()));
        // the old compose file's SQLAlchemy form, a query and an encoded password
        assertEquals(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/mt5?sslmode=require",
                "quarkus.datasource.username", "trader", "quarkus.datasource.password", "p@ss:w/rd"),
                LegacyEnvironment.properties(Map.of("DATABASE_URL", "postgresql+psycopg://trader:p%40ss%3Aw%2Frd@db/mt5?sslmode=require"), Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LegacyEnvironment.properties(Map.of("DATABASE_URL", "mysql://x@y/z"), Map.of()));
        assertTrue(e.getMessage().contains("postgres://user:password@host:5432/database"), e.getMessage());
    }

    @Test
    void theNewNamesWin() {
        assertEquals(Map.of(), LegacyEnvironment.properties(Map.of("DATABASE_URL", "postgres://a:b@h/d",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://other/db"), Map.of()));
        assertEquals(Map.of(), LegacyEnvironment.properties(Map.of("TICK_AGG_INTERVAL", "5",
                "MT5DB_AGGREGATION_INTERVAL", "2s", "ALLOW_ORIGINS", "https://a", "MT5DB_CORS_ORIGINS", "https://b"), Map.of()));
        assertEquals(Map.of(), LegacyEnvironment.properties(Map.of("INDICATORS_INTERVAL", "60"),
                Map.of("mt5db.indicators.interval", "1s")));
    }

    @Test
    void originsAndIntervals() {
        assertEquals(Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", "https://a.example,https://b.example",
                "mt5db.aggregation.interval", "5s", "mt5db.indicators.interval", "60s"),
                LegacyEnvironment.properties(Map.of("ALLOW_ORIGINS", "https://a.example,https://b.example",
                        "TICK_AGG_INTERVAL", "5", "INDICATORS_INTERVAL", "60"), Map.of()));
        assertEquals(Map.of("mt5db.aggregation.interval", "500ms"),
                LegacyEnvironment.properties(Map.of("TICK_AGG_INTERVAL", "500ms"), Map.of()));
    }
}

package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/** /health and readiness name the newest migration of db/migration, compared as versions, not as text. */
@QuarkusTest
class HealthSchemaVersionTest {

    private static final Pattern MIGRATION = Pattern.compile("V([0-9._]+)__.*\\.sql");

    @Test
    void theSchemaVersionIsTheHighestMigrationShipped() throws IOException {
        String highest = highestMigrationVersion();
        given().get("/health").then().statusCode(200)
                .body("checks.database.schema_version", equalTo(highest))
                .body("checks.database.migrated", equalTo(true));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.data.schema_version", equalTo(highest));
    }

    private static String highestMigrationVersion() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
            return files.map(f -> MIGRATION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> MigrationVersion.fromVersion(m.group(1))).max(Comparator.naturalOrder())
                    .orElseThrow().getVersion();
        }
    }
}

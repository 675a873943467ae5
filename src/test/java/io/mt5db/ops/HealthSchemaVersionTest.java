package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
            List<String> versions = files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> m.group(1).replace('_', '.')).toList();
            return versions.stream().max(Comparator.comparing(HealthSchemaVersionTest::parts,
                    HealthSchemaVersionTest::compareParts)).orElseThrow();
        }
    }

    private static BigInteger[] parts(String version) {
        return Arrays.stream(version.split("\\.")).map(BigInteger::new).toArray(BigInteger[]::new);
    }

    private static int compareParts(BigInteger[] a, BigInteger[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = (i < a.length ? a[i] : BigInteger.ZERO).compareTo(i < b.length ? b[i] : BigInteger.ZERO);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

package io.mt5db.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.cli.importing.ImportFormat;
import io.mt5db.cli.importing.ImportProgress;
import io.mt5db.cli.importing.ImportRequest;
import io.mt5db.cli.importing.ImportService;
import io.mt5db.cli.importing.ImportSummary;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarkus as a command runs it (ImportCommand.COMMAND_PROPERTIES, the HTTP listener aside, which the
 * test framework needs): the import works, and start-up touched no API key. (A command once revoked
 * the running server's API_KEY and generated an admin key, its own environment having neither.)
 */
@QuarkusTest
@TestProfile(CommandProfileTest.AsACommand.class)
class CommandProfileTest {

    static volatile Instant started;

    public static class AsACommand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            started = Instant.now();
            Map<String, String> props = new HashMap<>(ImportCommand.COMMAND_PROPERTIES);
            props.remove("quarkus.http.host-enabled");
            return props;
        }
    }

    @Inject
    ImportService imports;

    @Inject
    DataSource dataSource;

    @TempDir
    Path dir;

    @Test
    void importsAndLeavesTheKeysAlone() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM api_keys WHERE created_at >= ? OR revoked_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(started));
            ps.setTimestamp(2, Timestamp.from(started));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no key created or revoked by a command's start");
            }
        }
        Path file = Files.write(dir.resolve("b.csv"), List.of(
                "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
                "2025.10.20\t05:00:00\t1.08550\t1.08570\t1.08540\t1.08560\t150\t0\t12"));
        ImportSummary s = imports.run(new ImportRequest(file, "CMDPROFILE", "M1", ZoneOffset.UTC, ImportFormat.AUTO, 100,
                null, false, 0), ImportProgress.NONE);
        assertEquals(1, s.inserted(), s.render());
    }
}

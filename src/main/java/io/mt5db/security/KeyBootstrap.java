package io.mt5db.security;

import io.mt5db.common.StorageConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Start-up key bootstrap: syncs the keys given by environment (API_KEY, ADMIN_API_KEY) into the key
 * table, and when no admin key exists at all, generates one into a 0600 file under the data
 * directory. An advisory transaction lock makes the first of several replicas do it, once.
 */
@ApplicationScoped
public class KeyBootstrap {

    private static final Logger LOG = Logger.getLogger(KeyBootstrap.class);
    private static final long BOOTSTRAP_LOCK = 0x6d7435646b657973L;
    static final String ADMIN_KEY_FILE = "admin-api-key";

    @Inject
    SecurityConfig config;

    @Inject
    StorageConfig storage;

    @Inject
    EntityManager em;

    @Inject
    ApiKeyService keys;

    void onStart(@Observes StartupEvent event) {
        if (!config.bootstrapKeys()) {
            return;
        }
        Optional<Path> written = bootstrap();
        written.ifPresent(path -> LOG.warnf("No admin API key existed: generated one and wrote it to %s (mode 600). "
                + "Read it from there; it is not logged.", path));
        keys.invalidateCache();
    }

    /** Returns the file a new admin key was written to, if one had to be generated. */
    @Transactional
    public Optional<Path> bootstrap() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")").getSingleResult();
        syncEnvironmentKey("env:API_KEY", "API_KEY (environment)", config.apiKey(), Scope.parseList(config.apiKeyScopes()));
        syncEnvironmentKey("env:ADMIN_API_KEY", "ADMIN_API_KEY (environment)", config.adminApiKey(), EnumSet.of(Scope.ADMIN));
        Instant now = Instant.now();
        boolean adminExists = ApiKeyEntity.<ApiKeyEntity>listAll().stream()
                .anyMatch(k -> k.isActive(now) && Scope.parseList(k.scopes).contains(Scope.ADMIN));
        if (adminExists) {
            return Optional.empty();
        }
        ApiKeyService.CreatedKey created = keys.create("generated admin key", EnumSet.of(Scope.ADMIN), null, null, "generated");
        Path file = Path.of(storage.dataDir()).toAbsolutePath().resolve(ADMIN_KEY_FILE);
        writeSecretFile(file, created.key());
        return Optional.of(file);
    }

    private void syncEnvironmentKey(String origin, String name, Optional<String> key, Set<Scope> scopes) {
        List<ApiKeyEntity> existing = ApiKeyEntity.list("origin = ?1 and revokedAt is null", origin);
        Optional<String> given = key.filter(k -> !k.isBlank());
        // Stored with the keyed hash; a row of an earlier version (plain SHA-256, 8-character prefix)
        // is re-hashed here, where the key is known.
        String wantedHash = given.map(keys::keyedHash).orElse(null);
        String legacyHash = given.map(ApiKeyService::hash).orElse(null);
        String wantedPrefix = given.map(ApiKeyService::environmentPrefix).orElse(null);
        String wantedScopes = Scope.format(scopes);
        boolean present = false;
        for (ApiKeyEntity entity : existing) {
            if (!present && (entity.keyHash.equals(wantedHash) || entity.keyHash.equals(legacyHash))) {
                entity.keyHash = wantedHash;
                entity.keyPrefix = wantedPrefix;
                entity.scopes = wantedScopes;
                present = true;
            } else {
                entity.revokedAt = Instant.now();
            }
        }
        if (wantedHash != null && !present) {
            ApiKeyEntity sameHash = ApiKeyEntity.find("keyHash in ?1", List.of(wantedHash, legacyHash)).firstResult();
            if (sameHash != null) {
                sameHash.keyHash = wantedHash;
                sameHash.keyPrefix = wantedPrefix;
                sameHash.revokedAt = null;
                sameHash.scopes = wantedScopes;
                sameHash.origin = origin;
                sameHash.expiresAt = null;
                return;
            }
            ApiKeyEntity entity = new ApiKeyEntity();
            entity.name = name;
            entity.keyHash = wantedHash;
            entity.keyPrefix = wantedPrefix;
            entity.scopes = wantedScopes;
            entity.origin = origin;
            entity.createdAt = Instant.now();
            entity.persist();
        }
    }

    static void writeSecretFile(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the generated admin key to " + file, e);
        }
    }
}

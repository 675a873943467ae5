package io.mt5db.security;

import io.mt5db.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: random, shown once, stored only as a SHA-256 hash (the keys carry 192 random bits, so a
 * slow password hash would add latency without adding safety). Lookups are cached for
 * {@link SecurityConfig#keyCacheTtl()} so that a revoked key fails within that time on every replica.
 */
@ApplicationScoped
public class ApiKeyService {

    static final String KEY_PREFIX = "mt5_";
    private static final long LAST_USED_WRITE_INTERVAL_MS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SecurityConfig config;

    @Inject
    LastUsedRecorder lastUsedRecorder;

    private final ConcurrentHashMap<String, CachedLookup> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> lastUsedWritten = new ConcurrentHashMap<>();

    private record CachedLookup(Optional<Caller> caller, long validUntilNanos) {
    }

    public record CreatedKey(long id, String key, ApiKeyEntity entity) {
    }

    public static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // Looking the algorithm up costs more than hashing a key; a digest is reset by digest().
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static String hash(String key) {
        return HexFormat.of().formatHex(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    static String displayPrefix(String key) {
        return key.length() <= 8 ? key.substring(0, Math.min(4, key.length())) : key.substring(0, 8);
    }

    /** Answers the caller for a presented key, or empty when it is unknown, revoked or expired. */
    public Optional<Caller> authenticate(String presentedKey) {
        String keyHash = hash(presentedKey);
        long now = System.nanoTime();
        CachedLookup cached = cache.get(keyHash);
        if (cached == null || cached.validUntilNanos - now < 0) {
            cached = new CachedLookup(lookup(keyHash), now + config.keyCacheTtl().toNanos());
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(keyHash, cached);
        }
        cached.caller.ifPresent(this::noteUse);
        return cached.caller;
    }

    private Optional<Caller> lookup(String keyHash) {
        ApiKeyEntity entity = ApiKeyEntity.find("keyHash", keyHash).firstResult();
        if (entity == null || !entity.isActive(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(toCaller(entity));
    }

    static Caller toCaller(ApiKeyEntity entity) {
        return new Caller(entity.id, entity.name, Scope.parseList(entity.scopes), entity.accountId);
    }

    private void noteUse(Caller caller) {
        long nowMs = System.currentTimeMillis();
        Long written = lastUsedWritten.get(caller.keyId());
        if (written == null || nowMs - written >= LAST_USED_WRITE_INTERVAL_MS) {
            lastUsedWritten.put(caller.keyId(), nowMs);
            lastUsedRecorder.touch(caller.keyId(), Instant.ofEpochMilli(nowMs));
        }
    }

    @Transactional
    public CreatedKey create(String name, Set<Scope> scopes, String accountId, Instant expiresAt, String origin) {
        String key = newKey();
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.name = name;
        entity.keyHash = hash(key);
        entity.keyPrefix = displayPrefix(key);
        entity.scopes = Scope.format(scopes);
        entity.accountId = accountId;
        entity.origin = origin;
        entity.createdAt = Instant.now();
        entity.expiresAt = expiresAt;
        entity.persist();
        return new CreatedKey(entity.id, key, entity);
    }

    public List<ApiKeyEntity> list() {
        return ApiKeyEntity.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    @Transactional
    public ApiKeyEntity revoke(long id) {
        ApiKeyEntity entity = ApiKeyEntity.findById(id);
        if (entity == null) {
            throw ApiException.notFound("No API key with id " + id);
        }
        if (entity.revokedAt == null) {
            entity.revokedAt = Instant.now();
        }
        cache.clear();
        return entity;
    }

    /** Forgets cached lookups (after a revocation or a bootstrap change on this replica). */
    public void invalidateCache() {
        cache.clear();
    }
}

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
import java.util.Map;
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
    private static final int MAX_VALID_CACHED = 1_000_000;
    private static final long LAST_USED_WRITE_INTERVAL_MS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SecurityConfig config;

    @Inject
    LastUsedRecorder lastUsedRecorder;

    @Inject
    KeyPepper pepper;

    /** Valid keys only: as many as there are keys, never pushed out by unknown ones. */
    private final ConcurrentHashMap<String, CachedLookup> cache = new ConcurrentHashMap<>();
    /** Unknown keys: hash -> valid until (nanos), a bounded LRU of its own. */
    private volatile Map<String, Long> misses;
    private final ConcurrentHashMap<Long, Long> lastUsedWritten = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();

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

    static final String KEYED_PREFIX = "hmac-sha256:";

    /**
     * The stored hash of an operator-chosen key (API_KEY, ADMIN_API_KEY), which may be short: HMAC-SHA256
     * with the installation's {@link KeyPepper}, so the table alone does not allow guessing it.
     */
    public String keyedHash(String key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(pepper.get(), "HmacSHA256"));
            return KEYED_PREFIX + HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most 4 characters, and at most a quarter of the key, of an operator-chosen key. */
    static String environmentPrefix(String key) {
        return key.substring(0, Math.min(4, key.length() / 4));
    }

    static String displayPrefix(String key) {
        return key.length() <= 8 ? key.substring(0, Math.min(4, key.length())) : key.substring(0, 8);
    }

    /**
     * Answers the caller for a presented key, or empty when it is unknown, revoked or expired. Valid
     * keys are cached for {@link SecurityConfig#keyCacheTtl()}, unknown ones apart, in a bounded LRU,
     * for {@link SecurityConfig#missCacheTtl()}: a repeated unknown key costs no database query, and
     * a flood of unknown keys never pushes a valid one out.
     */
    public Optional<Caller> authenticate(String presentedKey) {
        String keyHash = hash(presentedKey);
        long now = System.nanoTime();
        CachedLookup cached = cache.get(keyHash);
        if (cached != null && cached.validUntilNanos - now >= 0) {
            cached.caller.ifPresent(this::noteUse);
            return cached.caller;
        }
        Map<String, Long> missCache = misses();
        Long missUntil = missCache.get(keyHash);
        if (missUntil != null && missUntil - now >= 0) {
            return Optional.empty();
        }
        Optional<Caller> caller = lookup(keyHash, presentedKey);
        if (caller.isPresent()) {
            if (cache.size() > MAX_VALID_CACHED) {
                cache.clear(); // more keys than any installation has: a safety bound only
            }
            cache.put(keyHash, new CachedLookup(caller, now + config.keyCacheTtl().toNanos()));
            missCache.remove(keyHash);
            noteUse(caller.get());
        } else {
            cache.remove(keyHash);
            missCache.put(keyHash, now + config.missCacheTtl().toNanos());
        }
        return caller;
    }

    /** True when the key is a valid key cached now (answered without the database). */
    public boolean isCachedValid(String presentedKey) {
        CachedLookup cached = cache.get(hash(presentedKey));
        return cached != null && cached.caller.isPresent() && cached.validUntilNanos - System.nanoTime() >= 0;
    }

    /**
     * True when the key authenticated successfully before and was not revoked on this replica since
     * (its cache entry may be past its TTL): a hint for work done before authentication (reading a
     * body early), never an authentication.
     */
    public boolean isRecentlyValid(String presentedKey) {
        CachedLookup cached = cache.get(hash(presentedKey));
        return cached != null && cached.caller.isPresent();
    }

    private Map<String, Long> misses() {
        Map<String, Long> m = misses;
        if (m == null) {
            synchronized (this) {
                if (misses == null) {
                    int max = config.missCacheSize();
                    misses = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                            return size() > max;
                        }
                    });
                }
                m = misses;
            }
        }
        return m;
    }

    /** Database lookups of presented keys so far (a cache miss each). */
    public long databaseLookups() {
        return lookups.get();
    }

    /**
     * One indexed query for both forms a key may be stored in: the SHA-256 of generated keys (192
     * random bits need no secret) and of keys stored by earlier versions, and the keyed hash of
     * operator-chosen ones.
     */
    private Optional<Caller> lookup(String keyHash, String presentedKey) {
        lookups.incrementAndGet();
        ApiKeyEntity entity = ApiKeyEntity.find("keyHash in ?1", List.of(keyHash, keyedHash(presentedKey))).firstResult();
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
        misses().remove(entity.keyHash);
        return new CreatedKey(entity.id, key, entity);
    }

    /** Up to {@code limit} keys with an id above {@code afterId}, in id order. */
    public List<ApiKeyEntity> list(long afterId, int limit) {
        return ApiKeyEntity.find("id > ?1", io.quarkus.panache.common.Sort.by("id"), afterId).range(0, limit - 1).list();
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
        invalidateCache();
        return entity;
    }

    /** Forgets cached lookups (after a revocation or a bootstrap change on this replica). */
    public void invalidateCache() {
        cache.clear();
        misses().clear();
    }
}

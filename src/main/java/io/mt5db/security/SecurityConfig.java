package io.mt5db.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

@ConfigMapping(prefix = "mt5db.security")
public interface SecurityConfig {

    /** A shared key for old EAs (env API_KEY), accepted with {@link #apiKeyScopes()}. */
    Optional<String> apiKey();

    @WithDefault("ingest,read,signals")
    String apiKeyScopes();

    /** An admin key from the environment (ADMIN_API_KEY). */
    Optional<String> adminApiKey();

    /**
     * The secret of the keyed hash of operator-chosen keys (env MT5DB_KEY_PEPPER); without it one is
     * generated into the database ({@link KeyPepper}).
     */
    Optional<String> keyPepper();

    /**
     * Whether start-up syncs the environment keys (API_KEY, ADMIN_API_KEY) and generates an admin
     * key when none exists. Off for the command line (import, migrate): a command runs with its own
     * environment and must not revoke the server's environment keys nor create keys.
     */
    @WithDefault("true")
    boolean bootstrapKeys();

    /** Whether /metrics and /prometheus answer without a key. */
    @WithDefault("true")
    boolean metricsPublic();

    /** Sustained requests per second allowed per key. */
    @WithDefault("2000")
    double rateLimitPerSecond();

    /** Requests a key may send in a burst above the sustained rate. */
    @WithDefault("4000")
    double rateLimitBurst();

    /** How long an authenticated key is trusted without asking the database (revocation delay). */
    @WithDefault("PT0.5S")
    java.time.Duration keyCacheTtl();

    /** Failed authentications a client address may make within {@link #authFailureWindow()} before 429. */
    @WithDefault("20")
    int authFailureLimit();

    @WithDefault("PT10S")
    java.time.Duration authFailureWindow();

    /** Client addresses tracked for {@link #authFailureLimit()} (least recently seen forgotten first). */
    @WithDefault("100000")
    int authFailureAddresses();

    /** Unknown keys remembered (bounded LRU, apart from the valid keys, which it never pushes out). */
    @WithDefault("10000")
    int missCacheSize();

    /** How long an unknown key is answered 401 without asking the database. */
    @WithDefault("PT60S")
    java.time.Duration missCacheTtl();
}

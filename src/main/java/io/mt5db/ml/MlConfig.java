package io.mt5db.ml;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the ML module (docs/ml.md has the table with the environment names). */
@ConfigMapping(prefix = "mt5db.ml")
public interface MlConfig {

    /** Whether this process runs the ML jobs: training jobs, inference, scheduled retrain (roles ml and all). */
    @WithDefault("true")
    boolean enabled();

    /** How often an idle ml process looks for a queued training job (and for abandoned ones). */
    @WithDefault("2s")
    String pollInterval();

    /** How often the inference job looks for newly closed bars. */
    @WithDefault("1s")
    String inferenceInterval();

    /**
     * Series the inference job serves besides those with a model of their own, as SYMBOL:TIMEFRAME
     * (EURUSD:M1,GBPUSD:M5); a global model applies only to series listed here. Also the series of
     * the scheduled retrain.
     */
    Optional<List<String>> series();

    /** A bar is closed once the clock passes its bucket end plus this grace. */
    @WithDefault("5s")
    Duration closeGrace();

    /** Stop loss as a multiple of the signal bar's ATR. */
    @WithDefault("1.5")
    double slAtr();

    /** Take profit as a multiple of the signal bar's ATR. */
    @WithDefault("2.0")
    double tpAtr();

    /** Lifetime of an inference signal. */
    @WithDefault("PT5M")
    Duration signalTtl();

    /** No signal for a bar that closed longer ago than this (stale data). */
    @WithDefault("PT3M")
    Duration maxDataAge();

    /** No signal from an active model trained longer ago than this. */
    @WithDefault("P30D")
    Duration maxModelAge();

    /** Most closed bars one series catches up after a pause; older ones are skipped as stale. */
    @WithDefault("120")
    int catchUpBars();

    /** Longest one inference run keeps working before it leaves the rest to the next run. */
    @WithDefault("20s")
    Duration inferenceBudget();

    /** /health reports degraded when the oldest closed bar not yet handled is older than this. */
    @WithDefault("PT5M")
    Duration maxHealthyLag();

    /** Activate a newly trained model automatically (see require-beating-baselines). */
    @WithDefault("true")
    boolean autoActivate();

    /** Auto-activation only for a model that beats both baselines (SPEC section 4). */
    @WithDefault("true")
    boolean requireBeatingBaselines();

    /** How much higher than both baselines a model's test accuracy must be. */
    @WithDefault("0.02")
    double baselineMargin();

    /** Fewest test samples on which a model can be said to beat the baselines. */
    @WithDefault("1000")
    int minTestSamples();

    /** A running job whose heartbeat is older than this is considered abandoned. */
    @WithDefault("PT2M")
    Duration heartbeatTimeout();

    /** Starts a training job gets before it is failed for good. */
    @WithDefault("3")
    int maxAttempts();

    /** Cron of the scheduled retrain (Quarkus cron syntax), or off. */
    @WithDefault("off")
    String retrainCron();

    /** How far back the scheduled retrain reads bars. */
    @WithDefault("P90D")
    Duration retrainWindow();

    /** Most bars a training job or a backtest reads. */
    @WithDefault("2000000")
    int maxBars();

    /** Bars per read round trip when loading a training window. */
    @WithDefault("50000")
    int readPageBars();

    /**
     * How long GET /predict, /predict_batch and /backtest reuse the resolved active model of a
     * (symbol, timeframe) before asking the database again; 0 resolves it on every call. Activate,
     * shadow and retire in this process clear it at once; another replica sees the change within this
     * time.
     */
    @WithDefault("2s")
    Duration activeModelCacheTtl();

    /** Loaded models kept in memory (by model id). */
    @WithDefault("16")
    int modelCacheSize();
}

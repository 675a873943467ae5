package io.mt5db.ml.bench;

import io.mt5db.ml.SyntheticSeries;
import io.mt5db.ml.features.FeatureNames;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.training.BaselineRule;
import io.mt5db.ml.training.ForestParams;
import io.mt5db.ml.training.SplitSpec;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.ml.training.TrainingPipeline;
import io.mt5db.ml.training.TrainingReport;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training bench (issue 18): N synthetic M1 bars of one symbol (indicators from the project's
 * IndicatorCalculator, a few missing minutes and longer breaks, a weak mean reversion to learn), then the
 * whole TrainingPipeline, timed per phase from its progress callbacks. Peak heap is the highest heap in
 * use seen by a 50 ms sampler and, as an upper bound, the sum of the heap pools' peaks. Run through
 * {@code bench/ml-train.sh}; settings from system properties (bench.bars, bench.trees, bench.depth,
 * bench.bins, bench.bootstrap, bench.threads, bench.featureFraction, bench.out).
 */
public final class TrainingBench {

    public static void main(String[] args) throws Exception {
        int barCount = Integer.getInteger("bench.bars", 500_000);
        int cores = Runtime.getRuntime().availableProcessors();
        ForestParams params = new ForestParams(Integer.getInteger("bench.trees", 100),
                Integer.getInteger("bench.depth", 12),
                Double.parseDouble(System.getProperty("bench.featureFraction", "0.5")), 42L,
                Double.parseDouble(System.getProperty("bench.bootstrap", "1.0")),
                Integer.getInteger("bench.bins", ForestParams.defaults().bins()),
                Integer.getInteger("bench.threads", cores));
        Path out = Path.of(System.getProperty("bench.out", "bench/results/ml-train.json"));

        AfterGc.install();
        HeapSampler sampler = new HeapSampler();
        String loadBefore = loadAverage();
        sampler.start();
        long t0 = System.nanoTime();
        List<MlBar> bars = new SyntheticSeries(20261207L).missing(0.02).gaps(0.0002, 120)
                .generate(barCount, SyntheticSeries.meanReverting(1.5e-4, 0.05));
        long generated = System.nanoTime();
        System.out.printf(Locale.ROOT, "generated %,d bars in %.1f s%n", bars.size(), seconds(t0, generated));

        Map<String, Long> phaseStart = new LinkedHashMap<>();
        Map<String, Long> phaseCpu = new LinkedHashMap<>();
        long cpuGenerated = processCpuNanos();
        long[] lastPrint = {0};
        FeatureSpec spec = FeatureSpec.defaults(Duration.ofMinutes(1));
        TrainedModel trained = TrainingPipeline.train(bars, spec, params, SplitSpec.defaults(spec.horizonBars()),
                BaselineRule.defaults(), (phase, rows, percent) -> {
                    long now = System.nanoTime();
                    if (phaseStart.putIfAbsent(phase, now) == null) {
                        phaseCpu.put(phase, processCpuNanos());
                    }
                    if (now - lastPrint[0] > 5_000_000_000L || percent >= 100) {
                        lastPrint[0] = now;
                        System.out.printf(Locale.ROOT, "%6.1f s  %-10s rows %,d  %.0f %%%n", seconds(generated, now),
                                phase, rows, percent);
                    }
                });
        long end = System.nanoTime();
        long cpuEnd = processCpuNanos();
        sampler.stopSampling();

        double features = seconds(phaseStart.get("features"), phaseStart.get("fit"));
        double fit = seconds(phaseStart.get("fit"), phaseStart.get("evaluation"));
        double evaluation = seconds(phaseStart.get("evaluation"), end);
        double total = seconds(generated, end);
        TrainingReport r = trained.report();
        long modelBytes = trained.model().modelBytes().length;
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long maxHeap = Runtime.getRuntime().maxMemory();

        StringBuilder json = new StringBuilder();
        json.append("{\n");
        field(json, "bench", quote("ml-train"));
        field(json, "date", quote(Instant.now().toString()));
        field(json, "machine", "{\"cores\": " + cores + ", \"cpu\": " + quote(cpuModel()) + ", \"java\": "
                + quote(System.getProperty("java.version")) + ", \"max_heap_bytes\": " + maxHeap
                + ", \"note\": " + quote("shared 2-core host: other engineers' builds and tests ran at the same time")
                + "}");
        field(json, "load_average", "{\"before\": " + quote(loadBefore) + ", \"after\": " + quote(loadAverage())
                + ", \"process_cpu_share_of_machine\": " + String.format(Locale.ROOT, "%.2f",
                seconds(cpuGenerated, cpuEnd) / (total * cores)) + "}");
        field(json, "bars", String.valueOf(bars.size()));
        field(json, "features", String.valueOf(FeatureNames.ALL.size()));
        field(json, "params", String.format(Locale.ROOT, "{\"trees\": %d, \"max_depth\": %d, \"feature_fraction\": %s,"
                + " \"bootstrap_fraction\": %s, \"bins\": %d, \"threads\": %d}", params.trees(), params.maxDepth(),
                params.featureFraction(), params.bootstrapFraction(), params.bins(), params.threads()));
        field(json, "rows", String.format(Locale.ROOT, "{\"train\": %d, \"validation\": %d, \"test\": %d}",
                r.trainRows(), r.validationRows(), r.testRows()));
        field(json, "seconds", String.format(Locale.ROOT, "{\"generate_series\": %.2f, \"features\": %.2f, \"fit\": %.2f,"
                + " \"evaluation\": %.2f, \"total\": %.2f}", seconds(t0, generated), features, fit, evaluation, total));
        field(json, "cpu_seconds", String.format(Locale.ROOT, "{\"features\": %.2f, \"fit\": %.2f, \"evaluation\": %.2f,"
                + " \"total\": %.2f}", seconds(phaseCpu.get("features"), phaseCpu.get("fit")),
                seconds(phaseCpu.get("fit"), phaseCpu.get("evaluation")), seconds(phaseCpu.get("evaluation"), cpuEnd),
                seconds(cpuGenerated, cpuEnd)));
        field(json, "cpu_seconds_per_tree", String.format(Locale.ROOT, "%.3f",
                seconds(phaseCpu.get("fit"), phaseCpu.get("evaluation")) / params.trees()));
        field(json, "seconds_per_tree_per_thread", String.format(Locale.ROOT, "%.3f", fit * params.threads()
                / params.trees()));
        field(json, "heap", String.format(Locale.ROOT, "{\"peak_used_sampled_bytes\": %d, \"peak_pools_sum_bytes\": %d,"
                + " \"peak_after_gc_bytes\": %d, \"gc_count\": %d, \"gc_millis\": %d}", sampler.peak, poolPeaks,
                AfterGc.peak, gcCount, gcMillis));
        field(json, "model_bytes", String.valueOf(modelBytes));
        field(json, "report", String.format(Locale.ROOT, "{\"threshold\": %.2f, \"model_accuracy\": %.4f, \"model_auc\":"
                + " %.4f, \"majority_accuracy\": %.4f, \"persistence_accuracy\": %.4f, \"beats_baselines\": %s,"
                + " \"verdict\": %s}", r.threshold(), r.model().accuracy(), r.model().auc(), r.majority().accuracy(),
                r.persistence().accuracy(), r.beatsBaselines(), quote(r.verdict())));
        field(json, "targets", String.format(Locale.ROOT, "{\"total_seconds_max\": 180, \"heap_bytes_max\": %d,"
                + " \"total_met\": %s, \"heap_met\": %s}", 1L << 30, total <= 180, sampler.peak <= (1L << 30)));
        json.setLength(json.length() - 2);
        json.append("\n}\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        System.out.print(json);
        System.out.println("written " + out);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Heap in use right after each collection, the largest seen: close to the live set the run needs, which
     * is what -Xmx must hold (the sampled peak also counts garbage the collector had no reason to free yet).
     */
    private static final class AfterGc {
        static volatile long peak;

        static void install() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        return;
                    }
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) notification.getUserData());
                    long used = 0;
                    for (var entry : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (isHeapPool(entry.getKey())) {
                            used += entry.getValue().getUsed();
                        }
                    }
                    peak = Math.max(peak, used);
                }, null, null);
            }
        }

        private static boolean isHeapPool(String name) {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals(name)) {
                    return pool.getType() == MemoryType.HEAP;
                }
            }
            return false;
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  ").append(quote(name)).append(": ").append(value).append(",\n");
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Highest heap in use, sampled every 50 ms: the number to hold against the 1 GiB target. */
    private static final class HeapSampler extends Thread {
        private volatile boolean running = true;
        private volatile long peak;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
            interrupt();
        }
    }
}

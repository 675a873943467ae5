package io.mt5db.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory and CPU time of the app's two processes and of the load generator, from /proc. Memory: the
 * JVM's resident set (VmRSS, what the target is about) and the embedded PostgreSQL's proportional
 * set size summed over the postmaster and its backends (Pss, so shared_buffers counts once). CPU
 * time per phase tells where an item's cost goes even when other work shares the machine.
 */
final class ProcessStats {

    /** USER_HZ: /proc reports CPU times in these ticks (100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    static long rssKb(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** Summed Pss of the postmaster named in {@code pgDataDir}/postmaster.pid and its children; -1 if unknown. */
    static long postgresPssKb(Path pgDataDir) {
        Optional<Long> postmaster = postmaster(pgDataDir);
        if (postmaster.isEmpty()) {
            return -1;
        }
        long total = 0;
        for (long pid : withDescendants(postmaster.get())) {
            total += Math.max(0, field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:"));
        }
        return total;
    }

    /** CPU seconds (user + system) the process has used. */
    static double cpuSeconds(long pid) {
        long[] t = cpuTicks(pid);
        return (t[0] + t[1]) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of PostgreSQL: the postmaster with its reaped children (backends that have ended,
     * autovacuum workers) plus the live children.
     */
    static double postgresCpuSeconds(Path pgDataDir) {
        Optional<Long> postmaster = postmaster(pgDataDir);
        if (postmaster.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (long pid : withDescendants(postmaster.get())) {
            long[] t = cpuTicks(pid);
            ticks += t[0] + t[1] + t[2] + t[3];
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static Optional<Long> postmaster(Path pgDataDir) {
        try {
            Path pidFile = pgDataDir.resolve("postmaster.pid");
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Long> withDescendants(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** utime, stime, cutime, cstime from /proc/PID/stat; zeros when the process has gone. */
    private static long[] cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces: fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has gone, or /proc is not readable
        }
        return -1;
    }
}

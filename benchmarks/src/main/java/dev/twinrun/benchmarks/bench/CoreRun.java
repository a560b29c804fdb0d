package dev.twinrun.benchmarks.bench;

import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.spec.SpecTransformation;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The core job in this JVM on the hour {@link CoreBench} generated ({@code twinrun bench core-run}, and the timed
 * worker of {@code twinrun bench core}): prints rows (and, unless timed, the heap pools' peak use) as its last line; with {@code repeat > 1}, each
 * run's wall time and MB per CPU-second first (JIT warm-up visible).
 */
public final class CoreRun {
    private CoreRun() {}

    /** Runs the hour {@code repeat} times; {@code threads} null for the default (available processors). */
    public static RunResult run(Path input, Path output, Integer threads, int repeat, PrintStream out)
            throws IOException, UnusableInputException {
        return run(input, output, threads, repeat, out, null);
    }

    /** As {@link #run(Path, Path, Integer, int, PrintStream)}, with the job spec {@code jobSpec} (null: the built-in). */
    public static RunResult run(Path input, Path output, Integer threads, int repeat, PrintStream out, Path jobSpec)
            throws IOException, UnusableInputException {
        return run(input, output, threads, repeat, out, jobSpec, true);
    }

    /**
     * As above; {@code poolPeaks}: print the heap pools' peak use, read through the JVM's management beans. The timed
     * worker does not: loading and starting them cost tens of milliseconds that DuckDB's worker does not pay, and
     * {@link CoreBench} reads the peak from the worker's GC log instead.
     */
    public static RunResult run(
            Path input, Path output, Integer threads, int repeat, PrintStream out, Path jobSpec, boolean poolPeaks)
            throws IOException, UnusableInputException {
        JobOptions options = JobOptions.defaults().withForce(true);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        HourJob job = new HourJob(
                new LocalObjectStore(input),
                new LocalObjectStore(output),
                jobSpec == null ? new EcommerceInsights() : SpecTransformation.fromFile(jobSpec),
                options);
        RunResult r = null;
        long cpuStart = cpuNanos();
        for (int i = 0; i < Math.max(1, repeat); i++) {
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            r = job.run(CoreBench.HOUR);
            long wallNs = System.nanoTime() - t0;
            long cpuNs = cpuNanos() - cpu0;
            if (repeat > 1) {
                out.printf(
                        Locale.ROOT,
                        "run %d: wall %d ms, cpu %d ms, %.1f MB/s wall, %.1f MB per cpu-second%n",
                        i,
                        wallNs / 1_000_000,
                        cpuNs / 1_000_000,
                        r.bytesRead() / 1e6 / (wallNs / 1e9),
                        r.bytesRead() / 1e6 / (cpuNs / 1e9));
            }
        }
        String pools = "";
        if (poolPeaks) {
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peakHeap += pool.getPeakUsage().getUsed();
                }
            }
            pools = String.format(Locale.ROOT, " pools_peak_heap_mb=%.0f", peakHeap / 1048576.0);
        }
        out.printf(
                Locale.ROOT,
                "rows=%d quarantined=%d job_ms=%d cpu_ms=%d%s max_heap_mb=%d%n",
                r.rowsRead(),
                r.rowsQuarantined(),
                r.durationMs(),
                (cpuNanos() - cpuStart) / 1_000_000,
                pools,
                Runtime.getRuntime().maxMemory() >> 20);
        return r;
    }

    /** This process's CPU time so far (user + system, at the clock-tick resolution of /proc); -1 when unknown. */
    private static long cpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(-1L);
    }
}

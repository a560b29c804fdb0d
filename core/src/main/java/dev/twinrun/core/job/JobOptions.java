package dev.twinrun.core.job;

import dev.twinrun.core.csv.Limits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a run uses the machine.
 *
 * @param threads parallel parsers (default: available processors)
 * @param minSplitBytes a file is cut into ranges of at least this size for parallel parsing (default 8 MiB)
 * @param rangesPerThread ranges a file is cut into per thread, at most (default 1: each range has a partial aggregate,
 *     a parser and a warm-up of its own, merged or paid for again; more ranges even out the threads' work when some
 *     parts of a file cost more per byte)
 * @param limits field and row size limits (default {@link Limits#DEFAULT})
 * @param tempDir where quarantine rows are spilled before publication (default java.io.tmpdir)
 * @param force reprocess an hour even when its published result is current (default false)
 * @param rawCopyBytesPerHour raw copies of quarantined rows kept in one hour's quarantine, in bytes (default 256 MiB);
 *     rows past it are still listed and counted
 */
public record JobOptions(
        int threads,
        long minSplitBytes,
        int rangesPerThread,
        Limits limits,
        Path tempDir,
        boolean force,
        long rawCopyBytesPerHour) {
    public JobOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (minSplitBytes < 1) {
            throw new IllegalArgumentException("minSplitBytes must be >= 1");
        }
        if (rangesPerThread < 1) {
            throw new IllegalArgumentException("rangesPerThread must be >= 1, was " + rangesPerThread);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tempDir, "tempDir");
        if (rawCopyBytesPerHour < 0) {
            throw new IllegalArgumentException("rawCopyBytesPerHour must be >= 0, was " + rawCopyBytesPerHour);
        }
    }

    public static JobOptions defaults() {
        return new JobOptions(
                Runtime.getRuntime().availableProcessors(),
                8L << 20,
                1,
                Limits.DEFAULT,
                Path.of(System.getProperty("java.io.tmpdir")),
                false,
                QuarantineSpill.RAW_COPY_BYTES_PER_HOUR);
    }

    public JobOptions withThreads(int n) {
        return new JobOptions(n, minSplitBytes, rangesPerThread, limits, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withMinSplitBytes(long n) {
        return new JobOptions(threads, n, rangesPerThread, limits, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withRangesPerThread(int n) {
        return new JobOptions(threads, minSplitBytes, n, limits, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withLimits(Limits l) {
        return new JobOptions(threads, minSplitBytes, rangesPerThread, l, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withTempDir(Path p) {
        return new JobOptions(threads, minSplitBytes, rangesPerThread, limits, p, force, rawCopyBytesPerHour);
    }

    public JobOptions withForce(boolean f) {
        return new JobOptions(threads, minSplitBytes, rangesPerThread, limits, tempDir, f, rawCopyBytesPerHour);
    }

    public JobOptions withRawCopyBytesPerHour(long bytes) {
        return new JobOptions(threads, minSplitBytes, rangesPerThread, limits, tempDir, force, bytes);
    }
}

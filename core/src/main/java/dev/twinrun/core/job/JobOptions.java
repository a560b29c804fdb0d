package dev.twinrun.core.job;

import dev.twinrun.core.csv.Limits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a run uses the machine.
 *
 * @param threads parallel parsers (default: available processors)
 * @param minSplitBytes a file is cut into ranges of at least this size for parallel parsing (default 8 MiB)
 * @param limits field and row size limits (default {@link Limits#DEFAULT})
 * @param tempDir where quarantine rows are spilled before publication (default java.io.tmpdir)
 * @param force reprocess an hour even when its published result is current (default false)
 * @param rawCopyBytesPerHour raw copies of quarantined rows kept in one hour's quarantine, in bytes (default 256 MiB);
 *     rows past it are still listed and counted
 */
public record JobOptions(
        int threads, long minSplitBytes, Limits limits, Path tempDir, boolean force, long rawCopyBytesPerHour) {
    public JobOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (minSplitBytes < 1) {
            throw new IllegalArgumentException("minSplitBytes must be >= 1");
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
                Limits.DEFAULT,
                Path.of(System.getProperty("java.io.tmpdir")),
                false,
                QuarantineSpill.RAW_COPY_BYTES_PER_HOUR);
    }

    public JobOptions withThreads(int n) {
        return new JobOptions(n, minSplitBytes, limits, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withMinSplitBytes(long n) {
        return new JobOptions(threads, n, limits, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withLimits(Limits l) {
        return new JobOptions(threads, minSplitBytes, l, tempDir, force, rawCopyBytesPerHour);
    }

    public JobOptions withTempDir(Path p) {
        return new JobOptions(threads, minSplitBytes, limits, p, force, rawCopyBytesPerHour);
    }

    public JobOptions withForce(boolean f) {
        return new JobOptions(threads, minSplitBytes, limits, tempDir, f, rawCopyBytesPerHour);
    }

    public JobOptions withRawCopyBytesPerHour(long bytes) {
        return new JobOptions(threads, minSplitBytes, limits, tempDir, force, bytes);
    }
}

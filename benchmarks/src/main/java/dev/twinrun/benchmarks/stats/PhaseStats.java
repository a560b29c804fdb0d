package dev.twinrun.benchmarks.stats;

import static java.util.Objects.requireNonNull;

/**
 * Statistics of one phase ({@code cold} or {@code warm}) of one variant; a metric is null when no run reported it.
 * Failed runs are counted in {@code failed} and left out of every metric.
 */
public record PhaseStats(
        Phase phase,
        long runs,
        long failed,
        MetricStats wallMs,
        MetricStats cpuMs,
        MetricStats billedMs,
        MetricStats initMs,
        MetricStats maxMemoryUsedMb,
        MetricStats rowsRead,
        MetricStats bytesRead) {

    public PhaseStats {
        requireNonNull(phase, "phase");
    }
}

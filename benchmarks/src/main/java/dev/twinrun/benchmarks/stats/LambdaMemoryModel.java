package dev.twinrun.benchmarks.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Models a Lambda variant at another memory size from a measured one: the CPU it gets is memory / 1,769 MB vCPUs (at
 * most {@link #MAX_VCPUS}, at 10,240 MB), and since the job runs one core thread per available core over byte ranges
 * of its files, the CPU part of wall time (cpuMs / vCPUs) scales with it (assumed linear above one vCPU: this machine
 * cannot show more than 2 cores); the rest (I/O) stays; init, memory, rows and bytes are kept; every number of the
 * result is labelled {@code modelled}.
 */
public final class LambdaMemoryModel {
    /** Memory at which a function gets one full vCPU. */
    public static final BigDecimal FULL_VCPU_AT_MB = new BigDecimal("1769");

    private static final MathContext MC = MathContext.DECIMAL64;

    private LambdaMemoryModel() {}

    /** The variant at {@code targetMemoryMb}, or empty when the measured one has no CPU times. */
    public static Optional<VariantStats> at(VariantStats measured, int targetMemoryMb, BigDecimal fullVcpuAtMb) {
        if (measured.platform() != Platform.LAMBDA || measured.memoryMb() == null) {
            return Optional.empty();
        }
        BigDecimal from = share(measured.memoryMb(), fullVcpuAtMb);
        BigDecimal to = share(targetMemoryMb, fullVcpuAtMb);
        List<PhaseStats> phases = new ArrayList<>();
        for (PhaseStats p : measured.phases()) {
            if (p.cpuMs() == null || p.wallMs() == null) {
                return Optional.empty();
            }
            BigDecimal cpuWallFrom = p.cpuMs().p50().divide(from, MC);
            BigDecimal cpuWallTo = p.cpuMs().p50().divide(to, MC);
            BigDecimal shift = cpuWallTo.subtract(cpuWallFrom);
            phases.add(new PhaseStats(
                    p.phase(),
                    p.runs(),
                    p.failed(),
                    shifted(p.wallMs(), shift),
                    relabel(p.cpuMs()),
                    null,
                    relabel(p.initMs()),
                    relabel(p.maxMemoryUsedMb()),
                    relabel(p.rowsRead()),
                    relabel(p.bytesRead())));
        }
        String arch = measured.arch() == null ? VariantId.DEFAULT_ARCH : measured.arch();
        return Optional.of(new VariantStats(
                VariantId.lambda(targetMemoryMb, arch).value(),
                Platform.LAMBDA,
                targetMemoryMb,
                arch,
                null,
                Provenance.MODELLED,
                measured.coldRuns(),
                measured.warmRuns(),
                measured.failedRuns(),
                phases));
    }

    /** Lambda's most vCPUs (at 10,240 MB). */
    public static final BigDecimal MAX_VCPUS = BigDecimal.valueOf(6);

    /** vCPUs at a memory size: min(6, memory / fullVcpuAtMb); below 1, the share of one. */
    public static BigDecimal share(int memoryMb, BigDecimal fullVcpuAtMb) {
        return BigDecimal.valueOf(memoryMb).divide(fullVcpuAtMb, MC).min(MAX_VCPUS);
    }

    private static MetricStats shifted(MetricStats m, BigDecimal shift) {
        return new MetricStats(
                m.n(),
                clamp(m.min().add(shift)),
                clamp(m.p50().add(shift)),
                clamp(m.p90().add(shift)),
                clamp(m.p99().add(shift)),
                clamp(m.trimmedMean().add(shift)),
                clamp(m.max().add(shift)),
                Provenance.MODELLED);
    }

    private static MetricStats relabel(MetricStats m) {
        return m == null
                ? null
                : new MetricStats(
                        m.n(), m.min(), m.p50(), m.p90(), m.p99(), m.trimmedMean(), m.max(), Provenance.MODELLED);
    }

    private static BigDecimal clamp(BigDecimal v) {
        return v.max(BigDecimal.ZERO).setScale(3, RoundingMode.HALF_UP);
    }
}

package dev.twinrun.benchmarks.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns raw per-invocation records into per-variant statistics; pure, so it can be rerun on saved raw data.
 *
 * <p>Percentiles interpolate linearly between closest ranks (numpy's default); the trimmed mean drops
 * floor(10 % of n) values from each end.
 */
public final class StatsCalculator {
    /** Share cut from each end for the trimmed mean. */
    public static final double TRIM_SHARE = 0.10;

    private StatsCalculator() {}

    /** Groups records by variant and phase and summarizes each group, variants sorted by id. */
    public static List<VariantStats> summarize(List<InvocationRecord> records) {
        Map<String, List<InvocationRecord>> byVariant = new TreeMap<>();
        for (InvocationRecord r : records) {
            byVariant.computeIfAbsent(r.variantId(), k -> new ArrayList<>()).add(r);
        }
        List<VariantStats> out = new ArrayList<>();
        for (Map.Entry<String, List<InvocationRecord>> e : byVariant.entrySet()) {
            out.add(variant(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static VariantStats variant(String id, List<InvocationRecord> rs) {
        InvocationRecord first = rs.get(0);
        for (InvocationRecord r : rs) {
            if (r.platform() != first.platform()) {
                throw new IllegalArgumentException(
                        "variant " + id + " mixes platforms " + first.platform() + " and " + r.platform());
            }
        }
        Provenance provenance = rs.stream().anyMatch(r -> r.provenance() == Provenance.MODELLED)
                ? Provenance.MODELLED
                : Provenance.MEASURED;
        List<PhaseStats> phases = new ArrayList<>();
        long cold = 0;
        long warm = 0;
        long failed = 0;
        for (Phase phase : Phase.values()) {
            List<InvocationRecord> inPhase =
                    rs.stream().filter(r -> r.phase() == phase).toList();
            if (inPhase.isEmpty()) {
                continue;
            }
            long f = inPhase.stream().filter(InvocationRecord::failed).count();
            failed += f;
            if (phase == Phase.COLD) {
                cold = inPhase.size();
            } else {
                warm = inPhase.size();
            }
            List<InvocationRecord> ok =
                    inPhase.stream().filter(r -> !r.failed()).toList();
            phases.add(new PhaseStats(
                    phase,
                    inPhase.size(),
                    f,
                    metric(ok, r -> r.wallMs(), provenance),
                    metric(ok, InvocationRecord::cpuMs, provenance),
                    metric(ok, InvocationRecord::billedMs, provenance),
                    metric(ok, InvocationRecord::initMs, provenance),
                    metric(
                            ok,
                            r -> r.maxMemoryUsedMb() == null
                                    ? null
                                    : r.maxMemoryUsedMb().doubleValue(),
                            provenance),
                    metric(ok, r -> r.rowsRead() == null ? null : r.rowsRead().doubleValue(), provenance),
                    metric(ok, r -> r.bytesRead() == null ? null : r.bytesRead().doubleValue(), provenance)));
        }
        return new VariantStats(
                id,
                first.platform(),
                rs.stream()
                        .map(InvocationRecord::memoryMb)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null),
                rs.stream()
                        .map(InvocationRecord::arch)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(first.platform() == Platform.LAMBDA ? VariantId.DEFAULT_ARCH : null),
                rs.stream()
                        .map(InvocationRecord::instanceType)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null),
                provenance,
                cold,
                warm,
                failed,
                phases);
    }

    private static MetricStats metric(
            List<InvocationRecord> rs, Function<InvocationRecord, Double> f, Provenance provenance) {
        double[] v = rs.stream()
                .map(f)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray();
        return of(v, provenance);
    }

    /** Statistics of a sample, or null when it is empty. */
    public static MetricStats of(double[] values, Provenance provenance) {
        if (values.length == 0) {
            return null;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new MetricStats(
                v.length,
                dec(v[0]),
                dec(percentile(v, 0.50)),
                dec(percentile(v, 0.90)),
                dec(percentile(v, 0.99)),
                dec(trimmedMean(v)),
                dec(v[v.length - 1]),
                provenance);
    }

    /** Percentile {@code p} (0..1) of sorted values, linear between closest ranks. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Mean of sorted values without floor(10 % of n) from each end. */
    public static double trimmedMean(double[] sorted) {
        int k = (int) Math.floor(sorted.length * TRIM_SHARE);
        double sum = 0;
        for (int i = k; i < sorted.length - k; i++) {
            sum += sorted[i];
        }
        return sum / (sorted.length - 2 * k);
    }

    private static BigDecimal dec(double d) {
        return BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP);
    }
}

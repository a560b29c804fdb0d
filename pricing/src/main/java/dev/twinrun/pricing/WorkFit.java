package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Work from CPU time, not wall time: a straight line {@code cpuMs = fixedCpuMs + sizeMb x cpuMsPerMb} through the
 * median CPU time at each of two or more measured sizes (least squares over the medians), so the fit does not move
 * with what else the machine was doing while the runs waited for a core. {@code spreadCpuMsPerMb} says how far the
 * per-MB figure could be off: half the range of the slopes between every run of the smallest and every run of the
 * largest size. A negative intercept (fixed work) is taken as 0 and said in {@code source}.
 */
public record WorkFit(
        BigDecimal fixedCpuMs, BigDecimal cpuMsPerMb, BigDecimal spreadCpuMsPerMb, int runs, int sizes, String source) {

    /** One measured run: its input size and the CPU time (user + system) it used. */
    public record Sample(BigDecimal sizeMb, BigDecimal cpuMs) {
        public Sample {
            requireNonNull(sizeMb, "sizeMb");
            requireNonNull(cpuMs, "cpuMs");
        }
    }

    private static final MathContext MC = MathContext.DECIMAL64;

    /**
     * The runs at one size as statistics keep them: how many, their median, least and greatest CPU time (the fit uses
     * nothing else of the runs, so a fit from statistics equals the fit from the runs).
     */
    public record SizeSummary(
            BigDecimal sizeMb, long runs, BigDecimal medianCpuMs, BigDecimal minCpuMs, BigDecimal maxCpuMs) {
        public SizeSummary {
            requireNonNull(sizeMb, "sizeMb");
            requireNonNull(medianCpuMs, "medianCpuMs");
            requireNonNull(minCpuMs, "minCpuMs");
            requireNonNull(maxCpuMs, "maxCpuMs");
            if (runs < 1) {
                throw new IllegalArgumentException("a size summary needs at least one run: " + sizeMb + " MB");
            }
        }
    }

    /** Fits the runs; needs at least two distinct positive sizes. */
    public static WorkFit fit(List<Sample> samples, String what) {
        Map<BigDecimal, List<BigDecimal>> bySize = new TreeMap<>();
        for (Sample s : samples) {
            if (s.sizeMb().signum() <= 0 || s.cpuMs().signum() < 0) {
                throw new IllegalArgumentException(what + ": a run needs a positive size and CPU time: " + s);
            }
            bySize.computeIfAbsent(s.sizeMb().stripTrailingZeros(), k -> new ArrayList<>())
                    .add(s.cpuMs());
        }
        List<SizeSummary> sizes = new ArrayList<>();
        bySize.forEach((mb, cpu) -> sizes.add(new SizeSummary(mb, cpu.size(), median(cpu), min(cpu), max(cpu))));
        return fromSummaries(sizes, what);
    }

    /** Fits per-size summaries (e.g. the median, min and max CPU time of a variant's runs at each measured size). */
    public static WorkFit fromSummaries(List<SizeSummary> summaries, String what) {
        Map<BigDecimal, SizeSummary> bySize = new TreeMap<>();
        for (SizeSummary s : summaries) {
            if (s.sizeMb().signum() <= 0 || s.minCpuMs().signum() < 0) {
                throw new IllegalArgumentException(what + ": a run needs a positive size and CPU time: " + s);
            }
            if (bySize.put(s.sizeMb().stripTrailingZeros(), s) != null) {
                throw new IllegalArgumentException(what + ": size " + s.sizeMb() + " MB summarized twice");
            }
        }
        if (bySize.size() < 2) {
            throw new IllegalArgumentException(
                    what + ": fixed and per-MB work need runs at two or more sizes, got " + bySize.keySet());
        }
        List<BigDecimal> xs = new ArrayList<>(bySize.keySet());
        List<BigDecimal> ys = xs.stream().map(x -> bySize.get(x).medianCpuMs()).toList();
        long runs = bySize.values().stream().mapToLong(SizeSummary::runs).sum();
        BigDecimal n = BigDecimal.valueOf(xs.size());
        BigDecimal meanX = xs.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, MC);
        BigDecimal meanY = ys.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, MC);
        BigDecimal sxy = BigDecimal.ZERO;
        BigDecimal sxx = BigDecimal.ZERO;
        for (int i = 0; i < xs.size(); i++) {
            BigDecimal dx = xs.get(i).subtract(meanX);
            sxy = sxy.add(dx.multiply(ys.get(i).subtract(meanY)));
            sxx = sxx.add(dx.multiply(dx));
        }
        BigDecimal slope = sxy.divide(sxx, MC);
        BigDecimal intercept = meanY.subtract(slope.multiply(meanX));
        if (slope.signum() <= 0) {
            throw new IllegalArgumentException(what + ": CPU time does not grow with size (slope "
                    + Money.plain(slope, 3) + " ms/MB): measure sizes further apart");
        }
        SizeSummary low = bySize.get(xs.get(0));
        SizeSummary high = bySize.get(xs.get(xs.size() - 1));
        BigDecimal dx = high.sizeMb().subtract(low.sizeMb());
        BigDecimal minSlope = high.minCpuMs().subtract(low.maxCpuMs()).divide(dx, MC);
        BigDecimal maxSlope = high.maxCpuMs().subtract(low.minCpuMs()).divide(dx, MC);
        BigDecimal spread = maxSlope.subtract(minSlope).divide(BigDecimal.valueOf(2), MC);
        boolean clamped = intercept.signum() < 0;
        BigDecimal fixed = clamped ? BigDecimal.ZERO : intercept;
        String source = what + ": CPU time at " + xs.size() + " sizes (" + runs + " runs, medians per size): "
                + Money.plain(fixed, 0) + " ms fixed + " + Money.plain(slope, 3) + " +- " + Money.plain(spread, 3)
                + " ms per MB (CPU, one vCPU)" + (clamped ? "; the fitted fixed part was negative, taken as 0" : "");
        return new WorkFit(fixed, slope, spread, (int) runs, xs.size(), source);
    }

    /**
     * The size model's workload from this fit: per-MB work is CPU work on one vCPU, fixed work is CPU too (wall time
     * for I/O is the size model's network cap, not part of the fit), with the Lambda INIT time given.
     */
    public Workload workload(BigDecimal initMs, BigDecimal basisSizeMb) {
        return new Workload(cpuMsPerMb, fixedCpuMs, initMs, basisSizeMb, true, source);
    }

    private static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(m)
                : sorted.get(m - 1).add(sorted.get(m)).divide(BigDecimal.valueOf(2), MC);
    }

    private static BigDecimal min(List<BigDecimal> values) {
        return values.stream().min(BigDecimal::compareTo).orElseThrow();
    }

    private static BigDecimal max(List<BigDecimal> values) {
        return values.stream().max(BigDecimal::compareTo).orElseThrow();
    }
}

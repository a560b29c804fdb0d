package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How long one run takes as a function of data size and CPU, the basis of the cost-vs-data-size model
 * ({@link SizeSweep}): {@code fixedMs + sizeMb x msPerMbPerVcpu / vCPUs}, plus the Lambda INIT time, and where those
 * numbers come from ({@code source}: a scenario's assumption or a measurement, at {@code basisSizeMb}).
 */
public record Workload(
        BigDecimal msPerMbPerVcpu,
        BigDecimal fixedMs,
        BigDecimal initMs,
        BigDecimal basisSizeMb,
        boolean measured,
        String source) {

    public Workload {
        requireNonNull(msPerMbPerVcpu, "msPerMbPerVcpu");
        requireNonNull(fixedMs, "fixedMs");
        requireNonNull(initMs, "initMs");
        requireNonNull(source, "source");
        if (msPerMbPerVcpu.signum() <= 0) {
            throw new IllegalArgumentException("msPerMbPerVcpu must be positive: " + msPerMbPerVcpu);
        }
        if (fixedMs.signum() < 0 || initMs.signum() < 0) {
            throw new IllegalArgumentException("fixedMs and initMs must not be negative");
        }
    }

    /**
     * The workload a scenario states: its run at {@code dataSizeMb} on its Lambda memory's CPU share, sloped by
     * {@code msPerMb} (the part of the duration not explained by the slope is fixed time); without a slope, the whole
     * duration is taken as proportional to the data size. A scenario with neither cannot be swept over sizes.
     */
    public static Workload fromScenario(Scenario s, PriceBook book) {
        Scenario.Run r = s.run();
        BigDecimal vcpus = vcpusAt(book, s.lambda().memoryMb());
        String where = "scenario " + s.name();
        if (r.msPerMb() != null && r.msPerMb().signum() > 0) {
            BigDecimal fixed = r.durationMs()
                    .subtract(r.dataSizeMb().multiply(r.msPerMb()))
                    .max(BigDecimal.ZERO);
            return new Workload(
                    r.msPerMb().multiply(vcpus),
                    fixed,
                    r.initMs(),
                    r.dataSizeMb(),
                    false,
                    where + ": run.msPerMb " + Money.plain(r.msPerMb(), 3) + " ms/MB at "
                            + s.lambda().memoryMb() + " MB (" + Money.plain(vcpus, 3) + " vCPU), "
                            + Money.plain(fixed, 0) + " ms fixed");
        }
        if (r.dataSizeMb().signum() > 0) {
            BigDecimal perMb = r.durationMs().divide(r.dataSizeMb(), MathContext.DECIMAL128);
            return new Workload(
                    perMb.multiply(vcpus),
                    BigDecimal.ZERO,
                    r.initMs(),
                    r.dataSizeMb(),
                    false,
                    where + ": " + Money.plain(r.durationMs(), 0) + " ms for " + Money.plain(r.dataSizeMb(), 3)
                            + " MB at " + s.lambda().memoryMb() + " MB (" + Money.plain(vcpus, 3)
                            + " vCPU), all of it counted as per-MB work");
        }
        throw new IllegalArgumentException("scenario " + s.name() + " says nothing about data size (run.dataSizeMb is 0"
                + " and run.msPerMb is missing), so its cost cannot be swept over sizes: set run.dataSizeMb and run.msPerMb"
                + " in the scenario, or give --data-size-mb with the duration it was measured at (--duration)");
    }

    /**
     * A workload measured on this machine: a warm run of {@code sizeMb} took {@code warmMs} and a cold one
     * {@code coldMs} (after INIT {@code initMs}) on a Lambda of {@code memoryMb} (its CPU share). All of the warm time
     * is counted as per-MB work (nothing of it as fixed, which overstates larger sizes a little), and what a cold run
     * takes beyond a warm one (JIT warm-up) as fixed time, since every modelled run is priced cold.
     */
    public static Workload measured(
            PriceBook book,
            BigDecimal warmMs,
            BigDecimal coldMs,
            BigDecimal initMs,
            int memoryMb,
            BigDecimal sizeMb,
            String what) {
        if (sizeMb.signum() <= 0) {
            throw new IllegalArgumentException("measured size must be positive: " + sizeMb);
        }
        BigDecimal vcpus = vcpusAt(book, memoryMb);
        BigDecimal perMb = warmMs.divide(sizeMb, MathContext.DECIMAL128);
        BigDecimal coldExtra =
                coldMs == null ? BigDecimal.ZERO : coldMs.subtract(warmMs).max(BigDecimal.ZERO);
        return new Workload(
                perMb.multiply(vcpus),
                coldExtra,
                initMs,
                sizeMb,
                true,
                what + ": warm p50 " + Money.plain(warmMs, 0) + " ms for " + Money.plain(sizeMb, 3) + " MB at "
                        + memoryMb
                        + " MB (" + Money.plain(vcpus, 3) + " vCPU), all of it counted as per-MB work; a cold run's "
                        + Money.plain(coldExtra, 0) + " ms more as fixed time; INIT " + Money.plain(initMs, 0) + " ms");
    }

    /** Lambda's CPU share at a memory size: memory / {@code lambda.cpu.fullVcpuAtMb}, at most {@code lambda.cpu.maxVcpus}. */
    public static BigDecimal vcpusAt(PriceBook book, int memoryMb) {
        BigDecimal full = book.decimalOr("lambda.cpu.fullVcpuAtMb", BigDecimal.valueOf(1769));
        BigDecimal max = book.decimalOr("lambda.cpu.maxVcpus", BigDecimal.valueOf(6));
        return BigDecimal.valueOf(memoryMb).divide(full, MathContext.DECIMAL128).min(max);
    }
}

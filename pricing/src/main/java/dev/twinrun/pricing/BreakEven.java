package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Break-even points between Lambda and each EC2 variant, by bisection on exact decimal costs.
 *
 * <p>Costs are piecewise linear with steps (billing granularity, EC2's 60 s minimum, the free tier), so there is no
 * single formula; bisection needs only that the cost difference changes sign once over the searched range, which
 * holds because every cost here grows monotonically with runs, duration and size. The result is the smallest value
 * (to {@link #TOLERANCE_FRACTION} of the range) at which the cheaper variant changes.
 */
public final class BreakEven {
    /** Dimensions searched, with their ranges. */
    public static final String RUNS_PER_DAY = "runsPerDay";

    public static final String DURATION_MS = "durationMs";
    public static final String DATA_SIZE_MB = "dataSizeMb";

    /** Bisection stops when the bracket is narrower than this share of the range. */
    public static final BigDecimal TOLERANCE_FRACTION = new BigDecimal("1E-9");

    static final BigDecimal MAX_RUNS_PER_DAY = BigDecimal.valueOf(1440);
    static final BigDecimal MAX_DURATION_MS = BigDecimal.valueOf(900_000);
    static final BigDecimal MAX_DATA_SIZE_MB = BigDecimal.valueOf(100_000);

    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final CostModel model;

    public BreakEven(CostModel model) {
        this.model = requireNonNull(model, "model");
    }

    /** Lambda against EC2 always on and against EC2 per run, along runs/day, duration and data size. */
    public List<BreakEvenResult> all(Scenario s) {
        List<BreakEvenResult> out = new ArrayList<>();
        for (String other : List.of(CostModel.EC2_ALWAYS_ON, CostModel.EC2_PER_RUN)) {
            out.add(runsPerDay(s, CostModel.LAMBDA, other));
            out.add(durationMs(s, CostModel.LAMBDA, other));
            out.add(dataSizeMb(s, CostModel.LAMBDA, other));
        }
        return out;
    }

    /** Runs per day (0..1440) at which the two models cost the same per month. */
    public BreakEvenResult runsPerDay(Scenario s, String a, String b) {
        return search(s, a, b, RUNS_PER_DAY, "runs/day", BigDecimal.ZERO, MAX_RUNS_PER_DAY, s::withRunsPerDay, "");
    }

    /** Run duration (0..900,000 ms, Lambda's limit) at which the two models cost the same per month. */
    public BreakEvenResult durationMs(Scenario s, String a, String b) {
        BigDecimal hi = model.book()
                .find("lambda.limits.timeoutSeconds")
                .map(l -> l.decimal().multiply(BigDecimal.valueOf(1000)))
                .orElse(MAX_DURATION_MS);
        return search(
                s,
                a,
                b,
                DURATION_MS,
                "ms",
                BigDecimal.ZERO,
                hi,
                s::withDurationMs,
                "same duration on both variants; searched up to Lambda's time limit");
    }

    /** Data size (0..100,000 MB) at which the two models cost the same, when the scenario has {@code msPerMb}. */
    public BreakEvenResult dataSizeMb(Scenario s, String a, String b) {
        if (s.run().msPerMb() == null || s.run().msPerMb().signum() == 0) {
            return new BreakEvenResult(
                    DATA_SIZE_MB,
                    "MB",
                    id(a, s),
                    id(b, s),
                    BreakEvenResult.NOT_APPLICABLE,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "the scenario has no run.msPerMb: duration does not depend on data size");
        }
        BigDecimal hi = MAX_DATA_SIZE_MB;
        Optional<BigDecimal> limitMs = model.book()
                .find("lambda.limits.timeoutSeconds")
                .map(l -> l.decimal().multiply(BigDecimal.valueOf(1000)));
        String note = "duration moves " + Money.plain(s.run().msPerMb(), 3) + " ms per MB";
        if (limitMs.isPresent()) {
            BigDecimal sizeAtLimit = s.run()
                    .dataSizeMb()
                    .add(limitMs.get()
                            .subtract(s.run().durationMs())
                            .divide(s.run().msPerMb(), MC));
            if (sizeAtLimit.signum() > 0) {
                hi = sizeAtLimit.min(hi);
                note += "; searched up to " + Money.plain(hi, 1) + " MB, where a run reaches Lambda's time limit";
            }
        }
        return search(s, a, b, DATA_SIZE_MB, "MB", BigDecimal.ZERO, hi, s::withDataSizeMb, note);
    }

    private BreakEvenResult search(
            Scenario s,
            String a,
            String b,
            String dimension,
            String unit,
            BigDecimal lo,
            BigDecimal hi,
            Function<BigDecimal, Scenario> vary,
            String note) {
        Function<BigDecimal, BigDecimal> diff = x -> {
            Scenario v = vary.apply(x);
            return model.of(a, v).perMonthUsd().subtract(model.of(b, v).perMonthUsd());
        };
        String idA = id(a, s);
        String idB = id(b, s);
        BigDecimal tolerance = hi.subtract(lo).multiply(TOLERANCE_FRACTION);
        Optional<BigDecimal> x = bisect(diff, lo, hi, tolerance);
        int sLo = signNear(diff, lo, tolerance);
        int sHi = diff.apply(hi).signum();
        if (x.isEmpty()) {
            String cheaper = sLo < 0 ? idA : sLo > 0 ? idB : "neither";
            return new BreakEvenResult(
                    dimension,
                    unit,
                    idA,
                    idB,
                    BreakEvenResult.NONE_IN_RANGE,
                    null,
                    cheaper,
                    cheaper,
                    lo,
                    hi,
                    (note.isEmpty() ? "" : note + "; ") + cheaper + " is cheaper over the whole range");
        }
        BigDecimal value = Money.normalize(x.get().setScale(3, RoundingMode.CEILING));
        String below = sLo < 0 ? idA : sLo > 0 ? idB : "neither";
        String above = sHi < 0 ? idA : sHi > 0 ? idB : "neither";
        return new BreakEvenResult(dimension, unit, idA, idB, BreakEvenResult.FOUND, value, below, above, lo, hi, note);
    }

    private String id(String m, Scenario s) {
        return CostModel.LAMBDA.equals(m)
                ? CostModel.lambdaVariantId(s.lambda().memoryMb(), s.lambda().arch())
                : CostModel.ec2VariantId(s.ec2().instanceType(), m);
    }

    /** The sign of f at x, or just above x (x + tolerance) where f(x) is 0: variants equal at 0 runs are no break-even. */
    static int signNear(Function<BigDecimal, BigDecimal> f, BigDecimal x, BigDecimal tolerance) {
        int s = f.apply(x).signum();
        return s != 0 ? s : f.apply(x.add(tolerance)).signum();
    }

    /**
     * The smallest x in [lo, hi] (within {@code tolerance}) where {@code f} leaves the sign it has at {@code lo}, or
     * empty when {@code f} keeps one sign (or stays zero) over the whole range.
     */
    public static Optional<BigDecimal> bisect(
            Function<BigDecimal, BigDecimal> f, BigDecimal lo, BigDecimal hi, BigDecimal tolerance) {
        int sLo = signNear(f, lo, tolerance);
        int sHi = f.apply(hi).signum();
        if (sLo == 0 || sLo == sHi) {
            return Optional.empty();
        }
        BigDecimal a = lo;
        BigDecimal b = hi;
        for (int i = 0; i < 400 && b.subtract(a).compareTo(tolerance) > 0; i++) {
            BigDecimal mid = a.add(b).divide(TWO, MC);
            if (f.apply(mid).signum() == sLo) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return Optional.of(b);
    }
}

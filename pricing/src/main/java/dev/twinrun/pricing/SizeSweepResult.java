package dev.twinrun.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * The cost-vs-data-size comparison: for each size, a single Lambda, the Lambda fan-out and EC2 always on, each either
 * priced or "does not fit" with the limit that stops it; which limit each variant hits first; the sizes where the
 * cheapest changes; a denser curve for the chart; and every assumption in words.
 */
public record SizeSweepResult(
        Workload workload,
        List<String> assumptions,
        List<Row> rows,
        List<LimitHit> firstLimits,
        List<Crossover> crossovers,
        List<CurvePoint> curve) {

    /** Variant names, as in {@link Option#variant()}. */
    public static final String LAMBDA = "lambda";

    public static final String FANOUT = "lambda-fanout";
    public static final String EC2 = "ec2";
    public static final List<String> VARIANTS = List.of(LAMBDA, FANOUT, EC2);

    public SizeSweepResult {
        assumptions = List.copyOf(assumptions);
        rows = List.copyOf(rows);
        firstLimits = List.copyOf(firstLimits);
        crossovers = List.copyOf(crossovers);
        curve = List.copyOf(curve);
    }

    /** One data size: {@code measured} when the workload was measured at this size, else modelled. */
    public record Row(BigDecimal sizeMb, boolean measured, List<Option> options, String cheapest) {
        public Row {
            options = List.copyOf(options);
        }

        /** The option of one variant. */
        public Option option(String variant) {
            return options.stream()
                    .filter(o -> o.variant().equals(variant))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * One variant at one size: whether it fits, how it is set up ({@code config}: memory, shards, instance type), the
     * time of one invocation or run ({@code durationMs}; per shard for the fan-out) and end to end ({@code wallMs}), its
     * cost per run and per month with the priced lines, the price-book line of the limit that stops it or binds it
     * ({@code limit}), and a note in words.
     */
    public record Option(
            String variant,
            String label,
            boolean fits,
            String config,
            BigDecimal durationMs,
            BigDecimal wallMs,
            BigDecimal perRunUsd,
            BigDecimal perMonthUsd,
            String limit,
            String note,
            List<CostLine> lines) {
        public Option {
            lines = lines == null ? List.of() : List.copyOf(lines);
            note = note == null ? "" : note;
        }
    }

    /**
     * The first limit a variant hits as the hour grows: the smallest size (to 1 MB) at which it stops fitting, the
     * price-book line of that limit and why; {@code atSizeMb} null when it fits up to {@link SizeSweep#SEARCH_MAX_MB}.
     */
    public record LimitHit(String variant, String label, BigDecimal atSizeMb, String limit, String reason) {}

    /**
     * Where the cheapest variant changes (to 1 MB): {@code cheaperBelow} is the cheapest just below, {@code cheaperAbove}
     * from here on; {@code perMonthUsd} is what the new cheapest costs here. A change because a variant stops fitting is
     * a {@link LimitHit}, not a crossover.
     */
    public record Crossover(BigDecimal sizeMb, BigDecimal perMonthUsd, String cheaperBelow, String cheaperAbove) {}

    /** One point of the chart's curve of a variant (only where it fits). */
    public record CurvePoint(String variant, BigDecimal sizeMb, BigDecimal perMonthUsd) {}
}

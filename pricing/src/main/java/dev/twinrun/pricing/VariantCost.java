package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one variant costs under a scenario: the month's priced lines, their total, and the cost of one run
 * ({@code model} is {@code lambda}, {@code ec2-always-on}, {@code ec2-per-run} or {@code lambda-fanout}).
 */
public record VariantCost(
        String variantId,
        String model,
        String label,
        boolean feasible,
        BigDecimal runsPerMonth,
        BigDecimal perRunUsd,
        BigDecimal perMonthUsd,
        List<CostLine> monthlyLines,
        List<String> notes) {

    public VariantCost {
        requireNonNull(variantId, "variantId");
        requireNonNull(model, "model");
        requireNonNull(label, "label");
        requireNonNull(runsPerMonth, "runsPerMonth");
        requireNonNull(perMonthUsd, "perMonthUsd");
        monthlyLines = List.copyOf(monthlyLines);
        notes = List.copyOf(notes);
    }
}

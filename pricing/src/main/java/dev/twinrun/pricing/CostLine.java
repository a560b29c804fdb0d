package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One cost component of a variant: a named {@code component} (e.g. {@code lambda.duration}) and its {@code quantity}
 * in {@code unit}, priced as {@code costUsd = quantity x priceUsd / per}, where price, per and unit come from
 * price-book line {@code priceLineId}; a free-tier credit is a line with a negative quantity.
 */
public record CostLine(
        String component,
        String priceLineId,
        BigDecimal quantity,
        String unit,
        BigDecimal priceUsd,
        BigDecimal per,
        BigDecimal costUsd,
        String note) {

    public CostLine {
        requireNonNull(component, "component");
        requireNonNull(priceLineId, "priceLineId");
        requireNonNull(quantity, "quantity");
        requireNonNull(unit, "unit");
        requireNonNull(priceUsd, "priceUsd");
        requireNonNull(per, "per");
        requireNonNull(costUsd, "costUsd");
        note = note == null ? "" : note;
    }

    /** Prices {@code quantity} with a book line. */
    public static CostLine of(String component, PriceLine line, BigDecimal quantity, String note) {
        return new CostLine(
                component,
                line.id(),
                quantity,
                line.unit(),
                line.decimal(),
                line.perDecimal(),
                line.costOf(quantity),
                note);
    }

    /** Prices {@code quantity} with a book line's price over a different {@code per} (a derived rate). */
    public static CostLine derived(
            String component, PriceLine line, BigDecimal quantity, BigDecimal per, String unit, String note) {
        BigDecimal cost = quantity.multiply(line.decimal()).divide(per, MathContext.DECIMAL128);
        return new CostLine(component, line.id(), quantity, unit, line.decimal(), per, cost, note);
    }
}

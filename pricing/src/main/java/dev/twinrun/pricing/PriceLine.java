package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One line of a price book: a price ({@code value} USD per {@code per} {@code unit}) or a billing rule, free-tier
 * allowance or limit, each with the date it applies from ({@code date}), its region, its public {@code source} (an
 * {@code https://} address: an AWS pricing page, announcement, documentation page or Price List offer file) and the
 * date that source was read ({@code read}, optional here; {@link PriceBookCheck} requires it).
 */
public record PriceLine(
        String id,
        String kind,
        String value,
        String per,
        String unit,
        String description,
        String date,
        String region,
        String source,
        String read) {

    public PriceLine {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(value, "value");
        requireNonNull(unit, "unit");
        requireNonNull(date, "date");
        requireNonNull(region, "region");
        requireNonNull(source, "source");
        if (per == null || per.isBlank()) {
            per = "1";
        }
        if (description == null) {
            description = "";
        }
    }

    /** The value as an exact decimal. */
    public BigDecimal decimal() {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("price line " + id + " has no decimal value: " + value, e);
        }
    }

    /** The quantity the price is for (1 unless the line says otherwise, e.g. 1000 requests). */
    public BigDecimal perDecimal() {
        return new BigDecimal(per);
    }

    /** The cost of {@code quantity} units at this line's price: quantity x value / per. */
    public BigDecimal costOf(BigDecimal quantity) {
        return quantity.multiply(decimal()).divide(perDecimal(), MathContext.DECIMAL128);
    }
}

package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Where two variants cost the same along one dimension ({@code runsPerDay}, {@code durationMs} or
 * {@code dataSizeMb}), all else as in the scenario; {@code status} is {@code found}, {@code none-in-range} or
 * {@code not-applicable}, and {@code value} is null unless found; the value (rounded up) and the range searched carry
 * at most 3 decimals.
 */
public record BreakEvenResult(
        String dimension,
        String unit,
        String variantA,
        String variantB,
        String status,
        BigDecimal value,
        String cheaperBelow,
        String cheaperAbove,
        BigDecimal searchedFrom,
        BigDecimal searchedTo,
        String note) {

    public static final String FOUND = "found";
    public static final String NONE_IN_RANGE = "none-in-range";
    public static final String NOT_APPLICABLE = "not-applicable";

    public BreakEvenResult {
        requireNonNull(dimension, "dimension");
        requireNonNull(unit, "unit");
        requireNonNull(variantA, "variantA");
        requireNonNull(variantB, "variantB");
        requireNonNull(status, "status");
        note = note == null ? "" : note;
        searchedFrom = searchedFrom == null ? null : Money.normalize(searchedFrom.setScale(3, RoundingMode.HALF_UP));
        searchedTo = searchedTo == null ? null : Money.normalize(searchedTo.setScale(3, RoundingMode.HALF_UP));
    }
}

package dev.twinrun.core.spec;

import dev.twinrun.core.agg.LongTable;

/** Min and max kept in a {@link LongTable}'s additive cells: column {@code c} counts values, {@code c + 1} holds the extreme. */
final class Aggregates {
    private Aggregates() {}

    /** Adds one value {@code v} to the min (or max) at {@code row}, column {@code c}. */
    static void extreme(LongTable t, int row, int c, long v, boolean min) {
        long n = t.get(row, c);
        t.increment(row, c);
        if (n == 0) {
            t.add(row, c + 1, v);
            return;
        }
        long cur = t.get(row, c + 1);
        if (min ? v < cur : v > cur) {
            // Values have at most 18 digits, so the difference fits a long.
            t.add(row, c + 1, v - cur);
        }
    }
}

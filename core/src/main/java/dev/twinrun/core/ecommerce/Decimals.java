package dev.twinrun.core.ecommerce;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact money as ten-thousandths ("units"): a long per row, sums exact however large (see LongTable), parsed
 * from bytes and printed without binary floating point.
 */
final class Decimals {
    /** Fraction digits kept; more are rejected rather than rounded. */
    static final int SCALE = 4;

    static final long ONE = 10_000L;
    /** Sentinel for "not a valid amount". */
    static final long INVALID = Long.MIN_VALUE;

    private static final int MAX_INTEGER_DIGITS = 14;

    private Decimals() {}

    /** Parses {@code [0-9]{1,14}(\.[0-9]{1,4})?} into units, or {@link #INVALID}. Negative prices are invalid. */
    static long parseUnits(byte[] b, int from, int to) {
        if (from >= to) {
            return INVALID;
        }
        long v = 0;
        int i = from;
        int digits = 0;
        while (i < to && b[i] != '.') {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || ++digits > MAX_INTEGER_DIGITS) {
                return INVALID;
            }
            v = v * 10 + d;
            i++;
        }
        if (digits == 0) {
            return INVALID;
        }
        v *= ONE;
        if (i < to) {
            i++;
            int frac = to - i;
            if (frac < 1 || frac > SCALE) {
                return INVALID;
            }
            long f = 0;
            for (int k = 0; k < frac; k++) {
                int d = b[i + k] - '0';
                if (d < 0 || d > 9) {
                    return INVALID;
                }
                f = f * 10 + d;
            }
            for (int k = frac; k < SCALE; k++) {
                f *= 10;
            }
            v += f;
        }
        return v;
    }

    /** Parses a positive int of at most 9 digits, or -1. */
    static int parsePositiveInt(byte[] b, int from, int to) {
        if (from >= to || to - from > 9) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    static BigDecimal toDecimal(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }

    /** Money text: at least two fraction digits, no trailing zeros beyond them, never exponent notation. */
    static String format(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() < 2) {
            v = v.setScale(2, RoundingMode.UNNECESSARY);
        }
        return v.toPlainString();
    }

    static String formatUnits(long units) {
        return format(toDecimal(units));
    }

    static BigDecimal toDecimal(BigInteger units) {
        return new BigDecimal(units, SCALE);
    }

    static String formatUnits(BigInteger units) {
        return format(toDecimal(units));
    }
}

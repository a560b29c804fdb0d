package dev.twinrun.core.ecommerce;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteOrder;

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
        int len = to - from;
        if (len >= 1 && len <= 8 && from + 8 <= b.length) {
            return parseShortUnits((long) LONGS.get(b, from), len);
        }
        return parseUnitsBytes(b, from, to);
    }

    /**
     * {@link #parseUnits} of the {@code len} (1 to 8) bytes at the low end of {@code raw} (little-endian; the bytes
     * above them are ignored), all at once: the dot found and taken out, every other byte checked to be a digit, and
     * the digits turned into a number by three multiplications, with no branch on the digits or their count.
     */
    static long parseShortUnits(long raw, int len) {
        long lenMask = mask(len);
        long w = raw & lenMask;
        long dots = exactZeroBytes(w ^ DOTS) & lenMask;
        int dotCount = Long.bitCount(dots);
        int dotPos = dotCount == 0 ? len : Long.numberOfTrailingZeros(dots) >>> 3;
        int frac = dotCount == 0 ? 0 : len - dotPos - 1;
        long below = mask(dotPos);
        long digits = (w & below) | ((w >>> 8) & ~below); // the dot taken out: the bytes above it move down one
        long n = mask(len - dotCount);
        boolean valid = dotCount <= 1
                & dotPos > 0
                & (dotCount == 0 | frac > 0)
                & frac <= SCALE
                & (digits & HIGH_BITS & n) == 0 // below 0x80, so adding below cannot carry into the next byte
                & ((digits | (HIGH_BITS & n)) - (ZEROS & n) & HIGH_BITS & n) == (HIGH_BITS & n) // at least '0'
                & ((digits + (0x7F - '9') * ONES) & HIGH_BITS & n) == 0; // at most '9'
        if (!valid) {
            return INVALID;
        }
        // The digits moved up so that the last one is in the highest byte (the lowest byte holds the most significant
        // digit, and the bytes below the first digit are leading zeros), then pairs, fours and eights combined.
        long d = (digits - (ZEROS & n)) << (8 * (8 - (len - dotCount)));
        d = (d * 10 + (d >>> 8)) & 0x00FF00FF00FF00FFL;
        d = (d * 100 + (d >>> 16)) & 0x0000FFFF0000FFFFL;
        d = (d * 10000 + (d >>> 32)) & 0xFFFFFFFFL;
        return d * POW10[SCALE - frac];
    }

    /** The low {@code n} bytes (0 to 8) of a long set. */
    private static long mask(int n) {
        return n >= 8 ? -1L : (1L << (n << 3)) - 1;
    }

    private static long exactZeroBytes(long v) {
        return ~(((v & LOW_BITS) + LOW_BITS) | v | LOW_BITS);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x7f7f7f7f7f7f7f7fL;
    private static final long DOTS = ONES * '.';
    private static final long ZEROS = ONES * '0';
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000};

    /** {@link #parseUnits} byte by byte: any length (and the reference the word path is tested against). */
    static long parseUnitsBytes(byte[] b, int from, int to) {
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

package dev.twinrun.core.spec;

/** Allocation-free parsers from UTF-8 bytes to scaled longs; {@link #INVALID} when the text is not valid. */
final class Values {
    static final long INVALID = Long.MIN_VALUE;
    static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Values() {}

    /**
     * {@code [+-]?[0-9]+(\.[0-9]+)?} with at most {@code precision - scale} integer and {@code scale} fraction
     * digits, as the value times 10^scale.
     */
    static long decimal(byte[] b, int from, int to, int precision, int scale) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long v = 0;
        int digits = 0;
        int maxInt = precision - scale;
        while (i < to && b[i] != '.') {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            if (digits > 0 || d != 0) {
                digits++;
            }
            if (digits > maxInt) {
                return INVALID;
            }
            v = v * 10 + d;
            i++;
        }
        if (i == from || (i == from + 1 && (b[from] == '-' || b[from] == '+'))) {
            return INVALID; // no integer digits
        }
        v *= POW10[scale];
        if (i < to) {
            i++;
            int frac = to - i;
            if (frac < 1 || frac > scale) {
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
            v += f * POW10[scale - frac];
        }
        return negative ? -v : v;
    }

    /** {@code v} (at scale {@code from}) at scale {@code to}, rounding half-even when digits are dropped. */
    static long rescale(long v, int from, int to) {
        if (to >= from) {
            return Math.multiplyExact(v, POW10[to - from]);
        }
        long div = POW10[from - to];
        long q = v / div;
        long r = v % div;
        long twice = Math.abs(r) * 2;
        if (twice > div || (twice == div && (q & 1) != 0)) {
            q += v < 0 ? -1 : 1;
        }
        return q;
    }
}

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

    /** An ISO-8601 local date-time, then {@code Z} or an offset; without either, it is read in {@code zone}. */
    static long isoEpochSecond(byte[] b, int from, int to, java.time.ZoneId zone) {
        int n = to - from;
        if (n < 19) {
            return INVALID;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || b[from + 4] != '-'
                || b[from + 7] != '-'
                || (b[from + 10] != 'T' && b[from + 10] != ' ')
                || b[from + 13] != ':'
                || b[from + 16] != ':'
                || day > daysInMonth(year, month)) {
            return INVALID;
        }
        int i = from + 19;
        if (i < to && b[i] == '.') {
            i++;
            int start = i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == start || i - start > 9) {
                return INVALID;
            }
        }
        long local = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        if (i == to) {
            if (zone.getRules().isFixedOffset()) {
                return local
                        - zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds();
            }
            return java.time.LocalDateTime.ofEpochSecond(local, 0, java.time.ZoneOffset.UTC)
                    .atZone(zone)
                    .toEpochSecond();
        }
        int offsetSeconds;
        if (b[i] == 'Z' && i + 1 == to) {
            offsetSeconds = 0;
        } else if (b[i] == '+' || b[i] == '-') {
            int sign = b[i] == '+' ? 1 : -1;
            int oh;
            int om;
            if (to - i == 6 && b[i + 3] == ':') {
                oh = digits(b, i + 1, 2);
                om = digits(b, i + 4, 2);
            } else if (to - i == 5) {
                oh = digits(b, i + 1, 2);
                om = digits(b, i + 3, 2);
            } else {
                return INVALID;
            }
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return INVALID;
            }
            offsetSeconds = sign * (oh * 3600 + om * 60);
        } else {
            return INVALID;
        }
        return local - offsetSeconds;
    }

    private static int digits(byte[] b, int at, int count) {
        int v = 0;
        for (int k = 0; k < count; k++) {
            int d = b[at + k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
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

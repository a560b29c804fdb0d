package dev.twinrun.core.csv;

import dev.twinrun.core.agg.Hashing;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Parses ISO-8601 date-times from a field's bytes without allocating; the built-in insights and job specs share it. */
public final class Timestamps {
    /** What the parser returns for text that is not a valid date-time. */
    public static final long INVALID = Long.MIN_VALUE;

    private Timestamps() {}

    /**
     * Epoch seconds of {@code YYYY-MM-DD(T| )HH:MM:SS[.f{1,9}]} then {@code Z}, {@code +HH:MM}, {@code -HH:MM} or
     * {@code +HHMM}; without an offset the local time is read in {@code zone}, or is invalid when {@code zone} is null.
     * {@link #INVALID} when the text is not such a time.
     */
    public static long parseEpochSecond(byte[] b, int from, int to, ZoneId zone) {
        if (to - from < 19) {
            return INVALID;
        }
        long hourStart = localHour(b, from);
        return hourStart == INVALID ? INVALID : withinHour(b, from, to, zone, hourStart);
    }

    /**
     * {@link #parseEpochSecond} for one thread that reads many times of the same few hours: the date and hour of the
     * last time read ({@code YYYY-MM-DDTHH}, 13 bytes) are kept, so a time of the same hour parses only its minutes,
     * seconds and offset. Gives exactly what {@link #parseEpochSecond} gives.
     */
    public static final class HourCache {
        private long prefix0;
        private long prefix1;
        private long hourStart = INVALID;

        public long parseEpochSecond(byte[] b, int from, int to, ZoneId zone) {
            if (to - from < 19) {
                return INVALID;
            }
            long w0 = Hashing.word(b, from, 8); // YYYY-MM-
            long w1 = Hashing.word(b, from + 8, 5); // DDTHH
            long h = hourStart;
            if (w0 != prefix0 || w1 != prefix1 || h == INVALID) {
                h = localHour(b, from);
                if (h == INVALID) {
                    return INVALID;
                }
                prefix0 = w0;
                prefix1 = w1;
                hourStart = h;
            }
            return withinHour(b, from, to, zone, h);
        }
    }

    /**
     * The local seconds of {@code YYYY-MM-DD(T| )HH} at {@code b[from..from+13)}, or {@link #INVALID}; the caller has
     * checked that 19 bytes are there.
     */
    private static long localHour(byte[] b, int from) {
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || b[from + 4] != '-'
                || b[from + 7] != '-'
                || (b[from + 10] != 'T' && b[from + 10] != ' ')
                || day > daysInMonth(year, month)) {
            return INVALID;
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L;
    }

    /** The rest of a time after its date and hour ({@code :MM:SS}, fraction, offset), whose local start is given. */
    private static long withinHour(byte[] b, int from, int to, ZoneId zone, long hourStart) {
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (minute < 0 || minute > 59 || second < 0 || second > 59 || b[from + 13] != ':' || b[from + 16] != ':') {
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
        long local = hourStart + minute * 60L + second;
        if (i == to) {
            if (zone == null) {
                return INVALID;
            }
            if (zone.getRules().isFixedOffset()) {
                return local - zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds();
            }
            return LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC)
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
}

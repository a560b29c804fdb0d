package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge (Scheduler) schedule expression and when it next fires: {@code cron(minutes hours day-of-month month
 * day-of-week year)}, {@code rate(value unit)} or {@code at(yyyy-mm-ddThh:mm:ss)}, as
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html describes them. Cron fields take numbers,
 * {@code *}, {@code ?}, lists, ranges and increments, month names JAN-DEC and day names SUN-SAT (1 = Sunday); the
 * wildcards {@code L}, {@code W} and {@code #} are refused (compare then cannot say when the variant runs).
 *
 * <p>A rate schedule fires one period after it was created, which the stack does not tell: {@link #next} answers the
 * latest it can be, one period from now.
 */
public final class Schedule {
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String expression;
    private final ZoneId zone;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final Duration rate;
    private final Instant at;

    private Schedule(String expression, ZoneId zone, BitSet[] cron, Duration rate, Instant at) {
        this.expression = expression;
        this.zone = zone;
        this.minutes = cron == null ? null : cron[0];
        this.hours = cron == null ? null : cron[1];
        this.daysOfMonth = cron == null ? null : cron[2];
        this.months = cron == null ? null : cron[3];
        this.daysOfWeek = cron == null ? null : cron[4];
        this.years = cron == null ? null : cron[5];
        this.rate = rate;
        this.at = at;
    }

    /** Parses {@code expression} in UTC (the Scheduler's default time zone). */
    public static Schedule parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    /** Parses {@code expression} evaluated in {@code zone} (a schedule's ScheduleExpressionTimezone). */
    public static Schedule parse(String expression, ZoneId zone) {
        requireNonNull(expression, "expression");
        requireNonNull(zone, "zone");
        String e = expression.strip();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            if (n < 1) {
                throw new IllegalArgumentException("schedule " + e + ": the rate must be positive");
            }
            ChronoUnit unit = rate.group(2).startsWith("minute")
                    ? ChronoUnit.MINUTES
                    : rate.group(2).startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return new Schedule(e, zone, null, Duration.of(n, unit), null);
        }
        Matcher at = AT.matcher(e);
        if (at.matches()) {
            return new Schedule(
                    e,
                    zone,
                    null,
                    null,
                    LocalDateTime.parse(at.group(1)).atZone(zone).toInstant());
        }
        Matcher cron = CRON.matcher(e);
        if (!cron.matches()) {
            throw new IllegalArgumentException("schedule " + e + ": not a cron(...), rate(...) or at(...) expression");
        }
        String[] f = cron.group(1).strip().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("schedule " + e
                    + ": a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found "
                    + f.length);
        }
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
            throw new IllegalArgumentException(
                    "schedule " + e + ": exactly one of day-of-month and day-of-week must be '?'");
        }
        BitSet[] sets = {
            field(e, "minutes", f[0], 0, 59, List.of()),
            field(e, "hours", f[1], 0, 23, List.of()),
            domAny ? range(1, 31) : field(e, "day-of-month", f[2], 1, 31, List.of()),
            field(e, "month", f[3], 1, 12, MONTHS),
            dowAny ? range(1, 7) : field(e, "day-of-week", f[4], 1, 7, DAYS),
            field(e, "year", f[5], 1970, 2199, List.of())
        };
        return new Schedule(e, zone, sets, null, null);
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /**
     * The first time at or after {@code from} the schedule fires (for a rate: at the latest one period after
     * {@code from}); empty when it never fires again or not within two years.
     */
    public Optional<Instant> next(Instant from) {
        if (rate != null) {
            return Optional.of(from.plus(rate));
        }
        if (at != null) {
            return at.isBefore(from) ? Optional.empty() : Optional.of(at);
        }
        ZonedDateTime t = from.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        if (t.toInstant().isBefore(from)) {
            t = t.plusMinutes(1);
        }
        ZonedDateTime limit = t.plusYears(2);
        while (t.isBefore(limit)) {
            if (!years.get(t.getYear()) || !months.get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!daysOfMonth.get(t.getDayOfMonth())
                    || !daysOfWeek.get(t.getDayOfWeek().getValue() % 7 + 1)) {
                t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS);
            } else if (!hours.get(t.getHour())) {
                t = t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return Optional.of(t.toInstant());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static BitSet field(String e, String name, String text, int min, int max, List<String> names) {
        BitSet out = new BitSet();
        for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
            String bare = part;
            for (String n : names) {
                bare = bare.replace(n, "");
            }
            if (bare.matches(".*[LW#].*")) {
                throw new IllegalArgumentException("schedule " + e + ": the " + name + " field '" + text
                        + "' uses L, W or #, which compare cannot evaluate; set the wait with --await");
            }
            int step = 1;
            String base = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(e, name, part.substring(slash + 1), 1, max, List.of());
                base = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (base.equals("*")) {
                lo = min;
                hi = max;
            } else if (base.contains("-")) {
                String[] ends = base.split("-", 2);
                lo = number(e, name, ends[0], min, max, names);
                hi = number(e, name, ends[1], min, max, names);
                if (hi < lo) {
                    throw new IllegalArgumentException(
                            "schedule " + e + ": the " + name + " range '" + base + "' runs backwards");
                }
            } else {
                lo = number(e, name, base, min, max, names);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String e, String name, String text, int min, int max, List<String> names) {
        int i = names.indexOf(text);
        if (i >= 0) {
            return min + i;
        }
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(
                        "schedule " + e + ": " + name + " " + v + " is outside " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "schedule " + e + ": the " + name + " field has '" + text + "', not a number"
                            + (names.isEmpty() ? "" : " or one of " + names),
                    ex);
        }
    }

    private static BitSet range(int lo, int hi) {
        BitSet b = new BitSet();
        b.set(lo, hi + 1);
        return b;
    }
}

package dev.twinrun.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One UTC hour of input, the unit the job processes; its storage path is {@code dt=YYYY-MM-DD/hour=HH}.
 */
public record HourId(LocalDate date, int hour) implements Comparable<HourId> {

    private static final Pattern PATH = Pattern.compile("(?:^|/)dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})(?:/|$)");
    private static final Pattern TEXT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2})(?::00(?::00)?)?Z?");

    public HourId {
        Objects.requireNonNull(date, "date");
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0..23, was " + hour);
        }
    }

    /** Parses {@code 2026-11-26T13}, {@code 2026-11-26T13:00:00Z} or {@code dt=2026-11-26/hour=13}. */
    public static HourId parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        Optional<HourId> fromPath = fromPath(t);
        if (fromPath.isPresent()) {
            return fromPath.get();
        }
        Matcher m = TEXT.matcher(t);
        if (m.matches()) {
            try {
                return new HourId(LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not an hour: '" + text + "' (" + e.getMessage() + ")", e);
            }
        }
        throw new IllegalArgumentException(
                "not an hour: '" + text + "'; expected 2026-11-26T13 or dt=2026-11-26/hour=13");
    }

    /** The hour a key such as {@code incoming/dt=2026-11-26/hour=13/a.csv} belongs to, if it names one. */
    public static Optional<HourId> fromPath(String key) {
        Matcher m = PATH.matcher(key);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            int h = Integer.parseInt(m.group(2));
            if (h > 23) {
                return Optional.empty();
            }
            return Optional.of(new HourId(LocalDate.parse(m.group(1)), h));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The hour containing the instant. */
    public static HourId of(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return new HourId(t.toLocalDate(), t.getHour());
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} with no slashes around it. */
    public String path() {
        return "dt=" + date + "/hour=" + (hour < 10 ? "0" : "") + hour;
    }

    public Instant start() {
        return date.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    public Instant end() {
        return start().plus(1, ChronoUnit.HOURS);
    }

    public long startEpochSecond() {
        return start().getEpochSecond();
    }

    public HourId previous() {
        return of(start().minus(1, ChronoUnit.HOURS));
    }

    public HourId next() {
        return of(end());
    }

    @Override
    public int compareTo(HourId o) {
        int c = date.compareTo(o.date);
        return c != 0 ? c : Integer.compare(hour, o.hour);
    }

    @Override
    public String toString() {
        return date + "T" + (hour < 10 ? "0" : "") + hour;
    }
}

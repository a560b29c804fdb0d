package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an hour's files land, as offsets from the hour's start: {@code spread} (evenly over the hour, the last one a
 * second before its end), {@code end} (all in the hour's last minute) or {@code late:D} (spread, the last one D after
 * the hour's end, e.g. {@code late:10m}).
 *
 * @param kind   the pattern
 * @param lateMs for {@code late}: how long after the hour's end the last file lands; 0 otherwise
 */
public record Arrival(Kind kind, long lateMs) {
    public static final long HOUR_MS = 3_600_000L;
    private static final Pattern LATE = Pattern.compile("late:(\\d+)(ms|s|m|h)");

    /** The patterns. */
    public enum Kind {
        SPREAD,
        END,
        LATE
    }

    public Arrival {
        requireNonNull(kind, "kind");
        if (lateMs < 0 || (kind == Kind.LATE) != (lateMs > 0)) {
            throw new IllegalArgumentException("a late arrival needs a positive delay, the others none: " + lateMs);
        }
    }

    /** {@code spread}, {@code end} or {@code late:D} (D with ms, s, m or h, positive). */
    public static Arrival parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("spread")) {
            return new Arrival(Kind.SPREAD, 0);
        }
        if (t.equals("end")) {
            return new Arrival(Kind.END, 0);
        }
        Matcher m = LATE.matcher(t);
        if (m.matches() && Long.parseLong(m.group(1)) > 0) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> HOUR_MS;
            };
            return new Arrival(Kind.LATE, n * unit);
        }
        throw new IllegalArgumentException(
                "--arrival must be spread, end or late:DURATION (e.g. late:10m, a positive duration): " + text);
    }

    /** Each file's landing time in ms after the hour's start, ascending; the last one is the hour's last file. */
    public List<Long> offsetsMs(int files) {
        if (files < 1) {
            throw new IllegalArgumentException("files per hour must be at least 1: " + files);
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            long at = switch (kind) {
                case SPREAD, LATE -> (i + 1) * HOUR_MS / files - 1_000;
                case END -> HOUR_MS - 60_000 + i * 60_000L / files;
            };
            out.add(at);
        }
        if (kind == Kind.LATE) {
            out.set(files - 1, HOUR_MS + lateMs);
        }
        return out;
    }

    /** The pattern as the option spells it. */
    public String label() {
        return switch (kind) {
            case SPREAD -> "spread";
            case END -> "end";
            case LATE -> "late:" + (lateMs % 60_000 == 0 ? lateMs / 60_000 + "m" : lateMs + "ms");
        };
    }

    /** In words, for the report. */
    public String describe(int files) {
        return switch (kind) {
            case SPREAD -> files + " file(s) spread evenly over the hour, the last one 1 s before its end";
            case END -> files + " file(s) all in the hour's last minute";
            case LATE ->
                files + " file(s) spread over the hour, the last one " + label().substring(5) + " after its end";
        };
    }
}

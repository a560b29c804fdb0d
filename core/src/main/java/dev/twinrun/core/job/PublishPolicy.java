package dev.twinrun.core.job;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When an hour is published and whether it is {@code provisional} or {@code final}.
 *
 * <p>An hour is <b>final</b> once it has closed and the grace period has passed ({@code now >= hour end + grace}),
 * or once its completion signal is there: the marker object {@code dt=YYYY-MM-DD/hour=HH/<completionMarker>} the
 * exporter writes after the hour's last file, or at least {@code expectedFiles} input files (0: no count). Before
 * that it is <b>provisional</b>: more files may come. The status is part of the manifest and of {@code summary.json},
 * so a provisional and a final publication of the same input are two versions.
 *
 * <p>The S3-event trigger debounces with {@code quiet}: an event publishes the hour at once only when the hour is
 * final; otherwise it only parses the new file, and the schedule publishes the hour once its newest input is
 * {@code quiet} old ({@link #ready}). A {@code quiet} of 0 publishes on every event.
 *
 * <p>Variables: {@code TWINRUN_QUIET_MINUTES} (default 0), {@code TWINRUN_GRACE_MINUTES} (default 0),
 * {@code TWINRUN_EXPECTED_FILES} (default 0), {@code TWINRUN_COMPLETION_MARKER} (default {@code _COMPLETE}).
 *
 * @param quiet how old the newest input of an open hour must be before it is published (provisional); 0 = at once
 * @param grace how long after the hour's end a file may still come before the hour is final
 * @param expectedFiles input files that complete the hour; 0 = no count
 * @param completionMarker the marker file name under the hour's folder that completes the hour (starts with
 *     {@code _}, so it is never input)
 */
public record PublishPolicy(Duration quiet, Duration grace, int expectedFiles, String completionMarker) {
    public static final String QUIET_MINUTES = "TWINRUN_QUIET_MINUTES";
    public static final String GRACE_MINUTES = "TWINRUN_GRACE_MINUTES";
    public static final String EXPECTED_FILES = "TWINRUN_EXPECTED_FILES";
    public static final String COMPLETION_MARKER = "TWINRUN_COMPLETION_MARKER";
    public static final String DEFAULT_MARKER = "_COMPLETE";

    /** The status word in the manifest and {@code summary.json}. */
    public enum Status {
        PROVISIONAL,
        FINAL;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PublishPolicy {
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(completionMarker, "completionMarker");
        if (quiet.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("quiet and grace must be >= 0");
        }
        if (expectedFiles < 0) {
            throw new IllegalArgumentException("expectedFiles must be >= 0, was " + expectedFiles);
        }
        if (!completionMarker.matches("_[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "completionMarker '" + completionMarker + "' must start with '_' and be a plain file name");
        }
    }

    /** No debounce, no grace, no count; the marker {@code _COMPLETE}: a closed hour is final. */
    public static PublishPolicy defaults() {
        return new PublishPolicy(Duration.ZERO, Duration.ZERO, 0, DEFAULT_MARKER);
    }

    /** Reads the variables; the exception lists every problem at once. */
    public static PublishPolicy fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        long quiet = number(env, QUIET_MINUTES, 0, 24 * 60, problems);
        long grace = number(env, GRACE_MINUTES, 0, 7 * 24 * 60, problems);
        long expected = number(env, EXPECTED_FILES, 0, 1_000_000, problems);
        String marker = env.getOrDefault(COMPLETION_MARKER, "");
        marker = marker.isBlank() ? DEFAULT_MARKER : marker.strip();
        if (!marker.matches("_[A-Za-z0-9._-]{1,64}")) {
            problems.add(COMPLETION_MARKER + "='" + marker + "' must start with '_' and be a plain file name");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid twinrun configuration: " + String.join("; ", problems));
        }
        return new PublishPolicy(Duration.ofMinutes(quiet), Duration.ofMinutes(grace), (int) expected, marker);
    }

    private static long number(Map<String, String> env, String name, long min, long max, List<String> problems) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return min;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < min || n > max) {
                problems.add(name + "='" + v + "' is not between " + min + " and " + max);
                return min;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + "='" + v + "' is not a whole number");
            return min;
        }
    }

    /** The hour's status at {@code now}: final after its end plus grace, or with its completion signal. */
    public Status status(HourId hour, int inputFiles, boolean markerPresent, Instant now) {
        boolean complete = markerPresent || (expectedFiles > 0 && inputFiles >= expectedFiles);
        return complete || !now.isBefore(hour.end().plus(grace)) ? Status.FINAL : Status.PROVISIONAL;
    }

    /**
     * Whether a due hour may be published at {@code now}: it is final, or there is no debounce, or its newest input
     * arrived at least {@code quiet} ago (an hour with no known arrival time counts as quiet).
     */
    public boolean ready(Status status, Optional<Instant> newestArrival, Instant now) {
        return status == Status.FINAL
                || quiet.isZero()
                || newestArrival.isEmpty()
                || !now.isBefore(newestArrival.get().plus(quiet));
    }
}

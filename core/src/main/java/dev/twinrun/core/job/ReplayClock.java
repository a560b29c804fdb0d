package dev.twinrun.core.job;

import dev.twinrun.core.ConfigException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clock for replaying hours faster than real time ({@code twinrun compare --arrival}): it shows {@code simStart} at
 * the wall-clock instant {@code realStartEpochMs} and runs {@code timescale} times faster, so the publish policy's
 * quiet period and grace ({@link PublishPolicy}) pass on the replay's clock, not the wall clock. Set in a deployed
 * function's environment as {@value #VARIABLE}{@code =SIM_START@REAL_START_EPOCH_MSxTIMESCALE}, e.g.
 * {@code 2026-01-05T00:00:00Z@1767571200000x600}; unset (every deployment) the job uses the system clock.
 */
public final class ReplayClock extends Clock {
    /** The variable that sets it. */
    public static final String VARIABLE = "TWINRUN_REPLAY_CLOCK";

    private static final Pattern FORMAT = Pattern.compile("([^@]+)@(\\d+)x(\\d+(?:\\.\\d+)?)");

    private final Instant simStart;
    private final long realStartEpochMs;
    private final double timescale;

    public ReplayClock(Instant simStart, long realStartEpochMs, double timescale) {
        this.simStart = Objects.requireNonNull(simStart, "simStart");
        if (!(timescale >= 1)) {
            throw new IllegalArgumentException("timescale must be at least 1: " + timescale);
        }
        this.realStartEpochMs = realStartEpochMs;
        this.timescale = timescale;
    }

    /** The variable's value for this clock. */
    public String value() {
        return simStart + "@" + realStartEpochMs + "x" + timescale;
    }

    /** The clock {@value #VARIABLE} describes, or the system clock when it is unset. */
    public static Clock fromEnv(Map<String, String> env) {
        String v = env.getOrDefault(VARIABLE, "").strip();
        if (v.isEmpty()) {
            return Clock.systemUTC();
        }
        Matcher m = FORMAT.matcher(v);
        try {
            if (m.matches()) {
                return new ReplayClock(
                        Instant.parse(m.group(1)), Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)));
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException("invalid twinrun configuration: " + VARIABLE + "='" + v
                + "' is not SIM_START@REAL_START_EPOCH_MSxTIMESCALE (e.g. 2026-01-05T00:00:00Z@1767571200000x600)");
    }

    @Override
    public Instant instant() {
        return simStart.plusMillis((long) ((System.currentTimeMillis() - realStartEpochMs) * timescale));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("a replay clock is UTC");
    }
}

package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.core.job.ReplayClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A clock the harness controls: simulated time starts at {@code simStart} when the clock is made and runs
 * {@code timescale} times faster than real time (600: an hour in 6 s). Only waits are compressed: what the variants
 * do runs, and is measured, in real time.
 */
public final class CompressedClock {
    private final Instant simStart;
    private final double timescale;
    private final long realStartNanos;

    public CompressedClock(Instant simStart, double timescale) {
        this.simStart = requireNonNull(simStart, "simStart");
        if (!(timescale >= 1)) {
            throw new IllegalArgumentException("timescale must be at least 1: " + timescale);
        }
        this.timescale = timescale;
        this.realStartNanos = System.nanoTime();
    }

    public double timescale() {
        return timescale;
    }

    /** The {@link System#nanoTime()} at which the clock shows {@code sim}. */
    public long realNanosAt(Instant sim) {
        return realStartNanos + (long) (Duration.between(simStart, sim).toNanos() / timescale);
    }

    /**
     * This clock for another process ({@code TWINRUN_REPLAY_CLOCK}): the simulated start at the wall-clock instant
     * this clock was made, the same timescale.
     */
    public ReplayClock replay() {
        long realStartEpochMs = System.currentTimeMillis() - (System.nanoTime() - realStartNanos) / 1_000_000;
        return new ReplayClock(simStart, realStartEpochMs, timescale);
    }

    /** The simulated instant now. */
    public Instant simNow() {
        return simStart.plusNanos((long) ((System.nanoTime() - realStartNanos) * timescale));
    }

    /** Sleeps until the clock shows {@code sim} (returns at once when it is past). */
    public void sleepUntil(Instant sim) throws InterruptedException {
        long waitNanos = realNanosAt(sim) - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}

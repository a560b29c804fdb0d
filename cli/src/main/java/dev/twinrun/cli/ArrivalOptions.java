package dev.twinrun.cli;

import dev.twinrun.benchmarks.analysis.CompareRun;
import dev.twinrun.benchmarks.measure.Arrival;
import java.math.BigDecimal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code compare}'s time-to-insight options: hours whose files land over time ({@code --arrival}, with
 * {@code --files-per-hour}), the compressed clock they land on ({@code --timescale}) and the freshness target of the
 * verdict ({@code --fresh-within}). Without {@code --arrival} nothing of it runs.
 */
public final class ArrivalOptions {
    /** An hour's arrivals in 6 s of real time. */
    static final double DEFAULT_TIMESCALE = 600;

    @Option(
            names = "--arrival",
            paramLabel = "spread|end|late:D",
            description = "Also measure time to insight per trigger on hours whose --files-per-hour files land over"
                    + " time: spread (over the hour), end (its last minute), late:D (the last one D after its end,"
                    + " e.g. late:10m); embedded target only.")
    String arrival;

    @Option(
            names = "--timescale",
            paramLabel = "N",
            description = "With --arrival: simulated seconds per real second of the arrival clock (default: 600, an"
                    + " hour's arrivals in 6 s); runs are measured in real time.")
    Double timescale;

    @Option(
            names = "--fresh-within",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "With --arrival: the verdict also names the cheapest trigger whose p90 time to insight is"
                    + " within this (e.g. 10m).")
    BigDecimal freshWithinMs;

    /** The arrival experiment asked for, or null; bad combinations fail as usage errors. */
    CompareRun.Arrivals resolve(CommandSpec spec, boolean userInput) {
        if (arrival == null) {
            if (timescale != null || freshWithinMs != null) {
                throw new ParameterException(
                        spec.commandLine(), "--timescale and --fresh-within need --arrival spread|end|late:D");
            }
            return null;
        }
        if (userInput) {
            throw new ParameterException(
                    spec.commandLine(), "--arrival replays generated hours; it cannot be used with --input");
        }
        Arrival a;
        try {
            a = Arrival.parse(arrival);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        double scale = timescale == null ? DEFAULT_TIMESCALE : timescale;
        if (!(scale >= 1)) {
            throw new ParameterException(spec.commandLine(), "--timescale must be at least 1: " + timescale);
        }
        if (freshWithinMs != null && freshWithinMs.signum() <= 0) {
            throw new ParameterException(spec.commandLine(), "--fresh-within must be positive: " + freshWithinMs);
        }
        return new CompareRun.Arrivals(a, scale, freshWithinMs == null ? null : freshWithinMs.longValue());
    }
}

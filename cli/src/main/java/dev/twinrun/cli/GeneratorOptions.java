package dev.twinrun.cli;

import dev.twinrun.core.HourId;
import dev.twinrun.pricing.DataSize;
import picocli.CommandLine.Option;

/** What the event generator writes, shared by {@code generate} and {@code compare}; each gives its own defaults. */
public final class GeneratorOptions {
    /** The generator seed both commands default to. */
    public static final long DEFAULT_SEED = 42;

    @Option(
            names = "--size",
            converter = SizeConverter.class,
            paramLabel = "SIZE",
            description = "Input per hour, e.g. 20MB, 100MB, 1GB (default: ${DEFAULT-VALUE}).")
    DataSize size;

    @Option(names = "--hours", description = "Consecutive hours generated (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--files-per-hour", description = "CSV files per hour (default: ${DEFAULT-VALUE}).")
    int filesPerHour = 1;

    @Option(
            names = "--first-hour",
            paramLabel = "HOUR",
            description = "First generated hour, e.g. 2026-11-26T13 (default: generate: the hours just before now;"
                    + " compare: 2026-01-05T00).")
    String firstHour;

    @Option(
            names = "--bad-rows",
            description = "Share of bad rows, 0..1, spread over several kinds (default: ${DEFAULT-VALUE}).")
    double badRows;

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT_SEED;

    GeneratorOptions(String size, int hours, double badRows) {
        this.size = DataSize.parse(size);
        this.hours = hours;
        this.badRows = badRows;
    }

    /** {@code --first-hour}, else {@code otherwise}. */
    HourId firstHourOr(HourId otherwise) {
        return firstHour == null ? otherwise : HourId.parse(firstHour);
    }
}

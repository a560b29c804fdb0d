package dev.twinrun.cli;

import dev.twinrun.pricing.DataSize;
import picocli.CommandLine.Option;

/**
 * The one generated hour a benchmark runs on ({@code bench lambda|ec2|fanout}); the option names are {@code generate}'s
 * and {@code compare}'s, and each benchmark gives its own defaults.
 */
final class BenchHourOptions {
    @Option(
            names = "--size",
            converter = SizeConverter.class,
            paramLabel = "SIZE",
            description = "Size of the generated hour, e.g. 20MB, 1GB (default: ${DEFAULT-VALUE}).")
    DataSize size;

    @Option(names = "--files-per-hour", description = "CSV files of the hour (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--bad-rows", description = "Share of bad rows generated, 0..1 (default: ${DEFAULT-VALUE}).")
    double badRows;

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = GeneratorOptions.DEFAULT_SEED;

    BenchHourOptions(String size, int files, double badRows) {
        this.size = DataSize.parse(size);
        this.files = files;
        this.badRows = badRows;
    }
}

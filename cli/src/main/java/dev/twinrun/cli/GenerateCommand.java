package dev.twinrun.cli;

import dev.twinrun.core.HourId;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.Stores;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twinrun generate}: deterministic hourly e-commerce event files. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write deterministic, realistic hourly event CSVs (same options, same bytes).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "data/incoming",
            description = "Folder or s3://bucket/prefix; files go to dt=YYYY-MM-DD/hour=HH/ below it (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--size", defaultValue = "10MB", converter = Sizes.class,
            description = "Bytes per hour, e.g. 100MB, 1GB (default: ${DEFAULT-VALUE}).")
    long sizeBytes;

    @Option(names = "--hours", defaultValue = "1", description = "Number of consecutive hours (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--files-per-hour", defaultValue = "1", description = "Files per hour (default: ${DEFAULT-VALUE}).")
    int filesPerHour;

    @Option(names = "--start", description = "First hour, e.g. 2026-11-26T13 (default: the hours just before now).")
    String start;

    @Option(names = "--bad-rows", defaultValue = "0.0",
            description = "Share of bad rows, 0..1, spread over several kinds (default: ${DEFAULT-VALUE}).")
    double badRows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (hours < 1 || filesPerHour < 1) {
            throw new IllegalArgumentException("--hours and --files-per-hour must be >= 1");
        }
        HourId first = start != null ? HourId.parse(start) : defaultStart(hours);
        EventGenerator gen = new EventGenerator(seed, badRows);
        ObjectStore store = Stores.open(out);
        HourId h = first;
        for (int i = 0; i < hours; i++) {
            gen.writeHour(store, h, sizeBytes, filesPerHour);
            System.out.printf("generated %s: %d file(s), %s, bad-row share %.4f -> %s%n", h, filesPerHour,
                    Sizes.format(sizeBytes), badRows, store.describe() + "/" + h.path());
            h = h.next();
        }
        return 0;
    }

    /** The {@code hours} hours that end with the last complete hour. */
    static HourId defaultStart(int hours) {
        HourId h = HourId.of(Instant.now()).previous();
        for (int i = 1; i < hours; i++) {
            h = h.previous();
        }
        return h;
    }
}

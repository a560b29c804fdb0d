package dev.twinrun.cli;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.Stores;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code twinrun generate}: deterministic hourly e-commerce event files. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Write deterministic, realistic hourly event CSVs (same options, same bytes).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            defaultValue = "data/incoming",
            description =
                    "Folder or s3://bucket/prefix; files go to dt=YYYY-MM-DD/hour=HH/ below it (default: ${DEFAULT-VALUE}).")
    String out;

    @Mixin
    GeneratorOptions generator = new GeneratorOptions("10MB", 1, 0.0);

    /** The former name of {@code --first-hour}. */
    @Option(names = "--start", hidden = true, paramLabel = "HOUR")
    String start;

    @Override
    public Integer call() throws Exception {
        if (generator.hours < 1 || generator.filesPerHour < 1) {
            throw new IllegalArgumentException("--hours and --files-per-hour must be >= 1");
        }
        if (start != null && generator.firstHour == null) {
            generator.firstHour = start;
        }
        EventGenerator gen = new EventGenerator(generator.seed, generator.badRows);
        ObjectStore store = Stores.open(out);
        HourId h = generator.firstHourOr(defaultStart(generator.hours));
        for (int i = 0; i < generator.hours; i++) {
            gen.writeHour(store, h, generator.size.bytes(), generator.filesPerHour);
            System.out.printf(
                    "generated %s: %d file(s), %s, bad-row share %.4f -> %s%n",
                    h, generator.filesPerHour, generator.size, generator.badRows, Locations.under(store, h.path()));
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

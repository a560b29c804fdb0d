package dev.twinrun.cli;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.spec.SpecTransformation;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.core.transform.SkippedInput;
import dev.twinrun.core.transform.Transformations;
import dev.twinrun.pricing.DataSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twinrun transform}: runs the core job on hours of input, locally or on S3. */
@Command(
        name = "transform",
        mixinStandardHelpOptions = true,
        description = {
            "Run the hourly job: read dt=../hour=../*.csv, aggregate, publish insights/ and quarantine/.",
            "Exit codes: 0 done, 1 storage or other failure, 3 an input file is unusable (nothing published for it)."
        })
public final class TransformCommand implements Callable<Integer> {
    @Option(
            names = "--input",
            defaultValue = "data/incoming",
            description =
                    "Folder or s3://bucket/prefix holding dt=YYYY-MM-DD/hour=HH/*.csv (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(
            names = "--output",
            defaultValue = "data/out",
            description =
                    "Folder or s3://bucket/prefix receiving insights/ and quarantine/ (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--hour", description = "Hour(s) to process, e.g. 2026-11-26T13 (default: every hour with input).")
    List<String> hours = new ArrayList<>();

    @Option(names = "--threads", description = "Parser threads (default: available processors).")
    Integer threads;

    @Option(names = "--force", description = "Reprocess hours whose published result is already current.")
    boolean force;

    @Option(
            names = "--transformation",
            defaultValue = Transformations.DEFAULT,
            description = "Built-in name or class name (default: ${DEFAULT-VALUE}).")
    String transformation;

    @Option(
            names = "--job",
            paramLabel = "FILE",
            description = "A job spec (.json, see docs/JOBS.md) to run instead of --transformation.")
    Path job;

    @Option(
            names = "--generate",
            converter = SizeConverter.class,
            paramLabel = "SIZE",
            description = "First generate one hour of sample data of this size (1%% bad rows) into --input.")
    DataSize generate;

    @Override
    public Integer call() throws Exception {
        ObjectStore in = Stores.open(input);
        ObjectStore out = Stores.open(output);
        if (generate != null) {
            HourId h = hours.isEmpty() ? GenerateCommand.defaultStart(1) : HourId.parse(hours.get(0));
            new EventGenerator(GeneratorOptions.DEFAULT_SEED, 0.01).writeHour(in, h, generate.bytes(), 1);
            System.out.printf("generated %s of sample events for %s in %s%n", generate, h, in.describe());
        }
        JobOptions options = JobOptions.defaults().withForce(force);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        if (this.job != null && !transformation.equals(Transformations.DEFAULT)) {
            System.err.println("--job and --transformation select the same thing; give one");
            return 2;
        }
        // The spec is read and validated here, before any row.
        HourJob job = new HourJob(
                in,
                out,
                this.job != null ? SpecTransformation.fromFile(this.job) : Transformations.byName(transformation),
                options);
        List<HourId> todo = new ArrayList<>();
        for (String h : hours) {
            todo.add(HourId.parse(h));
        }
        if (todo.isEmpty()) {
            todo.addAll(job.hoursWithInput());
        }
        if (todo.isEmpty()) {
            System.err.println("no input: nothing under " + in.describe() + " matches dt=YYYY-MM-DD/hour=HH/*.csv"
                    + " (try ./twinrun generate, or --generate 100MB)");
            return 1;
        }
        int status = 0;
        for (HourId h : todo) {
            try {
                RunResult r = job.run(h);
                long ms = Math.max(1, r.durationMs());
                System.out.printf(
                        "%s %-15s files=%d rows_read=%d aggregated=%d quarantined=%d bytes=%d in %d ms (%.1f MiB/s)%n",
                        h,
                        r.outcome(),
                        r.files(),
                        r.rowsRead(),
                        r.rowsAggregated(),
                        r.rowsQuarantined(),
                        r.bytesRead(),
                        r.durationMs(),
                        r.bytesRead() / 1048576.0 / (ms / 1000.0));
                for (SkippedInput s : r.skippedInputs()) {
                    System.err.printf(
                            "%s skipped %s: %s (%s)%n", h, Locations.under(in, s.key()), s.reason(), s.detail());
                }
                if (r.outcome() == RunResult.Outcome.PUBLISHED) {
                    String key = HourJob.published(out, h)
                            .flatMap(p -> p.key(this.job != null ? "summary.json" : "summary.md"))
                            .orElse(HourJob.insightsKey(h, HourJob.MANIFEST));
                    System.out.printf("  -> %s%n", Locations.under(out, key));
                }
            } catch (UnusableInputException e) {
                System.err.printf(
                        "%s FAILED: unusable input %s: %s (nothing published for this hour)%n",
                        h, e.file(), e.reason());
                status = Math.max(status, 3);
            }
        }
        return status;
    }
}

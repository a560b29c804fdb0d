package dev.twinrun.cli;

import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.ExperimentSettings.Target;
import dev.twinrun.benchmarks.measure.UserInput;
import dev.twinrun.core.HourId;
import dev.twinrun.core.spec.SpecTransformation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code compare}'s "your data, your job" options: the user's own hours ({@code --input}, {@code --hour},
 * {@code --last}) instead of generated ones, and a job spec ({@code --job}) instead of the built-in job.
 */
public final class InputOptions {
    /** The generator's options, which describe generated data and so mean nothing with {@code --input}. */
    static final List<String> GENERATOR_OPTIONS =
            List.of("--size", "--hours", "--files-per-hour", "--first-hour", "--bad-rows", "--seed");

    @Option(
            names = "--input",
            paramLabel = "DIR|s3://bucket/prefix",
            description = "Your hours instead of generated ones: dt=YYYY-MM-DD/hour=HH/*.csv, or a flat folder of .csv"
                    + " files each in the hour (UTC) of its last-modified time; copied once, both variants read"
                    + " exactly those bytes (docs/JOBS.md). Embedded and localstack targets.")
    String input;

    @Option(
            names = "--hour",
            split = ",",
            paramLabel = "HOUR[,HOUR...]",
            description = "With --input: only these hours, e.g. 2026-11-26T13 (default: every hour with input).")
    List<String> hours;

    @Option(
            names = "--last",
            paramLabel = "N",
            description = "With --input: the last N hours with input (default: every hour with input).")
    Integer last;

    @Option(
            names = "--job",
            paramLabel = "FILE",
            description = "A job spec (.json, docs/JOBS.md) both variants run instead of the built-in job"
                    + " (TWINRUN_JOB_SPEC); embedded target only.")
    Path job;

    /**
     * Checks the options against each other and the target, reads the job spec (an invalid one fails here, naming
     * its line, before anything runs) and the input's hours; returns the settings to run, printing what was chosen.
     */
    ExperimentSettings apply(ExperimentSettings settings, CommandSpec spec, PrintWriter out) throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (input == null && (hours != null || last != null)) {
            throw new IllegalArgumentException("--hour and --last choose hours of --input; give --input DIR");
        }
        if (hours != null && last != null) {
            throw new IllegalArgumentException("--hour and --last both choose the hours of --input; give one");
        }
        if (job != null) {
            if (settings.target() != Target.EMBEDDED) {
                throw new IllegalArgumentException("--job runs on --target embedded only: on LocalStack and AWS the"
                        + " spec must ship with the function and the instance (docs/JOBS.md)");
            }
            SpecTransformation t = SpecTransformation.fromFile(job);
            out.printf("job: %s from %s (both variants)%n", t.name(), job);
        }
        if (input == null) {
            return settings;
        }
        if (settings.target() == Target.AWS) {
            throw new IllegalArgumentException("--input runs on --target embedded or localstack; on AWS, upload the"
                    + " hours to the data bucket's incoming/ prefix, where the deployed variants read them");
        }
        for (String o : GENERATOR_OPTIONS) {
            if (parsed.hasMatchedOption(o)) {
                throw new IllegalArgumentException(
                        o + " describes generated data; with --input the hours, sizes and files are your files'");
            }
        }
        List<HourId> only =
                hours == null ? null : hours.stream().map(HourId::parse).toList();
        UserInput.Plan plan = UserInput.scan(input, only, last);
        out.printf(
                "input: %s, %d hours, %d files, %,d bytes (%s); nothing generated%n",
                input, plan.hourIds().size(), plan.files(), plan.bytes(), plan.layout());
        return settings.withInput(plan);
    }
}

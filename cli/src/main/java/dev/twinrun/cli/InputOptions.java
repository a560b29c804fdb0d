package dev.twinrun.cli;

import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.ExperimentSettings.Target;
import dev.twinrun.benchmarks.measure.UserInput;
import dev.twinrun.benchmarks.measure.UserJar;
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
                    + " (the Lambda zip gets it as job/job.json, TWINRUN_JOB_SPEC); embedded and localstack targets.")
    Path job;

    @Option(
            names = "--transformation-jar",
            paramLabel = "JAR",
            description = "Your own Java transformation's jar (your classes only; the core comes with twinrun): the"
                    + " Lambda zip gets it in lib/, the EC2 runner on its classpath. With --transformation.")
    Path transformationJar;

    @Option(
            names = "--transformation",
            paramLabel = "CLASS",
            description =
                    "With --transformation-jar: the class implementing dev.twinrun.core.transform.Transformation.")
    String transformation;

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
            if (settings.target() == Target.AWS) {
                throw new IllegalArgumentException("--job runs on --target embedded or localstack: on AWS the spec"
                        + " ships with the deployment (infra -c job=FILE, docs/JOBS.md)");
            }
            SpecTransformation t = SpecTransformation.fromFile(job);
            out.printf("job: %s from %s (both variants)%n", t.name(), job);
        }
        if ((transformationJar == null) != (transformation == null)) {
            throw new IllegalArgumentException(
                    "--transformation-jar and --transformation go together: the jar and" + " the class in it");
        }
        if (transformationJar != null) {
            if (job != null) {
                throw new IllegalArgumentException("--job and --transformation-jar select the same thing; give one");
            }
            if (settings.target() == Target.AWS) {
                throw new IllegalArgumentException(
                        "--transformation-jar runs on --target embedded or localstack: on"
                                + " AWS the jar ships with the deployment (infra -c transformationJar=... -c transformation=...)");
            }
            UserJar jar = new UserJar(transformationJar, transformation);
            out.printf("job: %s from %s (both variants)%n", jar.load().name(), transformationJar);
            settings = settings.withUserJar(jar);
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

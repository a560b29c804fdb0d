package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.core.HourId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code twinrun compare} measures and where.
 *
 * @param target        where both variants run
 * @param sizeBytes     input bytes per hour
 * @param hours         hours generated; each Lambda repetition runs one cold then {@code hours - 1} warm invocations,
 *                      each EC2 repetition one fresh JVM per hour
 * @param filesPerHour  CSV files per hour
 * @param firstHour     the first generated hour (a fixed date, so the same options give the same bytes)
 * @param seed          generator seed
 * @param badRowRatio   share of deliberately bad rows (quarantined by the job)
 * @param lambdaMemoryMb memory sizes run through the forked Lambda runtime
 * @param arches        Lambda architectures to price; only the host's is measured, others are modelled
 * @param repetitions   how many times each variant processes every hour (a fresh bucket prefix each time)
 * @param instanceType  the EC2 instance type the EC2 measurements are priced as (its vCPUs and memory shape the JVM)
 * @param outDir        report directory: raw.jsonl, stats.json, the reports, and the run's working files
 * @param lambdaZip     the deployment zip ({@code lambda-adapter/target/twinrun-lambda.zip})
 * @param ec2Jar        the runner jar ({@code ec2-adapter/target/twinrun-ec2.jar})
 * @param jobSpec       a job spec file both variants run instead of the built-in job, or null
 * @param input         the user's hours ({@code compare --input}) both variants run on instead of generated ones, or
 *                      null; {@code sizeBytes}, {@code hours}, {@code filesPerHour} and {@code firstHour} then describe
 *                      them
 * @param userJar       a user's transformation jar and class both variants run instead of the built-in job, or null
 */
public record ExperimentSettings(
        Target target,
        long sizeBytes,
        int hours,
        int filesPerHour,
        HourId firstHour,
        long seed,
        double badRowRatio,
        List<Integer> lambdaMemoryMb,
        List<String> arches,
        int repetitions,
        String instanceType,
        Path outDir,
        Path lambdaZip,
        Path ec2Jar,
        Path jobSpec,
        UserInput.Plan input,
        UserJar userJar) {

    /** Where the variants run. */
    public enum Target {
        EMBEDDED,
        LOCALSTACK,
        AWS
    }

    /** The first hour generated unless told otherwise. */
    public static final HourId DEFAULT_FIRST_HOUR = HourId.parse("2026-01-05T00");

    public ExperimentSettings {
        requireNonNull(target, "target");
        requireNonNull(firstHour, "firstHour");
        requireNonNull(instanceType, "instanceType");
        requireNonNull(outDir, "outDir");
        if (jobSpec != null && userJar != null) {
            throw new IllegalArgumentException("--job and --transformation-jar select the same thing; give one");
        }
        lambdaMemoryMb = List.copyOf(lambdaMemoryMb);
        arches = List.copyOf(arches);
        if (sizeBytes < 1) {
            throw new IllegalArgumentException("--size must be positive");
        }
        if (hours < 2) {
            throw new IllegalArgumentException(
                    input != null
                            ? "--input " + input.location() + " has " + hours
                                    + " hour of input; compare needs at least 2"
                                    + " (one cold and one warm Lambda invocation)"
                            : "--hours must be at least 2 (one cold and one warm Lambda invocation)");
        }
        if (hours > 168) {
            throw new IllegalArgumentException("--hours must be at most 168");
        }
        if (filesPerHour < 1) {
            throw new IllegalArgumentException("--files-per-hour must be positive");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("--repetitions must be positive");
        }
        if (lambdaMemoryMb.isEmpty()) {
            throw new IllegalArgumentException("--lambda-memory needs at least one size");
        }
        for (int mb : lambdaMemoryMb) {
            if (mb < 128 || mb > 10_240) {
                throw new IllegalArgumentException("--lambda-memory sizes must be 128..10240 MB, was " + mb);
            }
        }
        if (arches.isEmpty()) {
            throw new IllegalArgumentException("--arch needs at least one architecture");
        }
        for (String a : arches) {
            if (!a.equals("x86_64") && !a.equals("arm64")) {
                throw new IllegalArgumentException("--arch must be x86_64 or arm64, was " + a);
            }
        }
    }

    /** Settings running on generated hours. */
    public ExperimentSettings(
            Target target,
            long sizeBytes,
            int hours,
            int filesPerHour,
            HourId firstHour,
            long seed,
            double badRowRatio,
            List<Integer> lambdaMemoryMb,
            List<String> arches,
            int repetitions,
            String instanceType,
            Path outDir,
            Path lambdaZip,
            Path ec2Jar,
            Path jobSpec) {
        this(
                target,
                sizeBytes,
                hours,
                filesPerHour,
                firstHour,
                seed,
                badRowRatio,
                lambdaMemoryMb,
                arches,
                repetitions,
                instanceType,
                outDir,
                lambdaZip,
                ec2Jar,
                jobSpec,
                null,
                null);
    }

    /** The same settings running a user's transformation class from a jar. */
    public ExperimentSettings withUserJar(UserJar jar) {
        return new ExperimentSettings(
                target,
                sizeBytes,
                hours,
                filesPerHour,
                firstHour,
                seed,
                badRowRatio,
                lambdaMemoryMb,
                arches,
                repetitions,
                instanceType,
                outDir,
                lambdaZip,
                ec2Jar,
                jobSpec,
                input,
                jar);
    }

    /** The same settings on the user's hours: their count, first hour, files per hour and bytes per hour. */
    public ExperimentSettings withInput(UserInput.Plan plan) {
        return new ExperimentSettings(
                target,
                plan.bytesPerHour(),
                plan.hourIds().size(),
                plan.filesPerHour(),
                plan.hourIds().get(0),
                seed,
                badRowRatio,
                lambdaMemoryMb,
                arches,
                repetitions,
                instanceType,
                outDir,
                lambdaZip,
                ec2Jar,
                jobSpec,
                plan,
                userJar);
    }

    /** Settings running the built-in job. */
    public ExperimentSettings(
            Target target,
            long sizeBytes,
            int hours,
            int filesPerHour,
            HourId firstHour,
            long seed,
            double badRowRatio,
            List<Integer> lambdaMemoryMb,
            List<String> arches,
            int repetitions,
            String instanceType,
            Path outDir,
            Path lambdaZip,
            Path ec2Jar) {
        this(
                target,
                sizeBytes,
                hours,
                filesPerHour,
                firstHour,
                seed,
                badRowRatio,
                lambdaMemoryMb,
                arches,
                repetitions,
                instanceType,
                outDir,
                lambdaZip,
                ec2Jar,
                null,
                null,
                null);
    }

    /** The hours this experiment runs (generated, or the user's), oldest first. */
    public List<HourId> hourIds() {
        if (input != null) {
            return input.hourIds();
        }
        ArrayList<HourId> out = new ArrayList<>();
        HourId h = firstHour;
        for (int i = 0; i < hours; i++) {
            out.add(h);
            h = h.next();
        }
        return out;
    }

    /** The raw measurements file. */
    public Path rawFile() {
        return outDir.resolve("raw.jsonl");
    }

    /** The architecture of this machine, as Lambda names it. */
    public static String hostArch() {
        String a = System.getProperty("os.arch", "");
        return a.equals("aarch64") || a.equals("arm64") ? "arm64" : "x86_64";
    }
}

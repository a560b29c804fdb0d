package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.stats.InputData;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs both variants on the same generated hours and writes one raw record per invocation to {@code raw.jsonl} as it
 * is measured (statistics are a separate step: benchmarks.analysis.Comparison). Lambda: per memory size and repetition, a fresh
 * forked runtime, cold on the first hour and warm on the others. EC2: per repetition, a fresh JVM per hour.
 */
public final class Experiment {
    /** The bucket the local targets create. */
    public static final String BUCKET = "twinrun-compare";

    private Experiment() {}

    /**
     * What was run: the raw file and its records, the hours, and whether both variants published the same summaries.
     *
     * @param outputCheck byte-for-byte comparison of each hour's {@code summary.json} across variants
     * @param wallMs      the experiment's own wall time
     * @param data        what both variants ran on (hours, files, bytes, rows, hash); null when not described
     */
    public record Result(
            Path rawFile,
            List<InvocationRecord> records,
            List<HourId> hours,
            OutputCheck outputCheck,
            long wallMs,
            InputData data) {
        public Result {
            records = List.copyOf(records);
            hours = List.copyOf(hours);
        }

        public Result(
                Path rawFile,
                List<InvocationRecord> records,
                List<HourId> hours,
                OutputCheck outputCheck,
                long wallMs) {
            this(rawFile, records, hours, outputCheck, wallMs, null);
        }
    }

    /**
     * Every hour's {@code summary.json} of every Lambda memory size (first repetition) against EC2's.
     *
     * @param comparisons  pairs compared (hours x Lambda memory sizes)
     * @param identical    pairs byte-identical
     * @param differences  what differed or was missing
     */
    public record OutputCheck(int comparisons, int identical, List<String> differences) {
        public OutputCheck {
            differences = List.copyOf(differences);
        }

        public boolean allIdentical() {
            return comparisons > 0 && identical == comparisons;
        }
    }

    /** Steps the progress bar will count for these settings. */
    public static int steps(ExperimentSettings s) {
        return s.hours() + s.repetitions() * s.hours() * (s.lambdaMemoryMb().size() + 1);
    }

    /** Runs the embedded target: an in-process S3 server keeping objects under {@code outDir/s3}. */
    public static Result runEmbedded(ExperimentSettings s, ProgressBar bar, Consumer<String> warn) throws Exception {
        QuietLogging.apply();
        Path store = Files.createDirectories(s.outDir().resolve("work/s3"));
        deleteTree(store);
        Files.createDirectories(store);
        try (EmbeddedS3 s3 = EmbeddedS3.start(store)) {
            s3.createBucket(BUCKET);
            Bucket bucket =
                    new Bucket(s3.endpoint(), s3.client(), BUCKET, EmbeddedS3.ACCESS_KEY, "us-east-1").withJobOf(s);
            return runLocal(s, bucket, bar, warn);
        }
    }

    /**
     * Both variants as local processes against {@code bucket}: the Lambda zip in the forked runtime, the runner jar as
     * cron ticks. Used by the embedded target, and by the LocalStack target for its S3.
     */
    public static Result runLocal(ExperimentSettings s, Bucket bucket, ProgressBar bar, Consumer<String> warn)
            throws Exception {
        return runLocal(
                s,
                bucket,
                (b, mb, arch, rep, hours, size, sink, w, pb) ->
                        LambdaVariant.run(FunctionZip.forJob(s), b, mb, arch, rep, hours, size, sink, w, pb),
                bar,
                warn);
    }

    /** Runs one Lambda memory size for one repetition: every hour, the first invocation cold. */
    @FunctionalInterface
    public interface LambdaRunner {
        void run(
                Bucket bucket,
                int memoryMb,
                String arch,
                int repetition,
                Map<HourId, List<String>> hours,
                long sizeBytes,
                Consumer<InvocationRecord> sink,
                Consumer<String> warn,
                ProgressBar bar)
                throws Exception;
    }

    /** As {@link #runLocal(ExperimentSettings, Bucket, ProgressBar, Consumer)} with another way to run the function. */
    public static Result runLocal(
            ExperimentSettings s, Bucket bucket, LambdaRunner lambda, ProgressBar bar, Consumer<String> warn)
            throws Exception {
        requireNonNull(s.lambdaZip(), "lambdaZip");
        requireNonNull(s.ec2Jar(), "ec2Jar");
        for (Path p : List.of(s.lambdaZip(), s.ec2Jar())) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(
                        p + " not found: build it with ./mvnw -pl lambda-adapter,ec2-adapter -am package"
                                + " -DskipTests (./twinrun does this on first use)");
            }
        }
        long t0 = System.nanoTime();
        Path raw = s.rawFile();
        Files.createDirectories(s.outDir());
        Files.deleteIfExists(raw);
        Consumer<InvocationRecord> sink = r -> append(raw, s, r);

        Map<HourId, List<String>> hours = s.input() != null ? bucket.copyIn(s.input(), bar) : bucket.generate(s, bar);
        InputData data = bucket.describe(s, hours);
        String host = ExperimentSettings.hostArch();
        InstanceShape shape = InstanceShape.of(s.instanceType());
        for (int rep = 1; rep <= s.repetitions(); rep++) {
            for (int mb : s.lambdaMemoryMb()) {
                lambda.run(bucket, mb, host, rep, hours, s.sizeBytes(), sink, warn, bar);
            }
            Ec2Variant.run(
                    s.ec2Jar(),
                    bucket,
                    shape,
                    rep,
                    List.copyOf(hours.keySet()),
                    s.outDir().resolve("work"),
                    sink,
                    warn,
                    bar);
        }
        OutputCheck check = compareOutputs(bucket, s, List.copyOf(hours.keySet()));
        List<InvocationRecord> records = RawRecords.read(raw);
        return new Result(
                raw,
                records,
                List.copyOf(hours.keySet()),
                check,
                (System.nanoTime() - t0) / 1_000_000,
                data.withRows(ec2Rows(records, hours.size())));
    }

    /**
     * Rows the EC2 variant read in its first repetition (its first {@code hours} records, one tick per hour, as
     * appended), or null when one of them failed or has no count.
     */
    static Long ec2Rows(List<InvocationRecord> records, int hours) {
        List<InvocationRecord> ec2 = records.stream()
                .filter(r -> r.platform() == Platform.EC2)
                .limit(hours)
                .toList();
        if (ec2.size() < hours || ec2.stream().anyMatch(r -> r.failed() || r.rowsRead() == null)) {
            return null;
        }
        return ec2.stream().mapToLong(InvocationRecord::rowsRead).sum();
    }

    /**
     * Appends a measured record; for each requested architecture other than the host's, a copy labelled
     * {@code modelled} (same durations: this machine cannot run the other architecture).
     */
    static void append(Path raw, ExperimentSettings s, InvocationRecord r) {
        List<InvocationRecord> out = new ArrayList<>();
        String host = ExperimentSettings.hostArch();
        if (r.platform() != Platform.LAMBDA || s.arches().contains(host)) {
            out.add(r);
        }
        if (r.platform() == Platform.LAMBDA) {
            for (String arch : s.arches()) {
                if (!arch.equals(host)) {
                    out.add(new InvocationRecord(
                            r.platform(),
                            r.phase(),
                            r.wallMs(),
                            r.cpuMs(),
                            r.billedMs(),
                            r.initMs(),
                            r.memoryMb(),
                            r.maxMemoryUsedMb(),
                            r.rowsRead(),
                            r.bytesRead(),
                            r.failed(),
                            null,
                            arch,
                            null,
                            r.runId(),
                            Provenance.MODELLED));
                }
            }
        }
        try {
            RawRecords.append(raw, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OutputCheck compareOutputs(Bucket bucket, ExperimentSettings s, List<HourId> hours) {
        int n = 0;
        int same = 0;
        List<String> diffs = new ArrayList<>();
        for (HourId h : hours) {
            var ec2 = bucket.published(Ec2Variant.outputPrefix(1), h, "summary.json");
            for (int mb : s.lambdaMemoryMb()) {
                n++;
                var lambda = bucket.published(LambdaVariant.outputPrefix(mb, 1), h, "summary.json");
                if (ec2.isEmpty() || lambda.isEmpty()) {
                    diffs.add("hour " + h + ": summary.json missing from "
                            + (ec2.isEmpty() ? "EC2" : "Lambda " + mb + " MB"));
                } else if (Arrays.equals(ec2.get(), lambda.get())) {
                    same++;
                } else {
                    diffs.add("hour " + h + ": Lambda " + mb + " MB and EC2 summary.json differ");
                }
            }
        }
        return new OutputCheck(n, same, diffs);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

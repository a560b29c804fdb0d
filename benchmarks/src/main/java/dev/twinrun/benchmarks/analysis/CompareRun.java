package dev.twinrun.benchmarks.analysis;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.measure.Arrival;
import dev.twinrun.benchmarks.measure.ArrivalExperiment;
import dev.twinrun.benchmarks.measure.AwsTarget;
import dev.twinrun.benchmarks.measure.Experiment;
import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.FunctionZip;
import dev.twinrun.benchmarks.measure.InstanceShape;
import dev.twinrun.benchmarks.measure.LocalStackTarget;
import dev.twinrun.benchmarks.measure.ProgressBar;
import dev.twinrun.benchmarks.report.CompareText;
import dev.twinrun.benchmarks.report.DependencyMeasure;
import dev.twinrun.benchmarks.report.FreshnessSummary;
import dev.twinrun.benchmarks.report.FreshnessText;
import dev.twinrun.benchmarks.report.FreshnessWriter;
import dev.twinrun.benchmarks.report.Operations;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.JobIdentity;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.TriggerRun;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.core.spec.SpecTransformation;
import dev.twinrun.core.transform.Transformations;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code twinrun compare} as one call: measure both variants on the chosen target (raw.jsonl), write the notes on how
 * they were measured (notes.txt), run the {@link Comparison} (stats.json, every report format), print the summary and
 * the two commands that rebuild the same report from raw.jsonl.
 */
public final class CompareRun {
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    /** The hours of the second, smaller size (one cold and two warm Lambda invocations). */
    public static final int FIT_HOURS = 3;

    /** The folder, under the report directory, of the second size's records and statistics. */
    public static final String FIT_DIR = "fit";

    private CompareRun() {}

    /** The default second size: a quarter of the measured size (at least 64 KiB). */
    public static DataSize defaultFitSize(DataSize size) {
        return new DataSize(Math.max(64L << 10, size.bytes() / 4));
    }

    /**
     * One comparison.
     *
     * @param settings     what to generate and measure, where
     * @param scenario     the scenario priced
     * @param scenarioArgs the {@code report build} options that give the same scenario (e.g. {@code --scenario NAME})
     * @param sweepSizesMb the sizes of the cost-vs-data-size comparison
     * @param title        the report title; null: one naming the size, hours and target
     * @param aws          aws target: the bucket, function and region (nulls: from the stacks)
     * @param awaitMs      aws target: how long to wait for both variants
     * @param quiet        no progress bar
     * @param fitSize      a second, smaller size the same variants run ({@link #FIT_HOURS} hours, its records in
     *     {@code DIR/fit/raw.jsonl}) so the work model is fitted from CPU time at two sizes; null: none
     */
    public record Request(
            ExperimentSettings settings,
            Scenario scenario,
            List<String> scenarioArgs,
            List<BigDecimal> sweepSizesMb,
            String title,
            AwsTarget.Names aws,
            long awaitMs,
            boolean quiet,
            DataSize fitSize,
            DependencyMeasure dependency) {
        public Request {
            requireNonNull(settings, "settings");
            requireNonNull(scenario, "scenario");
            scenarioArgs = List.copyOf(scenarioArgs);
            sweepSizesMb = List.copyOf(sweepSizesMb);
        }
    }

    /**
     * The arrival experiment of {@code compare --arrival}: hours whose files land over time, each trigger's time to
     * insight and monthly cost.
     *
     * @param arrival       the arrival pattern
     * @param timescale     simulated seconds per real second
     * @param freshWithinMs the freshness target of the verdict; null: none
     */
    public record Arrivals(Arrival arrival, double timescale, Long freshWithinMs) {
        public Arrivals {
            requireNonNull(arrival, "arrival");
        }
    }

    /** Runs it, printing to {@code out} (warnings to {@code err}); the exit code: 0, or 1 when a run failed. */
    public static int run(Request q, PrintWriter out, PrintWriter err) throws Exception {
        return run(q, null, out, err);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CompareRun.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** As {@link #run(Request, PrintWriter, PrintWriter)}, then the arrival experiment when {@code arrivals} is set. */
    public static int run(Request q, Arrivals arrivals, PrintWriter out, PrintWriter err) throws Exception {
        // s3proxy brings logback (DEBUG by default) beside the launcher's slf4j-nop: pick nop before SLF4J starts, so
        // neither the "multiple providers" warning nor a line per S3 request costs the measured processes CPU. The
        // CLI has logback only (configured to warnings): naming an absent nop would print SLF4J's stack trace.
        if (System.getProperty("slf4j.provider") == null && present("org.slf4j.nop.NOPServiceProvider")) {
            System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        ExperimentSettings settings = q.settings();
        Consumer<String> warn = m -> {
            err.println();
            err.println("twinrun compare: " + m);
            err.flush();
        };
        int steps = Experiment.steps(settings);
        ProgressBar bar = q.quiet() ? ProgressBar.silent(steps) : ProgressBar.onStderr(steps);
        Experiment.Result result;
        List<String> notes = new ArrayList<>();
        switch (settings.target()) {
            case EMBEDDED -> {
                result = Experiment.runEmbedded(settings, bar, warn);
                notes.addAll(localNotes(settings, "an in-process S3 server (s3proxy) on this machine"));
            }
            case LOCALSTACK -> {
                result = LocalStackTarget.run(settings, bar, warn);
                notes.addAll(localNotes(settings, "LocalStack's S3 (" + LocalStackTarget.IMAGE + ")"));
            }
            case AWS -> {
                result = AwsTarget.run(settings, q.aws(), q.awaitMs(), bar, warn);
                notes.add(
                        "target aws: Lambda durations from the function's REPORT lines in CloudWatch Logs; EC2 from the"
                                + " runner's JSON log lines in /twinrun/ec2/runner (untested code path: no AWS account in the"
                                + " project's CI)");
            }
            default -> throw new IllegalStateException(settings.target().toString());
        }
        Experiment.Result fitResult = null;
        if (q.fitSize() != null && settings.input() != null) {
            notes.add("work fit: not with --input (your hours are the sizes measured); the size model's work per MB is"
                    + " the measured hours' CPU time over their size");
        } else if (q.fitSize() != null) {
            ExperimentSettings f = fitSettings(settings, q.fitSize());
            fitResult = switch (settings.target()) {
                case EMBEDDED -> Experiment.runEmbedded(f, ProgressBar.silent(Experiment.steps(f)), warn);
                case LOCALSTACK -> LocalStackTarget.run(f, ProgressBar.silent(Experiment.steps(f)), warn);
                case AWS -> null;
            };
            if (fitResult == null) {
                warn.accept("--fit-size: not on target aws (one size per deployment run); the work per MB is wall"
                        + " time");
            } else {
                notes.add("work fit: the same variants also ran " + q.fitSize() + " an hour for " + FIT_HOURS
                        + " hours (" + rel(fitResult.rawFile()) + "), to separate fixed from per-MB CPU work");
            }
        }
        bar.finish();
        notes.add(0, outputCheckNote(result.outputCheck()));

        DataSize size = new DataSize(settings.sizeBytes());
        String title = q.title() != null
                ? q.title()
                : settings.input() != null
                        ? "twinrun compare: " + settings.input().location() + ", " + settings.hours() + " hours ("
                                + size + " an hour on average), "
                                + settings.target().name().toLowerCase(Locale.ROOT)
                        : "twinrun compare: " + size + " an hour, " + settings.hours() + " hours, "
                                + settings.target().name().toLowerCase(Locale.ROOT);
        Path dir = settings.outDir();
        Path notesFile = writeNotes(dir.resolve(Comparison.NOTES), notes);
        Path userJar = settings.userJar() == null ? null : settings.userJar().jar();
        Comparison.About about = new Comparison.About(
                result.data(),
                job(settings),
                Operations.Package.measure(settings.lambdaZip() == null ? null : FunctionZip.forJob(settings), userJar),
                Operations.Package.measure(settings.ec2Jar(), userJar));
        Path aboutFile = Comparison.writeAbout(dir.resolve(Comparison.ABOUT), about);
        List<VariantStats> fitStats = null;
        Path fitStatsFile = null;
        if (fitResult != null) {
            fitStats = Comparison.statistics(fitResult.rawFile());
            fitStatsFile =
                    Comparison.writeStatistics(fitStats, dir.resolve(FIT_DIR).resolve(Comparison.STATS));
        }
        // The arrival run (if asked for) comes first, so the report's "time to insight" row can use what it measured.
        Arrived arrived = arrivals == null ? null : measureArrivals(q, arrivals, warn);
        Comparison.Outcome o = Comparison.run(
                result.rawFile(),
                dir,
                new Comparison.Request(
                        q.scenario(),
                        null,
                        size,
                        q.sweepSizesMb(),
                        title,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        notes,
                        about.data(),
                        about.job(),
                        fitStats,
                        fitStats == null ? null : q.fitSize()),
                about.artifacts()
                        .withFreshness(arrived == null ? null : arrived.summary())
                        .withDependency(q.dependency()));

        long failed = result.records().stream().filter(InvocationRecord::failed).count();
        out.printf(
                Locale.ROOT,
                "twinrun compare: %d invocations measured in %.1f s (%d failed)%n",
                result.records().stream()
                        .filter(x -> x.provenance() == Provenance.MEASURED)
                        .count(),
                result.wallMs() / 1000.0,
                failed);
        out.println(outputCheckNote(result.outputCheck()));
        out.println();
        CompareText.summary(out, o.summary());
        CompareText.sizes(out, o.summary().sizes());
        out.println();
        out.println("raw records  " + rel(result.rawFile()));
        out.println("notes        " + rel(notesFile));
        out.println("data, job    " + rel(aboutFile));
        out.println("statistics   " + rel(o.statsFile()));
        if (fitStatsFile != null) {
            out.println("fit records  " + rel(fitResult.rawFile()));
            out.println("fit stats    " + rel(fitStatsFile));
        }
        for (Path p : o.files()) {
            out.println("report       " + rel(p));
        }
        List<String[]> rebuild = rebuildCommands(
                result.rawFile(),
                notesFile,
                aboutFile,
                q.scenarioArgs(),
                size,
                q.sweepSizesMb(),
                title,
                "DIR",
                fitStatsFile == null ? null : fitResult.rawFile(),
                fitStatsFile == null ? null : q.fitSize());
        for (int i = 0; i < rebuild.size(); i++) {
            out.println((i == 0 ? "rebuild      " : "             ") + shell(rebuild.get(i)));
        }
        out.flush();
        if (arrivals != null) {
            failed += printArrivals(q, arrivals, arrived, dir, out);
        }
        return failed == 0 ? 0 : 1;
    }

    /** An arrival run and its priced summary. */
    private record Arrived(ArrivalExperiment.Result result, FreshnessSummary summary) {}

    /** Runs the arrival experiment on the embedded target; null on another target (nothing is measured there). */
    private static Arrived measureArrivals(Request q, Arrivals a, Consumer<String> warn) throws Exception {
        ExperimentSettings settings = q.settings();
        if (settings.target() != ExperimentSettings.Target.EMBEDDED) {
            return null;
        }
        ProgressBar bar = q.quiet()
                ? ProgressBar.silent(ArrivalExperiment.steps())
                : ProgressBar.onStderr(ArrivalExperiment.steps());
        ArrivalExperiment.Result r = ArrivalExperiment.runEmbedded(settings, a.arrival(), a.timescale(), bar, warn);
        bar.finish();
        return new Arrived(r, Freshness.summarize(r, q.scenario(), a.freshWithinMs()));
    }

    /** Adds the arrival run's section to the report and prints it; returns failed invocations. */
    private static long printArrivals(Request q, Arrivals a, Arrived arrived, Path dir, PrintWriter out)
            throws IOException {
        ExperimentSettings settings = q.settings();
        out.println();
        if (arrived == null) {
            out.println("arrival " + a.arrival().label() + ": measured on the embedded target only (this is "
                    + settings.target().name().toLowerCase(Locale.ROOT) + "); run compare --target embedded --arrival"
                    + " ...");
            out.flush();
            return 0;
        }
        ArrivalExperiment.Result r = arrived.result();
        FreshnessSummary f = arrived.summary();
        List<Path> files = FreshnessWriter.write(dir, f);
        out.printf(Locale.ROOT, "arrival %s measured in %.1f s%n", a.arrival().label(), r.wallMs() / 1000.0);
        FreshnessText.console(out, f);
        out.println("arrival raw  " + rel(r.file()));
        for (Path p : files) {
            out.println("freshness    " + rel(p));
        }
        out.flush();
        return r.runs().stream().mapToLong(TriggerRun::failed).sum();
    }

    /**
     * The two commands that rebuild this report from raw.jsonl into {@code dir}: {@code report stats} and
     * {@code report build} with the scenario, the measured size, the sweep sizes, the title and the notes.
     */
    public static List<String[]> rebuildCommands(
            Path raw,
            Path notes,
            List<String> scenarioArgs,
            DataSize size,
            List<BigDecimal> sweepSizesMb,
            String title,
            String dir) {
        return rebuildCommands(raw, notes, null, scenarioArgs, size, sweepSizesMb, title, dir, null, null);
    }

    /**
     * The report also naming the data and the job of {@code about} ({@link Comparison#ABOUT}; null: not); with the
     * second size's records ({@code fitRaw} at {@code fitSize}, null: none): one more {@code report stats} and
     * {@code report build --fit-stats --fit-size}.
     */
    public static List<String[]> rebuildCommands(
            Path raw,
            Path notes,
            Path about,
            List<String> scenarioArgs,
            DataSize size,
            List<BigDecimal> sweepSizesMb,
            String title,
            String dir,
            Path fitRaw,
            DataSize fitSize) {
        String stats = dir + "/" + Comparison.STATS;
        String fitStats = dir + "/" + FIT_DIR + "/" + Comparison.STATS;
        List<String> build = new ArrayList<>(List.of("./twinrun", "report", "build", "--stats", stats));
        if (fitRaw != null) {
            build.addAll(List.of("--fit-stats", fitStats, "--fit-size", fitSize.argument()));
        }
        build.addAll(scenarioArgs);
        build.addAll(List.of(
                "--size",
                size.argument(),
                "--sizes",
                String.join(
                        ",",
                        sweepSizesMb.stream()
                                .map(mb -> Money.plain(mb, 6) + "MB")
                                .toList()),
                "--title",
                title,
                "--notes",
                rel(notes)));
        if (about != null) {
            build.addAll(List.of("--about", rel(about)));
        }
        build.addAll(List.of("--out", dir));
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"./twinrun", "report", "stats", rel(raw), "--out", stats});
        if (fitRaw != null) {
            out.add(new String[] {"./twinrun", "report", "stats", rel(fitRaw), "--out", fitStats});
        }
        out.add(build.toArray(String[]::new));
        return out;
    }

    /**
     * The settings of the second size: the same variants, target and job, {@link #FIT_HOURS} generated hours, under
     * DIR/fit.
     */
    static ExperimentSettings fitSettings(ExperimentSettings s, DataSize fitSize) {
        return new ExperimentSettings(
                        s.target(),
                        fitSize.bytes(),
                        FIT_HOURS,
                        s.filesPerHour(),
                        s.firstHour(),
                        s.seed() + 1,
                        s.badRowRatio(),
                        s.lambdaMemoryMb(),
                        s.arches(),
                        1,
                        s.instanceType(),
                        s.outDir().resolve(FIT_DIR),
                        s.lambdaZip(),
                        s.ec2Jar(),
                        s.jobSpec())
                .withUserJar(s.userJar());
    }

    /** The words as one POSIX shell line, each quoted only when it must be. */
    public static String shell(String[] words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(PLAIN_WORD.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return String.join(" ", out);
    }

    private static Path writeNotes(Path file, List<String> notes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> lines = notes.stream().map(n -> n.replace('\n', ' ')).toList();
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The notes file {@code compare} writes: one note a line, blank lines skipped. */
    public static List<String> readNotes(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    /** The job the settings run: a user's jar or a job spec file (with its SHA-256), or the built-in transformation. */
    static JobIdentity job(ExperimentSettings s) throws IOException {
        if (s.userJar() != null) {
            return new JobIdentity(
                    JobIdentity.JAR,
                    s.userJar().load().name(),
                    rel(s.userJar().jar()),
                    sha256(s.userJar().jar()),
                    s.userJar().className());
        }
        if (s.jobSpec() != null) {
            SpecTransformation t = SpecTransformation.fromFile(s.jobSpec());
            return new JobIdentity(JobIdentity.SPEC, t.spec().name(), rel(s.jobSpec()), sha256(s.jobSpec()), null);
        }
        return new JobIdentity(JobIdentity.BUILT_IN, Transformations.DEFAULT, null, null, null);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> localNotes(ExperimentSettings s, String storage) {
        InstanceShape shape = InstanceShape.of(s.instanceType());
        List<String> n = new ArrayList<>();
        n.add("measured on this machine (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + Runtime.version().feature() + ") against " + storage
                + "; "
                + new DataSize(s.sizeBytes()) + (s.input() != null ? " an hour on average, " : " an hour, ")
                + s.hours() + " hours, " + s.repetitions() + " repetition(s); "
                + (s.input() != null
                        ? "the same input hours, copied once from " + s.input().location() + ", for both variants"
                                + " (nothing generated)"
                        : "the same generated hours for both variants"));
        n.add(
                "Lambda: the deployment zip in the real Lambda runtime interface client, one JVM per execution environment"
                        + " (java17 runtime flags, heap 85 % of memory, whole cores by taskset and ActiveProcessorCount), not"
                        + " Firecracker: network, disk and CPU are this machine's; INIT = fork to the runtime's first /next call");
        n.add("EC2: each hour a fresh `java -jar twinrun-ec2.jar run --hour H` as cron starts it, with "
                + shape.instanceType() + "'s shape (" + shape.vcpus() + " vCPUs, heap 60 % of " + shape.memoryMb()
                + " MB) on this machine's CPU; every EC2 run is a cold JVM (phase cold); priced as "
                + shape.instanceType());
        String host = ExperimentSettings.hostArch();
        for (String a : s.arches()) {
            if (!a.equals(host)) {
                n.add("Lambda " + a + ": not measured (this machine is " + host + "); priced with the " + host
                        + " durations, labelled modelled");
            }
        }
        return n;
    }

    static String outputCheckNote(Experiment.OutputCheck c) {
        if (c.comparisons() == 0) {
            return "output check: not done on this target";
        }
        if (c.allIdentical()) {
            return "output check: Lambda and EC2 published byte-identical summary.json for every hour (" + c.identical()
                    + " of " + c.comparisons() + " comparisons)";
        }
        return "output check: " + c.identical() + " of " + c.comparisons()
                + " summary.json comparisons byte-identical; " + String.join("; ", c.differences());
    }

    private static String rel(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path a = p.toAbsolutePath();
        return a.startsWith(cwd) ? cwd.relativize(a).toString() : a.toString();
    }
}

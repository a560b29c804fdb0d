package dev.twinrun.cli;

import dev.twinrun.benchmarks.analysis.CompareRun;
import dev.twinrun.benchmarks.measure.AwsTarget;
import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.ExperimentSettings.Target;
import dev.twinrun.benchmarks.report.DependencyMeasure;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Scenario;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twinrun compare}: runs the Lambda and the EC2 variant on the same generated hours, writes one raw record per
 * invocation, then statistics, then the priced report (Markdown, HTML, JSON, CSV) saying which is cheaper and why.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run both variants on the same generated hours, measure every invocation, price them and write the report.",
            "Defaults finish in a few minutes on 2 cores: --size 20MB --hours 4 --lambda-memory 512,1769 --repetitions 1.",
            "Raw records: DIR/raw.jsonl (before any statistics); statistics: DIR/stats.json; reports: DIR/report.{md,html,json}, CSVs.",
            "Your own hours: --input DIR|s3://bucket/prefix [--hour H1,H2 | --last N]; your own job: --job FILE.",
            "Time to insight per trigger: --files-per-hour 6 --arrival spread|end|late:10m [--fresh-within 10m].",
            "Exit codes: 0 done, 1 a run failed, 2 bad options or job spec, 3 an input file is unusable (nothing measured)."
        })
public final class CompareCommand implements Callable<Integer> {
    @Option(
            names = "--target",
            defaultValue = "embedded",
            paramLabel = "embedded|localstack|aws",
            description =
                    "Where the variants run (default: ${DEFAULT-VALUE}: in-process S3, forked Lambda runtime, local cron ticks).")
    String target;

    @Mixin
    GeneratorOptions generator = new GeneratorOptions("20MB", 4, 0.01);

    @Option(
            names = "--lambda-memory",
            defaultValue = "512,1769",
            split = ",",
            paramLabel = "MB[,MB...]",
            description = "Lambda memory sizes to run (default: ${DEFAULT-VALUE}); others are modelled in the report.")
    List<Integer> lambdaMemoryMb;

    @Option(
            names = "--arch",
            split = ",",
            paramLabel = "ARCH[,ARCH...]",
            description =
                    "Lambda architectures to price: x86_64, arm64 (default: this machine's); only this machine's is measured.")
    List<String> arches;

    @Option(
            names = "--repetitions",
            defaultValue = "1",
            description = "Times each variant processes every hour (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--sizes",
            split = ",",
            converter = SizeConverter.class,
            defaultValue = CostCommand.DEFAULT_SIZES,
            paramLabel = "SIZE[,SIZE...]",
            description =
                    "Data sizes per hour priced in the cost-vs-size comparison, at most 100GB; modelled from this run's"
                            + " measured work per MB (default: ${DEFAULT-VALUE}; the measured --size is added).")
    List<DataSize> sweepSizes;

    @Option(
            names = "--out",
            defaultValue = "twinrun-report",
            paramLabel = "DIR",
            description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    ScenarioOptions scenario = new ScenarioOptions("hourly-2026");

    @Option(names = "--title", description = "Report title.")
    String title;

    @Option(
            names = "--lambda-zip",
            paramLabel = "ZIP",
            description = "Lambda deployment zip (default: lambda-adapter/target/twinrun-lambda.zip).")
    Path lambdaZip;

    @Option(
            names = "--ec2-jar",
            paramLabel = "JAR",
            description = "EC2 runner jar (default: ec2-adapter/target/twinrun-ec2.jar).")
    Path ec2Jar;

    @Option(names = "--bucket", description = "aws: the data bucket (default: output BucketName of stack TwinrunData).")
    String bucket;

    @Option(
            names = "--function",
            description = "aws: the function (default: output FunctionName of stack TwinrunLambda).")
    String function;

    @Option(names = "--region", description = "aws: region (default: the SDK's, AWS_REGION).")
    String region;

    @Option(
            names = "--await",
            defaultValue = "75m",
            converter = DurationConverter.class,
            description =
                    "aws: the longest to wait for every variant to process the uploaded hours; a scheduled"
                            + " variant whose next run falls later stops compare before it uploads (default: ${DEFAULT-VALUE}).")
    BigDecimal awaitMs;

    @Option(
            names = "--variants",
            split = ",",
            paramLabel = "NAME[,NAME...]",
            description = "aws: the deployed variants to measure: lambda, ec2, ec2-per-run, fargate (default: every"
                    + " one whose stack exists); a named one whose stack is missing stops compare.")
    List<String> awsVariants;

    @Option(
            names = "--cleanup",
            description = "aws: at the end, delete the uploaded input and what the variants published for those hours.")
    boolean cleanup;

    @Mixin
    InputOptions inputs = new InputOptions();

    @Option(
            names = "--fit-size",
            converter = SizeConverter.class,
            paramLabel = "SIZE",
            description = "A second, smaller size the same variants run for " + CompareRun.FIT_HOURS
                    + " hours, so the size model separates fixed from per-MB work by CPU time (default: a quarter of"
                    + " --size).")
    DataSize fitSize;

    @Option(
            names = "--no-fit",
            description = "Run one size only: the size model then takes the warm wall time per MB (moves with load).")
    boolean noFit;

    @Mixin
    ArrivalOptions arrivals = new ArrivalOptions();

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(
            names = "--dependency-cost",
            paramLabel = "FILE",
            description = "The dependency.json of ./twinrun bench lambda --added-dependency-mb: the report's \"a new "
                    + "dependency costs\" row then quotes what it measured (default: the row names that command).")
    Path dependencyCost;

    DependencyMeasure dependency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scenario s = scenario.resolve();
        dependency = dependencyCost == null ? null : DependencyMeasure.read(dependencyCost);
        if (fitSize != null && fitSize.bytes() >= generator.size.bytes()) {
            throw new IllegalArgumentException(
                    "--fit-size " + fitSize + " must be smaller than --size " + generator.size);
        }
        Path home = Path.of(System.getenv().getOrDefault("TWINRUN_HOME", "."));
        ExperimentSettings settings = new ExperimentSettings(
                parseTarget(target),
                generator.size.bytes(),
                generator.hours,
                generator.filesPerHour,
                generator.firstHourOr(ExperimentSettings.DEFAULT_FIRST_HOUR),
                generator.seed,
                generator.badRows,
                lambdaMemoryMb,
                arches == null || arches.isEmpty() ? List.of(ExperimentSettings.hostArch()) : arches,
                repetitions,
                s.ec2().instanceType(),
                out.toAbsolutePath(),
                lambdaZip != null ? lambdaZip : home.resolve("lambda-adapter/target/twinrun-lambda.zip"),
                ec2Jar != null ? ec2Jar : home.resolve("ec2-adapter/target/twinrun-ec2.jar"),
                inputs.job == null ? null : inputs.job.toAbsolutePath());
        CompareRun.Arrivals arrival = arrivals.resolve(spec, inputs.input != null);
        settings = inputs.apply(settings, spec, spec.commandLine().getOut());
        try {
            return run(s, settings, arrival);
        } catch (UnusableInputException e) {
            spec.commandLine()
                    .getErr()
                    .printf("twinrun compare: unusable input %s: %s (nothing was measured)%n", e.file(), e.reason());
            return 3;
        }
    }

    private int run(Scenario s, ExperimentSettings settings, CompareRun.Arrivals arrival) throws Exception {
        return CompareRun.run(
                new CompareRun.Request(
                        settings,
                        s,
                        scenario.args(),
                        CostCommand.megabytes(sweepSizes),
                        title,
                        new AwsTarget.Names(bucket, function, region, awsVariants, cleanup),
                        awaitMs.longValue(),
                        quiet,
                        noFit ? null : fitSize != null ? fitSize : CompareRun.defaultFitSize(generator.size),
                        dependency),
                arrival,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    static Target parseTarget(String t) {
        try {
            return Target.valueOf(t.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target must be embedded, localstack or aws: " + t);
        }
    }
}

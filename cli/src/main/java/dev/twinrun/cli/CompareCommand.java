package dev.twinrun.cli;

import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.benchmarks.analysis.Analysis;
import dev.twinrun.benchmarks.measure.AwsTarget;
import dev.twinrun.benchmarks.measure.Experiment;
import dev.twinrun.benchmarks.measure.ExperimentSettings;
import dev.twinrun.benchmarks.measure.ExperimentSettings.Target;
import dev.twinrun.benchmarks.measure.InstanceShape;
import dev.twinrun.benchmarks.measure.LocalStackTarget;
import dev.twinrun.benchmarks.measure.ProgressBar;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.benchmarks.report.SizeText;
import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.core.HourId;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
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
      "Raw records: DIR/raw.jsonl (before any statistics); statistics: DIR/stats.json; reports: DIR/report.{md,html,json}, CSVs."
    })
public final class CompareCommand implements Callable<Integer> {
  @Option(names = "--target", defaultValue = "embedded", paramLabel = "embedded|localstack|aws",
      description = "Where the variants run (default: ${DEFAULT-VALUE}: in-process S3, forked Lambda runtime, local cron ticks).")
  String target;

  @Option(names = "--size", defaultValue = "20MB", converter = Sizes.class, paramLabel = "SIZE",
      description = "Input per hour, e.g. 20MB, 100MB, 1GB (default: ${DEFAULT-VALUE}).")
  long sizeBytes;

  @Option(names = "--hours", defaultValue = "4",
      description = "Hours generated; Lambda: 1 cold + N-1 warm invocations per memory size and repetition (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(names = "--files-per-hour", defaultValue = "1", description = "CSV files per hour (default: ${DEFAULT-VALUE}).")
  int filesPerHour;

  @Option(names = "--lambda-memory", defaultValue = "512,1769", split = ",", paramLabel = "MB[,MB...]",
      description = "Lambda memory sizes to run (default: ${DEFAULT-VALUE}); others are modelled in the report.")
  List<Integer> lambdaMemoryMb;

  @Option(names = "--arch", split = ",", paramLabel = "ARCH[,ARCH...]",
      description = "Lambda architectures to price: x86_64, arm64 (default: this machine's); only this machine's is measured.")
  List<String> arches;

  @Option(names = "--repetitions", defaultValue = "1",
      description = "Times each variant processes every hour (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--sizes", split = ",", converter = Sizes.class, defaultValue = CostCommand.DEFAULT_SIZES,
      paramLabel = "SIZE[,SIZE...]",
      description = "Data sizes per hour priced in the cost-vs-size comparison, at most 100GB; modelled from this run's"
          + " measured work per MB (default: ${DEFAULT-VALUE}; the measured --size is added).")
  List<Long> sweepSizes;

  @Option(names = "--out", defaultValue = "twinrun-report", paramLabel = "DIR",
      description = "Report directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--scenario", defaultValue = "hourly-2026", paramLabel = "FILE|NAME",
      description = "Scenario priced (schedule, price book, instance type...): file or seed-2017, hourly-2026 (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Mixin PriceOptions price = new PriceOptions();

  @Option(names = "--title", description = "Report title.")
  String title;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bad-rows", defaultValue = "0.01", description = "Share of bad rows generated (default: ${DEFAULT-VALUE}).")
  double badRows;

  @Option(names = "--first-hour", description = "First generated hour (default: 2026-01-05T00).")
  String firstHour;

  @Option(names = "--lambda-zip", paramLabel = "ZIP", description = "Lambda deployment zip (default: lambda-adapter/target/twinrun-lambda.zip).")
  Path lambdaZip;

  @Option(names = "--ec2-jar", paramLabel = "JAR", description = "EC2 runner jar (default: ec2-adapter/target/twinrun-ec2.jar).")
  Path ec2Jar;

  @Option(names = "--bucket", description = "aws: the data bucket (default: output BucketName of stack TwinrunData).")
  String bucket;

  @Option(names = "--function", description = "aws: the function (default: output FunctionName of stack TwinrunLambda).")
  String function;

  @Option(names = "--region", description = "aws: region (default: the SDK's, AWS_REGION).")
  String region;

  @Option(names = "--await", defaultValue = "75m", converter = CostCommand.DurationMsConverter.class,
      description = "aws: how long to wait for both variants to process the uploaded hours (default: ${DEFAULT-VALUE}).")
  BigDecimal awaitMs;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // s3proxy brings logback (DEBUG by default) beside the launcher's slf4j-nop: pick nop before SLF4J starts, so
    // neither the "multiple providers" warning nor a line per S3 request costs the measured processes CPU.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    PrintWriter w = spec.commandLine().getOut();
    Scenario s = scenarioOptions().resolve();
    List<BigDecimal> sweepMb = CostCommand.megabytes(sweepSizes);
    Target t = parseTarget(target);
    Path home = Path.of(System.getenv().getOrDefault("TWINRUN_HOME", "."));
    ExperimentSettings settings = new ExperimentSettings(t, sizeBytes, hours, filesPerHour,
        firstHour == null ? ExperimentSettings.DEFAULT_FIRST_HOUR : HourId.parse(firstHour), seed, badRows,
        lambdaMemoryMb, arches == null || arches.isEmpty() ? List.of(ExperimentSettings.hostArch()) : arches, repetitions,
        s.ec2().instanceType(), out.toAbsolutePath(),
        lambdaZip != null ? lambdaZip : home.resolve("lambda-adapter/target/twinrun-lambda.zip"),
        ec2Jar != null ? ec2Jar : home.resolve("ec2-adapter/target/twinrun-ec2.jar"));

    List<String> warnings = new ArrayList<>();
    java.util.function.Consumer<String> warn = m -> {
      warnings.add(m);
      System.err.println();
      System.err.println("twinrun compare: " + m);
    };
    ProgressBar bar = quiet ? ProgressBar.silent(Experiment.steps(settings)) : ProgressBar.onStderr(Experiment.steps(settings));
    Experiment.Result result;
    List<String> notes = new ArrayList<>();
    switch (t) {
      case EMBEDDED -> {
        result = Experiment.runEmbedded(settings, bar, warn);
        notes.addAll(localNotes(settings, "an in-process S3 server (s3proxy) on this machine"));
      }
      case LOCALSTACK -> {
        result = LocalStackTarget.run(settings, bar, warn);
        notes.addAll(localNotes(settings, "LocalStack's S3 (" + LocalStackTarget.IMAGE + ")"));
      }
      case AWS -> {
        result = AwsTarget.run(settings, new AwsTarget.Names(bucket, function, region), awaitMs.longValue(), bar, warn);
        notes.add("target aws: Lambda durations from the function's REPORT lines in CloudWatch Logs; EC2 from the runner's"
            + " JSON log lines in /twinrun/ec2/runner (untested code path: no AWS account in the project's CI)");
      }
      default -> throw new IllegalStateException(t.toString());
    }
    bar.finish();
    notes.add(0, outputCheckNote(result.outputCheck()));

    String generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String reportTitle = title != null ? title
        : "twinrun compare: " + Sizes.format(sizeBytes) + " an hour, " + hours + " hours, " + t.name().toLowerCase(Locale.ROOT);
    Analysis.Outcome o = Analysis.run(result.rawFile(), settings.outDir(), s, sizeBytes, reportTitle, generatedAt, notes,
        sweepMb);

    printSummary(w, settings, result, o);
    printSizes(w, o.summary().sizes());
    w.println();
    w.println("raw records  " + rel(result.rawFile()));
    w.println("statistics   " + rel(o.statsFile()));
    for (Path p : o.files()) {
      w.println("report       " + rel(p));
    }
    w.println("rebuild      ./twinrun report build --stats " + rel(o.statsFile()) + " --scenario " + scenario
        + " --data-size-mb " + SizeSweep.megabytes(sizeBytes).toPlainString()
        + " --sizes " + String.join(",", sweepMb.stream().map(mb -> Money.plain(mb, 6) + "MB").toList()) + " --out DIR");
    w.flush();
    long failed = result.records().stream().filter(r -> r.failed()).count();
    return failed == 0 ? 0 : 1;
  }

  CostCommand.ScenarioOptions scenarioOptions() {
    CostCommand.ScenarioOptions o = new CostCommand.ScenarioOptions();
    o.scenario = scenario;
    o.price = price;
    return o;
  }

  static Target parseTarget(String t) {
    try {
      return Target.valueOf(t.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--target must be embedded, localstack or aws: " + t);
    }
  }

  private static List<String> localNotes(ExperimentSettings s, String storage) {
    InstanceShape shape = InstanceShape.of(s.instanceType());
    List<String> n = new ArrayList<>();
    n.add("measured on this machine (" + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
        + ", Java " + Runtime.version().feature() + ") against " + storage + "; " + Sizes.format(s.sizeBytes()) + " an hour, "
        + s.hours() + " hours, " + s.repetitions() + " repetition(s); the same generated hours for both variants");
    n.add("Lambda: the deployment zip in the real Lambda runtime interface client, one JVM per execution environment"
        + " (java17 runtime flags, heap 85 % of memory, whole cores by taskset and ActiveProcessorCount), not Firecracker:"
        + " network, disk and CPU are this machine's; INIT = fork to the runtime's first /next call");
    n.add("EC2: each hour a fresh `java -jar twinrun-ec2.jar run --hour H` as cron starts it, with " + shape.instanceType()
        + "'s shape (" + shape.vcpus() + " vCPUs, heap 60 % of " + shape.memoryMb() + " MB) on this machine's CPU;"
        + " every EC2 run is a cold JVM (phase cold); priced as " + shape.instanceType());
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
      return "output check: Lambda and EC2 published byte-identical summary.json for every hour (" + c.identical() + " of "
          + c.comparisons() + " comparisons)";
    }
    return "output check: " + c.identical() + " of " + c.comparisons() + " summary.json comparisons byte-identical; "
        + String.join("; ", c.differences());
  }

  private static String rel(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    Path a = p.toAbsolutePath();
    return a.startsWith(cwd) ? cwd.relativize(a).toString() : a.toString();
  }

  private static void printSummary(PrintWriter w, ExperimentSettings s, Experiment.Result r, Analysis.Outcome o) {
    ReportSummary sum = o.summary();
    long failed = r.records().stream().filter(x -> x.failed()).count();
    w.printf(Locale.ROOT, "twinrun compare: %d invocations measured in %.1f s (%d failed)%n",
        r.records().stream().filter(x -> x.provenance() == Provenance.MEASURED).count(), r.wallMs() / 1000.0, failed);
    w.println(outputCheckNote(r.outputCheck()));
    w.println();
    w.println("measured (p50 wall; cold = fresh environment/JVM):");
    for (VariantStats v : sum.measurements()) {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-24s", v.variantId()));
      for (PhaseStats p : v.phases()) {
        b.append(String.format(Locale.ROOT, " %s %s", p.phase(), ms(p.wallMs())));
        if (p.initMs() != null) {
          b.append(" + init ").append(ms(p.initMs()));
        }
        b.append(" (n=").append(p.runs()).append(")");
      }
      if (v.provenance() == Provenance.MODELLED) {
        b.append("  modelled");
      }
      w.println(b.toString().stripTrailing());
    }
    Map<String, PricedVariant> byId = sum.costs().stream()
        .collect(Collectors.toMap(PricedVariant::variantId, Function.identity(), (a, b) -> a));
    w.println();
    for (Verdict v : sum.verdicts()) {
      String sched = Money.plain(v.runsPerDay(), 2) + " runs/day x "
          + (v.daysPerMonth() == null ? "730 h" : Money.plain(v.daysPerMonth(), 2) + " days");
      String who = v.schedule().equals("seed") ? "the seed's schedule" : "scenario " + sum.scenario().name();
      w.println("at " + who + " (" + sched + "):");
      if (v.runnerUpVariantId() == null) {
        w.println("  only " + label(byId, v.cheapestVariantId()) + " could be priced: " + Money.format(v.cheapestMonthUsd()) + "/month");
        continue;
      }
      w.printf(Locale.ROOT, "  %s is cheaper: %s/month vs %s %s/month, %s less (%s %%)%s%n",
          label(byId, v.cheapestVariantId()), Money.format(v.cheapestMonthUsd()), label(byId, v.runnerUpVariantId()),
          Money.format(v.runnerUpMonthUsd()), Money.format(v.savingUsd()), v.savingPercent().toPlainString(),
          v.cheapestDurationProvenance() == Provenance.MODELLED ? " [winner's duration modelled]" : "");
      w.println("  why: " + v.why());
    }
  }

  /** Three lines on the size comparison: where each variant stops, what is cheapest at each end, the crossovers. */
  static void printSizes(PrintWriter w, SizeSweepResult sweep) {
    if (sweep == null || sweep.rows().isEmpty()) {
      return;
    }
    w.println();
    w.println("as the hour grows (modelled from this run's work per MB; report: cost vs data size):");
    StringBuilder limits = new StringBuilder("  first limits:");
    for (SizeSweepResult.LimitHit h : sweep.firstLimits()) {
      limits.append(' ').append(SizeText.variant(h.variant())).append(h.atSizeMb() == null ? " none up to 1 TB;"
          : " at " + SizeText.size(h.atSizeMb()) + " (" + h.limit() + ");");
    }
    w.println(limits.toString().replaceAll(";$", ""));
    for (SizeSweepResult.Row r : List.of(sweep.rows().get(0), sweep.rows().get(sweep.rows().size() - 1))) {
      SizeSweepResult.Option o = r.cheapest() == null ? null : r.option(r.cheapest());
      w.println("  at " + SizeText.size(r.sizeMb()) + (r.measured() ? " (measured)" : "") + ": cheapest "
          + (o == null ? "none fits" : SizeText.variant(o.variant()) + ", " + o.config() + ", "
              + Money.format(o.perMonthUsd()) + "/month"));
    }
    for (SizeSweepResult.Crossover c : sweep.crossovers()) {
      w.println("  crossover at " + SizeText.size(c.sizeMb()) + ": " + SizeText.variant(c.cheaperBelow()) + " cheaper below, "
          + SizeText.variant(c.cheaperAbove()) + " above");
    }
  }

  private static String label(Map<String, PricedVariant> byId, String id) {
    PricedVariant p = byId.get(id);
    return p == null ? id : p.label();
  }

  private static String ms(MetricStats m) {
    return m == null ? "-" : m.p50().setScale(0, RoundingMode.HALF_UP).toPlainString() + " ms";
  }
}

package dev.twinrun.cli;

import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.Workload;
import dev.twinrun.benchmarks.report.JsonReport;
import dev.twinrun.benchmarks.report.MarkdownReport;
import dev.twinrun.benchmarks.report.ReportAssembler;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.report.TextReport;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twinrun cost}: prices a scenario (Lambda, EC2 always on, EC2 per run) with break-even, no measurement. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {
      "Price a scenario: Lambda vs EC2 (always on, started per run), per run and per month, with break-even;",
      "with --sizes, also single Lambda vs Lambda fan-out vs EC2 as the hour grows to 100 GB (modelled).",
      "Prices come from a price book; every number names its price-book line (--lines)."
    })
public final class CostCommand implements Callable<Integer> {

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--lines", description = "Show every priced line with its price-book id (text format).")
  boolean lines;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write report.md/.html/.json and the CSVs here.")
  Path out;

  @Option(
      names = "--sizes",
      arity = "0..1",
      split = ",",
      converter = Sizes.class,
      fallbackValue = DEFAULT_SIZES,
      paramLabel = "SIZE[,SIZE...]",
      description = {
        "Also compare single Lambda, Lambda fan-out and EC2 over data sizes per hour (at most 100GB; modelled from the"
            + " scenario's run.msPerMb), e.g. 100MB,1GB,10GB,100GB; without a value: " + DEFAULT_SIZES + "."
      })
  List<Long> sizes;

  /** The sizes of {@link SizeSweep#DEFAULT_SIZES_MB}, as the option takes them. */
  static final String DEFAULT_SIZES = "100MB,256MB,512MB,1GB,2.5GB,5GB,10GB,25GB,50GB,100GB";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    Scenario s = scenario.resolve();
    PriceBook book = PriceBook.load(s.priceBook());
    ReportAssembler assembler = new ReportAssembler(book);
    ReportSummary summary =
        assembler.assemble(s, List.of(), "twinrun cost: " + s.name(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (sizes != null) {
      SizeSweep sweep = new SizeSweep(book, s, Workload.fromScenario(s, book));
      summary = assembler.withSizes(summary, sweep.run(megabytes(sizes)));
    }
    switch (format.toLowerCase(Locale.ROOT)) {
      case "json" -> w.print(JsonReport.render(summary));
      case "markdown", "md" -> w.print(MarkdownReport.render(summary));
      case "text" -> w.print(TextReport.render(summary, lines));
      default -> throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format must be text, markdown or json: " + format);
    }
    if (out != null) {
      for (Path p : ReportWriter.writeAll(summary, out)) {
        spec.commandLine().getErr().println("wrote " + p);
      }
    }
    w.flush();
    return 0;
  }

  /** Sizes in bytes (as {@link Sizes} parses them) to MB of 2^20 bytes, checked against the model's range. */
  static List<BigDecimal> megabytes(List<Long> bytes) {
    List<BigDecimal> mb = new ArrayList<>();
    for (long b : bytes) {
      mb.add(SizeSweep.megabytes(b));
    }
    return SizeSweep.checkSizes(mb);
  }

  /** The scenario options of {@code cost} and {@code report build}: a scenario, its price options and field overrides. */
  public static final class ScenarioOptions {
    @Option(
        names = "--scenario",
        paramLabel = "FILE|NAME",
        defaultValue = "seed-2017",
        description = "Scenario JSON file or built-in name: seed-2017, hourly-2026 (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Mixin PriceOptions price = new PriceOptions();

    @Option(
        names = "--duration",
        converter = DurationMsConverter.class,
        description = "Run duration: 300000, 300000ms, 300s, 5m, 1h (plain numbers are ms).")
    BigDecimal durationMs;

    @Option(names = "--memory-mb", description = "Lambda memory in MB.")
    Integer memoryMb;

    @Option(names = "--arch", description = "Lambda architecture: x86_64 or arm64.")
    String arch;

    @Option(names = "--data-size-mb", description = "Data size per run in MB (moves the duration if the scenario has msPerMb).")
    BigDecimal dataSizeMb;

    @Option(
        names = "--ms-per-mb",
        description = "Extra ms per extra MB at the scenario's Lambda memory (run.msPerMb): the work the size comparison scales.")
    BigDecimal msPerMb;

    /** The scenario with every given option applied. */
    public Scenario resolve() {
      Scenario s = price.apply(Scenario.load(scenario));
      if (msPerMb != null) {
        Scenario.Run r = s.run();
        s = s.withRun(new Scenario.Run(r.durationMs(), r.warmDurationMs(), r.initMs(), r.coldStartShare(), r.dataSizeMb(), msPerMb));
      }
      if (dataSizeMb != null) {
        s = s.withDataSizeMb(dataSizeMb);
      }
      if (durationMs != null) {
        s = s.withDurationMs(durationMs);
      }
      if (memoryMb != null) {
        s = s.withMemoryMb(memoryMb);
      }
      if (arch != null) {
        s = s.withArch(arch);
      }
      return s;
    }
  }

  /** Parses 300000, 300000ms, 300s, 5m, 5min, 1h into milliseconds. */
  public static final class DurationMsConverter implements ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      String[][] units = {{"ms", "1"}, {"min", "60000"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
      for (String[] u : units) {
        if (v.endsWith(u[0])) {
          return new BigDecimal(v.substring(0, v.length() - u[0].length()).trim()).multiply(new BigDecimal(u[1]));
        }
      }
      return new BigDecimal(v);
    }
  }
}

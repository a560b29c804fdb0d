package dev.twinrun.cli;

import dev.twinrun.benchmarks.analysis.Comparison;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Mixin
    ScenarioOptions scenario = new ScenarioOptions("seed-2017");

    @Mixin
    ScenarioOverrides overrides = new ScenarioOverrides();

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "text, markdown or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--lines", description = "Show every priced line with its price-book id (text format).")
    boolean lines;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.md/.html/.json and the CSVs here.")
    Path out;

    @Option(
            names = "--sizes",
            arity = "0..1",
            split = ",",
            converter = SizeConverter.class,
            fallbackValue = DEFAULT_SIZES,
            paramLabel = "SIZE[,SIZE...]",
            description = {
                "Also compare single Lambda, Lambda fan-out and EC2 over data sizes per hour (at most 100GB; modelled from the"
                        + " scenario's run.msPerMb), e.g. 100MB,1GB,10GB,100GB; without a value: " + DEFAULT_SIZES + "."
            })
    List<DataSize> sizes;

    /** The sizes of {@link SizeSweep#DEFAULT_SIZES_MB}, as the option takes them. */
    static final String DEFAULT_SIZES = "100MB,256MB,512MB,1GB,2.5GB,5GB,10GB,25GB,50GB,100GB";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scenario s = overrides.apply(scenario.resolve());
        ReportSummary summary = Comparison.summarize(new Comparison.Request(
                s,
                List.of(),
                null,
                sizes == null ? null : megabytes(sizes),
                "twinrun cost: " + s.name(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                List.of()));
        PrintWriter w = spec.commandLine().getOut();
        try {
            w.print(ReportWriter.render(summary, format, lines));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (out != null) {
            for (Path p : ReportWriter.writeAll(summary, out)) {
                spec.commandLine().getErr().println("wrote " + p);
            }
        }
        w.flush();
        return 0;
    }

    /** Sizes in MB of 2^20 bytes, checked against the model's range: sorted, without duplicates. */
    static List<BigDecimal> megabytes(List<DataSize> sizes) {
        return SizeSweep.checkSizes(sizes.stream().map(DataSize::megabytes).toList());
    }
}

package dev.twinrun.cli;

import dev.twinrun.benchmarks.analysis.CompareRun;
import dev.twinrun.benchmarks.analysis.Comparison;
import dev.twinrun.benchmarks.report.DependencyMeasure;
import dev.twinrun.benchmarks.report.FreshnessSummary;
import dev.twinrun.benchmarks.report.FreshnessWriter;
import dev.twinrun.benchmarks.report.JsonReport;
import dev.twinrun.benchmarks.report.Operations;
import dev.twinrun.benchmarks.report.ReportDiff;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.stats.StatsFile;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twinrun report}: statistics from raw records, reports from statistics, and the diff of two reports. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Build comparison reports from raw measurements and compare two reports.",
        subcommands = {ReportCommand.Stats.class, ReportCommand.Build.class, ReportCommand.Diff.class})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code report stats RAW.jsonl --out stats.json}: statistics from saved raw records, rerunnable. */
    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description =
                    "Compute per-variant statistics (p50/p90/p99, trimmed mean; cold and warm apart) from raw JSONL.")
    static final class Stats implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RAW.jsonl", description = "Raw per-invocation records.")
        Path raw;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "stats.json",
                description = "Where to write the statistics.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<VariantStats> stats = Comparison.statistics(raw);
            Comparison.writeStatistics(stats, out);
            spec.commandLine().getOut().println("wrote " + out + " (" + stats.size() + " variants)");
            return 0;
        }
    }

    /** {@code report build}: prices measured variants under a scenario and writes every report format. */
    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = "Write report.md, report.html, report.json and CSVs from raw records or saved statistics.")
    static final class Build implements Callable<Integer> {
        static final class Input {
            @Option(names = "--raw", paramLabel = "RAW.jsonl", description = "Raw per-invocation records.")
            Path raw;

            @Option(names = "--stats", paramLabel = "stats.json", description = "Statistics saved by 'report stats'.")
            Path stats;
        }

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Input input;

        @Mixin
        ScenarioOptions scenario = new ScenarioOptions("seed-2017");

        @Mixin
        ScenarioOverrides overrides = new ScenarioOverrides();

        @Option(
                names = "--size",
                converter = SizeConverter.class,
                paramLabel = "SIZE",
                description =
                        "The data size per hour the records measured (compare's --size): the measured ms per MB and the"
                                + " size comparison's work come from it (default: the scenario's data size).")
        DataSize size;

        @Option(
                names = "--fit-stats",
                paramLabel = "stats.json",
                description =
                        "Statistics of the same variants at a second, smaller size (compare's DIR/fit/stats.json):"
                                + " the size model's work is then fitted from CPU time at two sizes.")
        Path fitStats;

        @Option(
                names = "--fit-size",
                converter = SizeConverter.class,
                paramLabel = "SIZE",
                description = "The data size per hour of --fit-stats.")
        DataSize fitSize;

        @Option(names = "--title", defaultValue = "twinrun: Lambda vs EC2", description = "Report title.")
        String title;

        @Option(
                names = "--notes",
                paramLabel = "FILE",
                description =
                        "Notes the report says first, one a line (compare writes how it measured to DIR/notes.txt).")
        Path notes;

        @Option(
                names = "--about",
                paramLabel = "FILE",
                description = "The data and the job the records measured (compare writes them to DIR/about.json).")
        Path about;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory.")
        Path out;

        @Option(
                names = "--dependency-cost",
                paramLabel = "FILE",
                description = "The dependency.json of ./twinrun bench lambda --added-dependency-mb, as compare"
                        + " --dependency-cost takes it: the \"a new dependency costs\" row quotes it.")
        Path dependencyCost;

        @Option(
                names = "--freshness",
                paramLabel = "freshness.json",
                description = "The cost-vs-time-to-insight section compare --arrival wrote (DIR/freshness.json), added"
                        + " as it was priced (default: the freshness.json beside --raw or --stats, else in --out).")
        Path freshness;

        @Option(
                names = "--sizes",
                arity = "0..1",
                split = ",",
                converter = SizeConverter.class,
                fallbackValue = CostCommand.DEFAULT_SIZES,
                paramLabel = "SIZE[,SIZE...]",
                description =
                        "Add the cost-vs-data-size comparison (at most 100GB): from the measured work per MB when the"
                                + " statistics have a warm Lambda, else from the scenario; without a value: "
                                + CostCommand.DEFAULT_SIZES + ".")
        List<DataSize> sizes;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if ((fitStats == null) != (fitSize == null)) {
                throw new IllegalArgumentException("--fit-stats and --fit-size go together");
            }
            List<VariantStats> stats = input == null
                    ? List.of()
                    : input.raw != null ? Comparison.statistics(input.raw) : StatsFile.read(input.stats);
            Scenario priced = overrides.apply(scenario.resolve());
            var summary = Comparison.summarize(new Comparison.Request(
                    priced,
                    stats,
                    size,
                    sizes == null ? null : CostCommand.megabytes(sizes),
                    title,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    notes == null ? List.of() : CompareRun.readNotes(notes),
                    about == null ? null : Comparison.readAbout(about).data(),
                    about == null ? null : Comparison.readAbout(about).job(),
                    fitStats == null ? null : StatsFile.read(fitStats),
                    fitSize));
            Path f = freshnessFile();
            FreshnessSummary saved = f == null ? null : FreshnessWriter.read(f);
            if (saved != null || about != null || dependencyCost != null) {
                // The packages compare measured (about.json), the time to insight compare --arrival measured and
                // the dependency cost bench lambda measured, as compare's own report has them.
                Operations.Artifacts measured = about == null
                        ? Operations.Artifacts.NONE
                        : Comparison.readAbout(about).artifacts();
                measured = measured.withFreshness(saved);
                if (dependencyCost != null) {
                    measured = measured.withDependency(DependencyMeasure.read(dependencyCost));
                }
                summary = summary.withOperations(Operations.build(summary, priced, measured));
            }
            for (Path p : ReportWriter.writeAll(summary, out)) {
                spec.commandLine().getOut().println("wrote " + p);
            }
            if (saved != null) {
                for (Path p : FreshnessWriter.write(out, saved)) {
                    spec.commandLine().getOut().println("wrote " + p + " (freshness from " + f + ")");
                }
            }
            return 0;
        }

        /** The freshness section to add: --freshness, else the one saved beside the input or in --out; or null. */
        private Path freshnessFile() {
            if (freshness != null) {
                if (!Files.isRegularFile(freshness)) {
                    throw new IllegalArgumentException("--freshness " + freshness + ": no such file");
                }
                return freshness;
            }
            Path in = input == null ? null : input.raw != null ? input.raw : input.stats;
            List<Path> candidates = new java.util.ArrayList<>();
            if (in != null && in.toAbsolutePath().getParent() != null) {
                candidates.add(in.toAbsolutePath().getParent().resolve(FreshnessWriter.JSON));
            }
            candidates.add(out.resolve(FreshnessWriter.JSON));
            return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        }
    }

    /** {@code report diff A B}: what changed between two reports. */
    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = "Compare two reports (report.json files or report directories): costs, durations, winner.")
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A", description = "The earlier report.")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "The later report.")
        Path b;

        @Option(
                names = "--format",
                defaultValue = "markdown",
                description = "markdown or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReportDiff.Result r = ReportDiff.diff(JsonReport.read(a), JsonReport.read(b));
            if (format.equals("json")) {
                spec.commandLine().getOut().print(ReportDiff.json(r));
            } else if (format.equals("markdown")) {
                spec.commandLine().getOut().print(ReportDiff.markdown(r));
            } else {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--format must be markdown or json: " + format);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}

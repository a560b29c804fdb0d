package dev.twinrun.benchmarks.analysis;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.twinrun.benchmarks.report.Operations;
import dev.twinrun.benchmarks.report.ReportAssembler;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.stats.InputData;
import dev.twinrun.benchmarks.stats.JobIdentity;
import dev.twinrun.benchmarks.stats.LambdaMemoryModel;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.benchmarks.stats.StatsCalculator;
import dev.twinrun.benchmarks.stats.StatsFile;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.WorkFit;
import dev.twinrun.pricing.Workload;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one comparison pipeline, called by {@code compare}, {@code report stats}, {@code report build} and {@code cost}:
 * raw records to statistics ({@link #statistics(Path)}), then {@link #summarize(Request)}: the CPU-share rescale, the
 * measured data size and ms-per-MB, the pricing, the cost-vs-data-size sweep and the report summary.
 *
 * <p>Where the forked runtime gave a Lambda memory size more CPU than Lambda would (a whole core below 1,769 MB), the
 * variant's durations are rescaled to Lambda's CPU share with {@link LambdaMemoryModel} and labelled {@code modelled}.
 * The rescale is applied here, to the statistics as computed from the raw records ({@code stats.json} keeps the
 * measured figures, like {@code raw.jsonl}), so a report rebuilt from either gets the same figures as compare's.
 */
public final class Comparison {
    public static final String STATS = "stats.json";

    /** The notes on how the records were measured, one a line, that {@code compare} writes beside raw.jsonl. */
    public static final String NOTES = "notes.txt";

    /** The data and the job the records measured, as JSON, that {@code compare} writes beside raw.jsonl. */
    public static final String ABOUT = "about.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Comparison() {}

    /**
     * What the records measured: the data and the job, and the packages compare ran (any of them null when not
     * known), so {@code report build} shows what compare measured.
     */
    public record About(InputData data, JobIdentity job, Operations.Package lambdaZip, Operations.Package ec2Jar) {
        /** The data and the job, no packages. */
        public About(InputData data, JobIdentity job) {
            this(data, job, null, null);
        }

        /** The packages as the report's operations section takes them. */
        public Operations.Artifacts artifacts() {
            return new Operations.Artifacts(lambdaZip, ec2Jar, null, null);
        }
    }

    /** Writes {@link #ABOUT}. */
    public static Path writeAbout(Path file, About about) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), about);
        return file;
    }

    /** Reads a file {@link #writeAbout} wrote; fails naming the file when it is not one. */
    public static About readAbout(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), About.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a twinrun about.json: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * What to compare.
     *
     * @param scenario       the scenario priced (after command-line overrides)
     * @param stats          the statistics as computed from the raw records (none: the scenario's durations are priced)
     * @param measuredSize   the data size per hour the records measured; null: the scenario's, when there are records
     * @param sweepSizesMb   sizes for the cost-vs-data-size comparison (the measured size is added); null: none
     * @param title          the report title
     * @param generatedAt    when, as the report says it
     * @param notes          what the report must say first (how it was measured, the output check)
     * @param data           the data the records measured (null: not known)
     * @param job            the job the records measured (null: not known)
     * @param fitStats       the statistics of the same variants at a second, smaller size (compare's fit run): with
     *     them the size model's work is fitted from CPU time at two sizes ({@link WorkFit}); empty: none
     * @param fitSize        the data size per hour of {@code fitStats}
     */
    public record Request(
            Scenario scenario,
            List<VariantStats> stats,
            DataSize measuredSize,
            List<BigDecimal> sweepSizesMb,
            String title,
            String generatedAt,
            List<String> notes,
            InputData data,
            JobIdentity job,
            List<VariantStats> fitStats,
            DataSize fitSize) {
        public Request {
            requireNonNull(scenario, "scenario");
            requireNonNull(title, "title");
            stats = stats == null ? List.of() : List.copyOf(stats);
            sweepSizesMb = sweepSizesMb == null ? null : List.copyOf(sweepSizesMb);
            notes = notes == null ? List.of() : List.copyOf(notes);
            fitStats = fitStats == null ? List.of() : List.copyOf(fitStats);
            if (!fitStats.isEmpty() && fitSize == null) {
                throw new IllegalArgumentException("statistics of a second size need that size (--fit-size)");
            }
        }

        /** Not naming the data or the job, without a second size. */
        public Request(
                Scenario scenario,
                List<VariantStats> stats,
                DataSize measuredSize,
                List<BigDecimal> sweepSizesMb,
                String title,
                String generatedAt,
                List<String> notes) {
            this(scenario, stats, measuredSize, sweepSizesMb, title, generatedAt, notes, null, null, null, null);
        }
    }

    /** The statistics of a raw JSON-lines file, as measured (no rescale). */
    public static List<VariantStats> statistics(Path raw) throws IOException {
        return StatsCalculator.summarize(RawRecords.read(raw));
    }

    /** Writes the statistics to {@code dir/stats.json} and returns the file. */
    public static Path writeStatistics(List<VariantStats> stats, Path file) throws IOException {
        StatsFile.write(file, stats);
        return file;
    }

    /** The report summary: rescale, measured size and work, prices, size sweep, notes. */
    public static ReportSummary summarize(Request r) {
        Scenario scenario = r.scenario();
        PriceBook book = PriceBook.load(scenario.priceBook());
        BigDecimal fullVcpu = book.decimalOr("lambda.cpu.fullVcpuAtMb", LambdaMemoryModel.FULL_VCPU_AT_MB);
        List<String> notes = new ArrayList<>();
        List<VariantStats> stats = cpuShare(r.stats(), fullVcpu, notes);
        BigDecimal mb = r.measuredSize() != null
                ? r.measuredSize().megabytes()
                : stats.isEmpty() ? null : scenario.run().dataSizeMb();

        Optional<WorkFit> fit = mb == null || r.fitStats().isEmpty()
                ? Optional.empty()
                : cpuFit(r.stats(), mb, r.fitStats(), r.fitSize().megabytes(), notes);
        Scenario s = mb == null ? scenario : measuredScenario(scenario, book, stats, mb, fit, notes);
        ReportAssembler assembler = new ReportAssembler(book);
        ReportSummary assembled = assembler.assemble(s, stats, r.title(), r.generatedAt());
        List<String> allNotes = new ArrayList<>(r.notes());
        allNotes.addAll(notes);
        allNotes.addAll(assembled.notes());
        ReportSummary summary = assembled.withNotes(allNotes).withSubject(r.data(), r.job());
        if (r.sweepSizesMb() != null) {
            Optional<Workload> fromRun = mb == null
                    ? Optional.empty()
                    : fit.isPresent()
                            ? Optional.of(fitWorkload(r.stats(), mb, fit.get()))
                            : measuredWorkload(book, stats, mb);
            Workload work = fromRun.orElseGet(() -> Workload.fromScenario(scenario, book));
            List<BigDecimal> sizes = new ArrayList<>(r.sweepSizesMb());
            fromRun.ifPresent(w -> sizes.add(w.basisSizeMb()));
            // The sweep's Lambda is priced on the architecture the cost table prices the measured variants on.
            Scenario sweepScenario = bestWarmLambda(stats, false)
                    .map(VariantStats::arch)
                    .filter(a -> a != null && !a.equals(scenario.lambda().arch()))
                    .map(scenario::withArch)
                    .orElse(scenario);
            SizeSweepResult sweep = new SizeSweep(book, sweepScenario, work, limits(r.stats())).run(sizes);
            summary = assembler.withSizes(summary, sweep);
        }
        return summary.withOperations(Operations.build(summary, s, Operations.Artifacts.NONE));
    }

    /** The report and the files written. */
    public record Outcome(ReportSummary summary, List<VariantStats> stats, Path statsFile, List<Path> files) {}

    /**
     * The whole pipeline on a directory: reads {@code raw}, writes {@code dir/stats.json}, the summary of
     * {@code request} (its stats replaced by raw's) and every report format into {@code dir}.
     */
    public static Outcome run(Path raw, Path dir, Request request) throws IOException {
        return run(raw, dir, request, null);
    }

    /** As {@link #run(Path, Path, Request)}, the operations section measuring {@code artifacts} (null: none). */
    public static Outcome run(Path raw, Path dir, Request request, Operations.Artifacts artifacts) throws IOException {
        List<VariantStats> stats = statistics(raw);
        Path statsFile = writeStatistics(stats, dir.resolve(STATS));
        ReportSummary summary = summarize(new Request(
                request.scenario(),
                stats,
                request.measuredSize(),
                request.sweepSizesMb(),
                request.title(),
                request.generatedAt(),
                request.notes(),
                request.data(),
                request.job(),
                request.fitStats(),
                request.fitSize()));
        if (artifacts != null) {
            summary = summary.withOperations(Operations.build(summary, request.scenario(), artifacts));
        }
        return new Outcome(summary, stats, statsFile, ReportWriter.writeAll(summary, dir));
    }

    /**
     * Lambda variants measured below one full vCPU ran on a whole core in the forked runtime (cores are whole); Lambda
     * gives them memory / 1,769 MB of one. Their wall times are rescaled: the CPU part (cpuMs) divided by that share.
     */
    static List<VariantStats> cpuShare(List<VariantStats> stats, BigDecimal fullVcpu, List<String> notes) {
        List<VariantStats> out = new ArrayList<>();
        for (VariantStats v : stats) {
            if (v.platform() != Platform.LAMBDA
                    || v.memoryMb() == null
                    || BigDecimal.valueOf(v.memoryMb()).compareTo(fullVcpu) >= 0) {
                out.add(v);
                continue;
            }
            // As run: one whole core, i.e. the share of a function at fullVcpu MB.
            VariantStats asRun = new VariantStats(
                    v.variantId(),
                    v.platform(),
                    fullVcpu.intValue(),
                    v.arch(),
                    v.instanceType(),
                    v.provenance(),
                    v.coldRuns(),
                    v.warmRuns(),
                    v.failedRuns(),
                    v.phases());
            Optional<VariantStats> m = LambdaMemoryModel.at(asRun, v.memoryMb(), fullVcpu);
            if (m.isEmpty()) {
                out.add(v);
                notes.add(v.variantId() + ": ran on a whole core in the forked runtime and has no CPU time to rescale;"
                        + " its durations are optimistic (Lambda gives " + share(v.memoryMb(), fullVcpu) + " vCPU)");
                continue;
            }
            out.add(m.get());
            StringBuilder b = new StringBuilder(v.variantId())
                    .append(": the forked runtime ran it on a whole core; Lambda gives ")
                    .append(share(v.memoryMb(), fullVcpu))
                    .append(" vCPU (")
                    .append(v.memoryMb())
                    .append(" MB / ")
                    .append(fullVcpu.toPlainString())
                    .append(" MB), so its durations are modelled: wall + cpu x (1/share - 1)");
            for (PhaseStats p : v.phases()) {
                Optional<PhaseStats> mp = m.get().phase(p.phase());
                if (p.wallMs() != null && mp.isPresent() && mp.get().wallMs() != null && p.cpuMs() != null) {
                    b.append("; ")
                            .append(p.phase())
                            .append(" p50 ")
                            .append(ms(p.wallMs()))
                            .append(" measured (cpu ")
                            .append(ms(p.cpuMs()))
                            .append(") -> ")
                            .append(ms(mp.get().wallMs()))
                            .append(" modelled");
                }
            }
            b.append(". INIT is kept as measured (it would be slower too). raw.jsonl keeps the measured figures.");
            notes.add(b.toString());
        }
        return out;
    }

    private static String share(int memoryMb, BigDecimal fullVcpu) {
        return LambdaMemoryModel.share(memoryMb, fullVcpu)
                .setScale(3, RoundingMode.HALF_UP)
                .toPlainString();
    }

    private static String ms(MetricStats m) {
        return m.p50().setScale(0, RoundingMode.HALF_UP).toPlainString() + " ms";
    }

    /**
     * The work per MB measured here, for the size sweep: the best-provisioned measured Lambda variant's warm wall p50
     * over the data size (at that memory's CPU share), its cold wall p50 (the excess over warm is fixed time) and its
     * cold INIT p50. Without a measured variant (only sizes below one vCPU ran), the best rescaled one, and the workload
     * is then labelled modelled; empty when no Lambda ran warm.
     */
    public static Optional<Workload> measuredWorkload(PriceBook book, List<VariantStats> stats, BigDecimal mb) {
        Optional<VariantStats> best = bestWarmLambda(stats, false);
        if (best.isEmpty() || mb.signum() <= 0) {
            return Optional.empty();
        }
        VariantStats v = best.get();
        BigDecimal warm =
                v.phase(Phase.WARM).map(PhaseStats::wallMs).orElseThrow().p50();
        BigDecimal init = v.phase(Phase.COLD)
                .map(PhaseStats::initMs)
                .map(MetricStats::p50)
                .orElse(BigDecimal.ZERO);
        BigDecimal cold = v.phase(Phase.COLD)
                .map(PhaseStats::wallMs)
                .map(MetricStats::p50)
                .orElse(null);
        Workload w = Workload.measured(
                book, warm, cold, init, v.memoryMb(), mb, "measured by twinrun compare (" + v.variantId() + ")");
        if (v.provenance() != Provenance.MEASURED) {
            w = new Workload(
                    w.msPerMbPerVcpu(),
                    w.fixedMs(),
                    w.initMs(),
                    w.basisSizeMb(),
                    false,
                    w.source() + ", its durations rescaled to Lambda's CPU share (modelled)");
        }
        return Optional.of(w);
    }

    /**
     * The scenario with the measured data size and its ms-per-MB at the scenario's own Lambda memory, so the data-size
     * break-even is about this workload at that memory's CPU share: from the CPU fit when there is one (per-MB CPU
     * work / the memory's vCPUs), else the best-provisioned measured Lambda variant's warm p50 wall divided by the
     * size (linear through zero), scaled from that variant's CPU share to the scenario memory's.
     */
    static Scenario measuredScenario(
            Scenario s,
            PriceBook book,
            List<VariantStats> stats,
            BigDecimal mb,
            Optional<WorkFit> fit,
            List<String> notes) {
        BigDecimal msPerMb = s.run().msPerMb();
        int memory = s.lambda().memoryMb();
        BigDecimal vcpus = Workload.vcpusAt(book, memory);
        Optional<VariantStats> best = bestWarmLambda(stats, true);
        if (fit.isPresent() && mb.signum() > 0) {
            msPerMb =
                    fit.get().cpuMsPerMb().divide(vcpus, MathContext.DECIMAL64).setScale(3, RoundingMode.HALF_UP);
            notes.add("data size " + Money.plain(mb, 3) + " MB (2^20 bytes) as generated; msPerMb "
                    + msPerMb.toPlainString() + " at " + memory + " MB = the fitted "
                    + Money.plain(fit.get().cpuMsPerMb(), 3)
                    + " CPU ms per MB / " + Money.plain(vcpus, 3) + " vCPU (for the data-size break-even)");
        } else if (best.isPresent() && mb.signum() > 0) {
            BigDecimal warm = best.get()
                    .phase(Phase.WARM)
                    .map(PhaseStats::wallMs)
                    .orElseThrow()
                    .p50();
            BigDecimal bestVcpus = Workload.vcpusAt(book, best.get().memoryMb());
            msPerMb = warm.divide(mb, MathContext.DECIMAL64)
                    .multiply(bestVcpus)
                    .divide(vcpus, MathContext.DECIMAL64)
                    .setScale(3, RoundingMode.HALF_UP);
            notes.add("data size " + Money.plain(mb, 3) + " MB (2^20 bytes) as generated; msPerMb "
                    + msPerMb.toPlainString() + " at " + memory + " MB = "
                    + best.get().variantId() + " warm wall p50 "
                    + warm.toPlainString() + " ms / " + Money.plain(mb, 3) + " MB x " + Money.plain(bestVcpus, 3)
                    + " / " + Money.plain(vcpus, 3) + " vCPU (modelled as linear through zero, for the data-size"
                    + " break-even)");
        }
        Scenario.Run r = s.run();
        return s.withRun(
                new Scenario.Run(r.durationMs(), r.warmDurationMs(), r.initMs(), r.coldStartShare(), mb, msPerMb));
    }

    /**
     * The work model from CPU time at two sizes: the best-provisioned measured Lambda variant's warm CPU time at the
     * measured size and at the fit size (the same variant in {@code fitStats}), fitted with {@link WorkFit}. Empty
     * (with a note) when the fit run has no such variant or the fit fails.
     */
    static Optional<WorkFit> cpuFit(
            List<VariantStats> stats,
            BigDecimal mb,
            List<VariantStats> fitStats,
            BigDecimal fitMb,
            List<String> notes) {
        Optional<VariantStats> best = bestWarmCpuLambda(stats);
        if (best.isEmpty()) {
            notes.add("work fit: no measured Lambda variant with a warm CPU time; the work per MB is wall time");
            return Optional.empty();
        }
        String id = best.get().variantId();
        Optional<VariantStats> small = fitStats.stream()
                .filter(v -> v.variantId().equals(id))
                .filter(v -> warmCpu(v).isPresent())
                .findFirst();
        if (small.isEmpty()) {
            notes.add("work fit: the second size has no warm CPU time of " + id + "; the work per MB is wall time");
            return Optional.empty();
        }
        try {
            return Optional.of(WorkFit.fromSummaries(
                    List.of(
                            summary(mb, warmCpu(best.get()).orElseThrow()),
                            summary(fitMb, warmCpu(small.get()).orElseThrow())),
                    "measured by twinrun compare (" + id + ", warm runs at " + DataSize.text(fitMb) + " and "
                            + DataSize.text(mb) + ")"));
        } catch (IllegalArgumentException e) {
            notes.add("work fit: " + e.getMessage() + "; the work per MB is wall time");
            return Optional.empty();
        }
    }

    /**
     * The size model's workload from a CPU fit: per-MB and fixed CPU work from the fit, plus what a cold run of the
     * fitted variant used beyond a warm one (CPU: JIT warm-up, class loading) as fixed work, since every modelled run is
     * priced cold; INIT as measured.
     */
    static Workload fitWorkload(List<VariantStats> stats, BigDecimal mb, WorkFit fit) {
        VariantStats v = bestWarmCpuLambda(stats).orElseThrow();
        BigDecimal warm = warmCpu(v).orElseThrow().p50();
        BigDecimal coldExtra = v.phase(Phase.COLD)
                .map(PhaseStats::cpuMs)
                .map(c -> c.p50().subtract(warm).max(BigDecimal.ZERO))
                .orElse(BigDecimal.ZERO);
        BigDecimal init = v.phase(Phase.COLD)
                .map(PhaseStats::initMs)
                .map(MetricStats::p50)
                .orElse(BigDecimal.ZERO);
        return new Workload(
                fit.cpuMsPerMb(),
                fit.fixedCpuMs().add(coldExtra),
                init,
                mb,
                true,
                fit.source() + "; a cold run's " + Money.plain(coldExtra, 0) + " CPU ms more as fixed work; INIT "
                        + Money.plain(init, 0) + " ms; wall time waiting for a core is not counted");
    }

    /**
     * The size model's planning limits, with the JVM's memory as measured when a Lambda variant reported it: the
     * greatest "Max Memory Used" of the smallest measured memory size (the tightest the job ran in).
     */
    static SizeSweep.Limits limits(List<VariantStats> stats) {
        SizeSweep.Limits limits = SizeSweep.Limits.defaults();
        Optional<VariantStats> tightest = stats.stream()
                .filter(v -> v.platform() == Platform.LAMBDA && v.memoryMb() != null)
                .filter(v -> v.provenance() == Provenance.MEASURED)
                .filter(v -> v.phases().stream().anyMatch(p -> p.maxMemoryUsedMb() != null))
                .min(Comparator.comparing(VariantStats::memoryMb));
        if (tightest.isEmpty()) {
            return limits;
        }
        VariantStats v = tightest.get();
        BigDecimal peak = v.phases().stream()
                .map(PhaseStats::maxMemoryUsedMb)
                .filter(m -> m != null)
                .map(MetricStats::max)
                .max(BigDecimal::compareTo)
                .orElseThrow();
        return limits.withJvm(
                peak,
                "measured: the largest Max Memory Used of " + v.variantId() + " at " + v.memoryMb()
                        + " MB; the core's heap does not grow with the hour, so taken at every size");
    }

    private static WorkFit.SizeSummary summary(BigDecimal mb, MetricStats cpu) {
        return new WorkFit.SizeSummary(mb, cpu.n(), cpu.p50(), cpu.min(), cpu.max());
    }

    private static Optional<MetricStats> warmCpu(VariantStats v) {
        return v.phase(Phase.WARM).map(PhaseStats::cpuMs);
    }

    private static Optional<VariantStats> bestWarmCpuLambda(List<VariantStats> stats) {
        return stats.stream()
                .filter(v -> v.platform() == Platform.LAMBDA && v.memoryMb() != null)
                .filter(v -> v.provenance() == Provenance.MEASURED)
                .filter(v -> warmCpu(v).isPresent())
                .max(Comparator.comparing(VariantStats::memoryMb));
    }

    /**
     * The best-provisioned Lambda variant with a warm phase: measured ones first (all of them when
     * {@code measuredOnly}), then the largest memory.
     */
    private static Optional<VariantStats> bestWarmLambda(List<VariantStats> stats, boolean measuredOnly) {
        return stats.stream()
                .filter(v -> v.platform() == Platform.LAMBDA && v.memoryMb() != null)
                .filter(v -> !measuredOnly || v.provenance() == Provenance.MEASURED)
                .filter(v -> v.phase(Phase.WARM).map(PhaseStats::wallMs).isPresent())
                .max(Comparator.comparing((VariantStats v) -> v.provenance() == Provenance.MEASURED)
                        .thenComparing(VariantStats::memoryMb));
    }
}

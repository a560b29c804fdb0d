package dev.twinrun.benchmarks.analysis;

import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.Workload;
import dev.twinrun.benchmarks.report.ReportAssembler;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.LambdaMemoryModel;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.benchmarks.stats.StatsCalculator;
import dev.twinrun.benchmarks.stats.StatsFile;
import dev.twinrun.benchmarks.stats.VariantStats;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The statistics step, separate from the measuring: {@code raw.jsonl} to {@code stats.json} to the reports. Where the
 * forked runtime gave a Lambda memory size more CPU than Lambda would (a whole core below 1,769 MB), the variant's
 * durations are rescaled to Lambda's CPU share with {@link LambdaMemoryModel} and labelled {@code modelled}.
 */
public final class Analysis {
    public static final String STATS = "stats.json";

    private Analysis() {
    }

    /** The report and the files written. */
    public record Outcome(ReportSummary summary, List<VariantStats> stats, Path statsFile, List<Path> files) {
    }

    /**
     * Reads the raw records, writes {@code stats.json} and every report format into {@code dir}.
     *
     * @param extraNotes what the report must also say (how it was measured, the output check)
     */
    public static Outcome run(Path raw, Path dir, Scenario scenario, long sizeBytes, String title, String generatedAt,
            List<String> extraNotes) throws IOException {
        return run(raw, dir, scenario, sizeBytes, title, generatedAt, extraNotes, List.of());
    }

    /**
     * As {@link #run(Path, Path, Scenario, long, String, String, List)}, and, when {@code sweepSizesMb} is not empty,
     * the cost-vs-data-size comparison over those sizes and the measured one, with the work per MB measured here.
     */
    public static Outcome run(Path raw, Path dir, Scenario scenario, long sizeBytes, String title, String generatedAt,
            List<String> extraNotes, List<BigDecimal> sweepSizesMb) throws IOException {
        List<InvocationRecord> records = RawRecords.read(raw);
        PriceBook book = PriceBook.load(scenario.priceBook());
        BigDecimal fullVcpu = book.decimalOr("lambda.cpu.fullVcpuAtMb", LambdaMemoryModel.FULL_VCPU_AT_MB);
        List<String> notes = new ArrayList<>();
        List<VariantStats> stats = cpuShare(StatsCalculator.summarize(records), fullVcpu, notes);
        Path statsFile = dir.resolve(STATS);
        StatsFile.write(statsFile, stats);

        Scenario s = measuredScenario(scenario, stats, sizeBytes, notes);
        ReportSummary assembled = new ReportAssembler(book).assemble(s, stats, title, generatedAt);
        List<String> allNotes = new ArrayList<>(extraNotes);
        allNotes.addAll(notes);
        allNotes.addAll(assembled.notes());
        ReportSummary summary = assembled.withNotes(allNotes);
        if (!sweepSizesMb.isEmpty()) {
            Optional<Workload> fromRun = measuredWorkload(book, stats, sizeBytes);
            Workload work = fromRun.orElseGet(() -> Workload.fromScenario(scenario, book));
            List<BigDecimal> sizes = new ArrayList<>(sweepSizesMb);
            fromRun.ifPresent(w -> sizes.add(w.basisSizeMb()));
            SizeSweepResult sweep = new SizeSweep(book, scenario, work).run(sizes);
            summary = new ReportAssembler(book).withSizes(summary, sweep);
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
            if (!v.platform().equals("lambda") || v.memoryMb() == null
                    || BigDecimal.valueOf(v.memoryMb()).compareTo(fullVcpu) >= 0) {
                out.add(v);
                continue;
            }
            // As run: one whole core, i.e. the share of a function at fullVcpu MB.
            VariantStats asRun = new VariantStats(v.variantId(), v.platform(), fullVcpu.intValue(), v.arch(),
                    v.instanceType(), v.provenance(), v.coldRuns(), v.warmRuns(), v.failedRuns(), v.phases());
            Optional<VariantStats> m = LambdaMemoryModel.at(asRun, v.memoryMb(), fullVcpu);
            if (m.isEmpty()) {
                out.add(v);
                notes.add(v.variantId() + ": ran on a whole core in the forked runtime and has no CPU time to rescale;"
                        + " its durations are optimistic (Lambda gives " + share(v.memoryMb(), fullVcpu) + " vCPU)");
                continue;
            }
            out.add(m.get());
            StringBuilder b = new StringBuilder(v.variantId()).append(": the forked runtime ran it on a whole core; Lambda gives ")
                    .append(share(v.memoryMb(), fullVcpu)).append(" vCPU (").append(v.memoryMb()).append(" MB / ")
                    .append(fullVcpu.toPlainString()).append(" MB), so its durations are modelled: wall + cpu x (1/share - 1)");
            for (PhaseStats p : v.phases()) {
                Optional<PhaseStats> mp = m.get().phase(p.phase());
                if (p.wallMs() != null && mp.isPresent() && mp.get().wallMs() != null && p.cpuMs() != null) {
                    b.append("; ").append(p.phase()).append(" p50 ").append(ms(p.wallMs())).append(" measured (cpu ")
                            .append(ms(p.cpuMs())).append(") -> ").append(ms(mp.get().wallMs())).append(" modelled");
                }
            }
            b.append(". INIT is kept as measured (it would be slower too). raw.jsonl keeps the measured figures.");
            notes.add(b.toString());
        }
        return out;
    }

    private static String share(int memoryMb, BigDecimal fullVcpu) {
        return LambdaMemoryModel.share(memoryMb, fullVcpu).setScale(3, RoundingMode.HALF_UP).toPlainString();
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
    public static Optional<Workload> measuredWorkload(PriceBook book, List<VariantStats> stats, long sizeBytes) {
        BigDecimal mb = SizeSweep.megabytes(sizeBytes);
        Optional<VariantStats> best = bestWarmLambda(stats, false);
        if (best.isEmpty() || mb.signum() <= 0) {
            return Optional.empty();
        }
        VariantStats v = best.get();
        BigDecimal warm = v.phase("warm").map(PhaseStats::wallMs).orElseThrow().p50();
        BigDecimal init = v.phase("cold").map(PhaseStats::initMs).map(MetricStats::p50).orElse(BigDecimal.ZERO);
        BigDecimal cold = v.phase("cold").map(PhaseStats::wallMs).map(MetricStats::p50).orElse(null);
        Workload w = Workload.measured(book, warm, cold, init, v.memoryMb(), mb,
                "measured by twinrun compare (" + v.variantId() + ")");
        if (v.provenance() != Provenance.MEASURED) {
            w = new Workload(w.msPerMbPerVcpu(), w.fixedMs(), w.initMs(), w.basisSizeMb(), false,
                    w.source() + ", its durations rescaled to Lambda's CPU share (modelled)");
        }
        return Optional.of(w);
    }

    /**
     * The scenario with the measured data size and a measured ms-per-MB (the best-provisioned measured Lambda variant's
     * warm p50 wall divided by the size, linear through zero), so the data-size break-even is about this workload.
     */
    static Scenario measuredScenario(Scenario s, List<VariantStats> stats, long sizeBytes, List<String> notes) {
        BigDecimal mb = SizeSweep.megabytes(sizeBytes);
        BigDecimal msPerMb = s.run().msPerMb();
        Optional<VariantStats> best = bestWarmLambda(stats, true);
        if (best.isPresent() && mb.signum() > 0) {
            BigDecimal warm = best.get().phase("warm").map(PhaseStats::wallMs).orElseThrow().p50();
            msPerMb = warm.divide(mb, MathContext.DECIMAL64).setScale(3, RoundingMode.HALF_UP);
            notes.add("data size " + Money.plain(mb, 3) + " MB (2^20 bytes) as generated; msPerMb " + msPerMb.toPlainString()
                    + " = " + best.get().variantId() + " warm wall p50 " + warm.toPlainString() + " ms / "
                    + Money.plain(mb, 3) + " MB (modelled as linear through zero, for the data-size break-even)");
        }
        Scenario.Run r = s.run();
        return s.withRun(new Scenario.Run(r.durationMs(), r.warmDurationMs(), r.initMs(), r.coldStartShare(), mb, msPerMb));
    }

    /**
     * The best-provisioned Lambda variant with a warm phase: measured ones first (all of them when
     * {@code measuredOnly}), then the largest memory.
     */
    private static Optional<VariantStats> bestWarmLambda(List<VariantStats> stats, boolean measuredOnly) {
        return stats.stream()
                .filter(v -> v.platform().equals("lambda") && v.memoryMb() != null)
                .filter(v -> !measuredOnly || v.provenance() == Provenance.MEASURED)
                .filter(v -> v.phase("warm").map(PhaseStats::wallMs).isPresent())
                .max(Comparator.comparing((VariantStats v) -> v.provenance() == Provenance.MEASURED)
                        .thenComparing(VariantStats::memoryMb));
    }
}

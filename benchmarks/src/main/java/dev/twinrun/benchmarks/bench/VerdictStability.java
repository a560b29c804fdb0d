package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.report.JsonReport;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.SizeSweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code twinrun bench verdict-stability}: the same {@code compare} twice, on a quiet machine and with one core kept
 * busy by a load generator (a shell busy loop, pinned to one core with {@code taskset} where it exists), then both
 * verdicts and the cost ratios. Stable means the same winner at the scenario's schedule, the same cheapest variant at
 * every size of the size comparison, and the winner's monthly cost within {@link #TOLERANCE}. The fitted per-MB CPU
 * work and the first crossover are printed beside them (they move within the work model's spread, which the report
 * states), not judged.
 */
public final class VerdictStability {
    /** How far the loaded run's figures may be from the quiet run's: 10 %. */
    public static final BigDecimal TOLERANCE = new BigDecimal("0.10");

    /**
     * Two winners are a tie when, in each run, the other run's winner costs within 1 % of that run's winner: the
     * choice between them is worth less than 1 % of the bill either way, so a flip between them is not a changed
     * decision (it is reported, not judged).
     */
    public static final BigDecimal TIE = new BigDecimal("0.01");

    private static final MathContext MC = MathContext.DECIMAL64;

    private VerdictStability() {}

    /** Runs {@code compare} into a directory and returns its exit code. */
    @FunctionalInterface
    public interface Compare {
        int run(Path dir) throws Exception;
    }

    /** The two runs' reports and the machine's load average (1 minute) before each. */
    public record Outcome(
            ReportSummary quiet,
            ReportSummary loaded,
            String loadQuiet,
            String loadLoaded,
            List<String> problems,
            List<String> ties) {
        public Outcome {
            requireNonNull(quiet, "quiet");
            requireNonNull(loaded, "loaded");
            problems = List.copyOf(problems);
            ties = List.copyOf(ties);
        }

        public boolean stable() {
            return problems.isEmpty();
        }
    }

    /** Both runs, quiet first; prints both verdicts and the ratios; exit code 0 when stable, 1 when not. */
    public static int run(Compare compare, Path out, PrintWriter w) throws Exception {
        Path quietDir = out.resolve("quiet");
        Path loadedDir = out.resolve("loaded");
        String loadQuiet = loadAverage();
        w.println("verdict-stability: compare on a quiet machine (load average " + loadQuiet + ") ...");
        w.flush();
        check(compare.run(quietDir), "quiet");
        Process load = startLoad();
        String loadLoaded;
        try {
            Thread.sleep(2_000);
            loadLoaded = loadAverage();
            w.println("verdict-stability: compare with one core busy (pid " + load.pid() + ", load average "
                    + loadLoaded + ") ...");
            w.flush();
            check(compare.run(loadedDir), "loaded");
        } finally {
            load.destroy();
            load.waitFor();
        }
        Outcome o = compare(read(quietDir), read(loadedDir), loadQuiet, loadLoaded);
        print(o, w);
        return o.stable() ? 0 : 1;
    }

    /** Compares the two reports (see the class comment). */
    public static Outcome compare(ReportSummary quiet, ReportSummary loaded, String loadQuiet, String loadLoaded) {
        List<String> problems = new ArrayList<>();
        List<String> ties = new ArrayList<>();
        Verdict q = quiet.verdicts().get(0);
        Verdict l = loaded.verdicts().get(0);
        if (!q.cheapestVariantId().equals(l.cheapestVariantId())) {
            Optional<BigDecimal> otherQuiet = monthUsd(quiet, loaded, l.cheapestVariantId());
            Optional<BigDecimal> otherLoaded = monthUsd(loaded, quiet, q.cheapestVariantId());
            boolean tie = otherQuiet.isPresent()
                    && otherLoaded.isPresent()
                    && !outside(ratio(otherQuiet.get(), q.cheapestMonthUsd()), TIE)
                    && !outside(ratio(otherLoaded.get(), l.cheapestMonthUsd()), TIE);
            String changed = q.cheapestVariantId() + " quiet, " + l.cheapestVariantId() + " loaded";
            if (tie) {
                ties.add("the winner changed between two variants within " + percent(BigDecimal.ONE.add(TIE))
                        + " of each other in both runs (" + changed + "; quiet: "
                        + Money.format(q.cheapestMonthUsd()) + " against " + Money.format(otherQuiet.get())
                        + ", loaded: " + Money.format(l.cheapestMonthUsd()) + " against "
                        + Money.format(otherLoaded.get()) + "/month)");
            } else {
                problems.add("the verdict changed: " + changed);
            }
        }
        BigDecimal costRatio = ratio(l.cheapestMonthUsd(), q.cheapestMonthUsd());
        if (outside(costRatio)) {
            problems.add("the winner's monthly cost moved by " + percent(costRatio) + " ("
                    + Money.format(q.cheapestMonthUsd()) + " quiet, " + Money.format(l.cheapestMonthUsd())
                    + " loaded)");
        }
        SizeSweepResult qs = quiet.sizes();
        SizeSweepResult ls = loaded.sizes();
        if (qs != null && ls != null) {
            for (int i = 0; i < Math.min(qs.rows().size(), ls.rows().size()); i++) {
                SizeSweepResult.Row a = qs.rows().get(i);
                SizeSweepResult.Row b = ls.rows().get(i);
                String ca = a.cheapest() == null ? "none" : a.cheapest();
                String cb = b.cheapest() == null ? "none" : b.cheapest();
                if (a.sizeMb().compareTo(b.sizeMb()) == 0 && !ca.equals(cb)) {
                    problems.add("at " + Money.plain(a.sizeMb(), 0) + " MB the cheapest changed: " + ca + " quiet, "
                            + cb + " loaded");
                }
            }
        }
        return new Outcome(quiet, loaded, loadQuiet, loadLoaded, problems, ties);
    }

    /**
     * The monthly cost of {@code variantId} (the winner of {@code other}) in {@code r}'s cost table; when {@code r} has
     * no such row (an alternative such as SnapStart is priced for the cheapest measured Lambda only), the row of the
     * measured variant it was derived from.
     */
    private static Optional<BigDecimal> monthUsd(ReportSummary r, ReportSummary other, String variantId) {
        Optional<BigDecimal> exact = row(r, variantId).map(ReportSummary.PricedVariant::perMonthUsd);
        if (exact.isPresent()) {
            return exact;
        }
        return row(other, variantId)
                .map(ReportSummary.PricedVariant::measuredVariantId)
                .flatMap(measured -> row(r, measured))
                .map(ReportSummary.PricedVariant::perMonthUsd);
    }

    private static Optional<ReportSummary.PricedVariant> row(ReportSummary r, String variantId) {
        return r.costs().stream().filter(c -> c.variantId().equals(variantId)).findFirst();
    }

    static void print(Outcome o, PrintWriter w) {
        Verdict q = o.quiet().verdicts().get(0);
        Verdict l = o.loaded().verdicts().get(0);
        w.println();
        w.println("quiet  (load " + o.loadQuiet() + "): " + line(q));
        w.println("loaded (load " + o.loadLoaded() + "): " + line(l));
        w.printf(
                Locale.ROOT,
                "winner's cost ratio loaded/quiet: %s%n",
                ratio(l.cheapestMonthUsd(), q.cheapestMonthUsd()).setScale(3, RoundingMode.HALF_UP));
        SizeSweepResult qs = o.quiet().sizes();
        SizeSweepResult ls = o.loaded().sizes();
        if (qs != null && ls != null) {
            w.printf(
                    Locale.ROOT,
                    "per-MB CPU work: %s ms quiet, %s ms loaded (ratio %s)%n",
                    Money.plain(qs.workload().msPerMbPerVcpu(), 3),
                    Money.plain(ls.workload().msPerMbPerVcpu(), 3),
                    ratio(ls.workload().msPerMbPerVcpu(), qs.workload().msPerMbPerVcpu())
                            .setScale(3, RoundingMode.HALF_UP));
            crossover(qs).ifPresent(c -> w.println("first crossover quiet:  " + c));
            crossover(ls).ifPresent(c -> w.println("first crossover loaded: " + c));
        }
        o.ties().forEach(t -> w.println("tie: " + t));
        w.println(
                o.stable()
                        ? "stable: the same verdict and cheapest variant at every size, the winner's cost within "
                                + percent(BigDecimal.ONE.add(TOLERANCE))
                        : "NOT stable: " + String.join("; ", o.problems()));
        w.flush();
    }

    private static Optional<String> crossover(SizeSweepResult s) {
        return s.crossovers().stream()
                .findFirst()
                .map(c -> Money.plain(c.sizeMb(), 0) + " MB (" + c.cheaperBelow() + " below, " + c.cheaperAbove()
                        + " above)");
    }

    private static String line(Verdict v) {
        return v.cheapestVariantId() + " " + Money.format(v.cheapestMonthUsd()) + "/month"
                + (v.runnerUpVariantId() == null
                        ? ""
                        : " against " + v.runnerUpVariantId() + " " + Money.format(v.runnerUpMonthUsd()) + "/month");
    }

    private static BigDecimal ratio(BigDecimal a, BigDecimal b) {
        return b.signum() == 0 ? BigDecimal.ONE : a.divide(b, MC);
    }

    private static boolean outside(BigDecimal ratio) {
        return outside(ratio, TOLERANCE);
    }

    private static boolean outside(BigDecimal ratio, BigDecimal tolerance) {
        return ratio.subtract(BigDecimal.ONE).abs().compareTo(tolerance) > 0;
    }

    private static String percent(BigDecimal ratio) {
        return Money.plain(ratio.subtract(BigDecimal.ONE).multiply(BigDecimal.valueOf(100)), 1) + " %";
    }

    private static void check(int exit, String which) {
        if (exit != 0) {
            throw new IllegalStateException("the " + which + " compare run failed (exit " + exit + ")");
        }
    }

    private static ReportSummary read(Path dir) throws IOException {
        return JsonReport.read(dir);
    }

    /** A busy loop on one core: {@code taskset -c 1 sh -c 'while :; do :; done'}, without taskset where it is absent. */
    static Process startLoad() throws IOException {
        List<String> cmd = new ArrayList<>();
        boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset"));
        if (taskset && Runtime.getRuntime().availableProcessors() > 1) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", "1"));
        }
        cmd.addAll(List.of("sh", "-c", "while :; do :; done"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg, or {@code unknown}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.SizeSweepResult;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What {@code twinrun compare} prints on the terminal about its report: measurements, verdicts, the size sweep. */
public final class CompareText {
    private CompareText() {}

    /** The p50 wall times measured per variant and phase, then the verdict at each schedule. */
    public static void summary(PrintWriter w, ReportSummary sum) {
        for (Text t : new Text[] {Sentences.data(sum), Sentences.job(sum)}) {
            if (t != null) {
                w.println(t.plain());
            }
        }
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
            String who = v.schedule().equals("seed")
                    ? "the seed's schedule"
                    : "scenario " + sum.scenario().name();
            w.println("at " + who + " (" + sched + "):");
            if (v.runnerUpVariantId() == null) {
                w.println("  only " + label(byId, v.cheapestVariantId()) + " could be priced: "
                        + Money.format(v.cheapestMonthUsd()) + "/month");
                continue;
            }
            String[] months = Money.formatApart(v.cheapestMonthUsd(), v.runnerUpMonthUsd());
            w.printf(
                    Locale.ROOT,
                    "  %s is cheaper: %s/month vs %s %s/month, %s less (%s %%)%s%n",
                    label(byId, v.cheapestVariantId()),
                    months[0],
                    label(byId, v.runnerUpVariantId()),
                    months[1],
                    Money.format(v.savingUsd()),
                    v.savingPercent().toPlainString(),
                    v.cheapestDurationProvenance() == Provenance.MODELLED ? " [winner's duration modelled]" : "");
            w.println("  why: " + v.why());
            if (v.sensitivity() != null) {
                w.println("  sensitivity: " + v.sensitivity());
            }
            if (v.withoutCommitments() != null) {
                w.println("  without commitments: " + v.withoutCommitments());
            }
            if (v.deployCommand() != null) {
                w.println("  deploy it: " + v.deployCommand());
            }
        }
    }

    /** Three lines on the size comparison: where each variant stops, what is cheapest at each end, the crossovers. */
    public static void sizes(PrintWriter w, SizeSweepResult sweep) {
        if (sweep == null || sweep.rows().isEmpty()) {
            return;
        }
        w.println();
        w.println("as the hour grows (modelled from this run's work per MB; report: cost vs data size):");
        StringBuilder limits = new StringBuilder("  first limits:");
        for (SizeSweepResult.LimitHit h : sweep.firstLimits()) {
            limits.append(' ')
                    .append(SizeText.variant(h.variant()))
                    .append(
                            h.atSizeMb() == null
                                    ? " none up to 1 TB;"
                                    : " at " + SizeText.size(h.atSizeMb()) + " (" + h.limit() + ");");
        }
        w.println(limits.toString().replaceAll(";$", ""));
        for (SizeSweepResult.Row r :
                List.of(sweep.rows().get(0), sweep.rows().get(sweep.rows().size() - 1))) {
            SizeSweepResult.Option o = r.cheapest() == null ? null : r.option(r.cheapest());
            w.println("  at " + SizeText.size(r.sizeMb()) + (r.measured() ? " (measured work)" : "") + ": cheapest "
                    + (o == null
                            ? "none fits"
                            : SizeText.variant(o.variant()) + ", " + o.config() + ", " + Money.format(o.perMonthUsd())
                                    + "/month"));
            SizeSweepResult.Option ec2 = r.option(SizeSweepResult.EC2);
            if (ec2.fits() && !SizeText.ruledOut(ec2).isEmpty()) {
                w.println("    EC2 " + ec2.config() + " because cheaper types cannot: " + SizeText.ruledOut(ec2));
            }
        }
        for (SizeSweepResult.Crossover c : sweep.crossovers()) {
            w.println("  crossover at " + SizeText.size(c.sizeMb()) + ": " + SizeText.variant(c.cheaperBelow())
                    + " cheaper below, " + SizeText.variant(c.cheaperAbove()) + " above");
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

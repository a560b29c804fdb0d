package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.ScenarioInfo;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.SizeSweepResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Renders a summary as Markdown: verdicts first, then costs, break-even, measurements and the price lines used. */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(ReportSummary s) {
        StringBuilder md = new StringBuilder();
        ScenarioInfo sc = s.scenario();
        md.append("# ").append(s.title()).append("\n\n");
        md.append(Sentences.header(s).markdown()).append("\n\n");
        for (Text t : new Text[] {Sentences.data(s), Sentences.job(s)}) {
            if (t != null) {
                md.append(t.markdown()).append("\n\n");
            }
        }
        if (!sc.description().isEmpty()) {
            md.append(sc.description()).append("\n\n");
        }
        md.append(Sentences.schedule(sc).markdown()).append("\n\n");

        md.append("## Verdict\n\n");
        for (Verdict v : s.verdicts()) {
            md.append("- ").append(Sentences.verdict(v).markdown()).append("\n");
        }
        md.append("\n## Costs\n\n");
        md.append("| variant | model | duration ms | from | per run | per month | feasible |\n");
        md.append("|---|---|---:|---|---:|---:|---|\n");
        for (PricedVariant v : s.costs()) {
            md.append("| ")
                    .append(v.label())
                    .append(" | ")
                    .append(v.model())
                    .append(" | ")
                    .append(Money.plain(v.durationMs(), 1))
                    .append(" | ")
                    .append(
                            v.durationProvenance() == null
                                    ? ""
                                    : v.durationProvenance().json())
                    .append(" | ")
                    .append(Money.format(v.perRunUsd()))
                    .append(" | ")
                    .append(Money.format(v.perMonthUsd()))
                    .append(" | ")
                    .append(v.feasible() ? "yes" : "no")
                    .append(" |\n");
        }
        md.append("\n### Cost lines (per month)\n\n");
        md.append("| variant | component | price line | quantity | unit | price USD | per | cost USD | note |\n");
        md.append("|---|---|---|---:|---|---:|---:|---:|---|\n");
        for (PricedVariant v : s.costs()) {
            for (CostLine l : v.lines()) {
                md.append("| ")
                        .append(v.variantId())
                        .append(" | ")
                        .append(l.component())
                        .append(" | `")
                        .append(l.priceLineId())
                        .append("` | ")
                        .append(Money.plain(l.quantity(), 6))
                        .append(" | ")
                        .append(l.unit())
                        .append(" | ")
                        .append(l.priceUsd().toPlainString())
                        .append(" | ")
                        .append(Money.plain(l.per(), 6))
                        .append(" | ")
                        .append(Money.plain(l.costUsd(), 6))
                        .append(" | ")
                        .append(cell(l.note()))
                        .append(" |\n");
            }
            for (String n : v.notes()) {
                md.append("| ")
                        .append(v.variantId())
                        .append(" | note | | | | | | | ")
                        .append(cell(n))
                        .append(" |\n");
            }
        }
        md.append("\n## Break-even\n\n");
        md.append("| dimension | between | and | status | value | cheaper below | cheaper above | note |\n");
        md.append("|---|---|---|---|---:|---|---|---|\n");
        for (BreakEvenResult b : s.breakEvens()) {
            md.append("| ")
                    .append(b.dimension())
                    .append(" | ")
                    .append(b.variantA())
                    .append(" | ")
                    .append(b.variantB())
                    .append(" | ")
                    .append(b.status())
                    .append(" | ")
                    .append(b.value() == null ? "" : Money.plain(b.value(), 3) + " " + b.unit())
                    .append(" | ")
                    .append(nz(b.cheaperBelow()))
                    .append(" | ")
                    .append(nz(b.cheaperAbove()))
                    .append(" | ")
                    .append(cell(b.note()))
                    .append(" |\n");
        }
        if (s.sizes() != null) {
            sizes(md, s.sizes());
        }
        if (s.operations() != null) {
            md.append(OperationsText.markdown(s.operations()));
        }
        md.append("\n## Measurements\n\n");
        if (s.measurements().isEmpty()) {
            md.append("No measurements: every duration above comes from the scenario (modelled).\n");
        } else {
            md.append(
                    "| variant | phase | runs | failed | wall p50 | wall p90 | wall p99 | wall trimmed mean | cpu p50 "
                            + "| billed p50 | init p50 | max memory p50 MB | rows p50 | bytes p50 | from |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (VariantStats v : s.measurements()) {
                for (PhaseStats p : v.phases()) {
                    md.append("| ")
                            .append(v.variantId())
                            .append(" | ")
                            .append(p.phase())
                            .append(" | ")
                            .append(p.runs())
                            .append(" | ")
                            .append(p.failed())
                            .append(" | ")
                            .append(q(p.wallMs(), "p50"))
                            .append(" | ")
                            .append(q(p.wallMs(), "p90"))
                            .append(" | ")
                            .append(q(p.wallMs(), "p99"))
                            .append(" | ")
                            .append(q(p.wallMs(), "tm"))
                            .append(" | ")
                            .append(q(p.cpuMs(), "p50"))
                            .append(" | ")
                            .append(q(p.billedMs(), "p50"))
                            .append(" | ")
                            .append(q(p.initMs(), "p50"))
                            .append(" | ")
                            .append(q(p.maxMemoryUsedMb(), "p50"))
                            .append(" | ")
                            .append(q(p.rowsRead(), "p50"))
                            .append(" | ")
                            .append(q(p.bytesRead(), "p50"))
                            .append(" | ")
                            .append(
                                    p.wallMs() == null
                                            ? ""
                                            : p.wallMs().provenance().json())
                            .append(" |\n");
                }
            }
            md.append(
                    "\nDurations in ms. Cold and warm runs are never mixed; failed runs are counted, not measured.\n");
        }
        md.append("\n## Price book lines used\n\n");
        md.append("| id | value | per | unit | date | region | source |\n|---|---:|---:|---|---|---|---|\n");
        for (PriceLine l : s.priceBook().linesUsed()) {
            md.append("| `")
                    .append(l.id())
                    .append("` | ")
                    .append(l.value())
                    .append(" | ")
                    .append(l.per())
                    .append(" | ")
                    .append(l.unit())
                    .append(" | ")
                    .append(l.date())
                    .append(" | ")
                    .append(l.region())
                    .append(" | ")
                    .append(cell(l.source()))
                    .append(" |\n");
        }
        List<String> notes = new ArrayList<>(s.notes());
        notes.addAll(s.priceBook().notes());
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append("\n");
            }
        }
        return md.toString();
    }

    /** The cost-vs-data-size section: table, first limit per variant, crossovers, assumptions. */
    private static void sizes(StringBuilder md, SizeSweepResult z) {
        md.append("\n## Cost vs data size\n\n");
        md.append("Monthly cost at the scenario's schedule against the data size of one hour (MB and GB are binary: ")
                .append("1 MB = 2^20 bytes). ")
                .append(SizeText.provenance(z))
                .append("\n\n");
        md.append("| size per hour | from | ")
                .append(SizeText.variant(SizeSweepResult.LAMBDA))
                .append(" | ")
                .append(SizeText.variant(SizeSweepResult.FANOUT))
                .append(" | ")
                .append(SizeText.variant(SizeSweepResult.EC2))
                .append(" | cheapest |\n|---:|---|---|---|---|---|\n");
        for (SizeSweepResult.Row r : z.rows()) {
            md.append("| ").append(SizeText.size(r.sizeMb())).append(" | ").append(SizeText.from(r));
            for (String v : SizeSweepResult.VARIANTS) {
                md.append(" | ").append(cell(SizeText.cell(r.option(v))));
            }
            md.append(" | ").append(SizeText.cheapest(r)).append(" |\n");
        }
        md.append("\n### First limit per variant\n\n");
        for (SizeSweepResult.LimitHit l : z.firstLimits()) {
            md.append("- ").append(SizeText.limitLine(l)).append("\n");
        }
        md.append("\n### Crossovers\n\n");
        if (z.crossovers().isEmpty()) {
            md.append("None: the cheapest variant is the same at every size.\n");
        }
        for (SizeSweepResult.Crossover c : z.crossovers()) {
            md.append("- ").append(SizeText.crossoverLine(c)).append("\n");
        }
        md.append("\n### Assumptions\n\n");
        for (String a : z.assumptions()) {
            md.append("- ").append(a).append("\n");
        }
    }

    private static String q(MetricStats m, String which) {
        if (m == null) {
            return "";
        }
        BigDecimal v = switch (which) {
            case "p50" -> m.p50();
            case "p90" -> m.p90();
            case "p99" -> m.p99();
            default -> m.trimmedMean();
        };
        return Money.plain(v, 1);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}

package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.ScenarioInfo;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.SizeSweepResult.Crossover;
import dev.twinrun.pricing.SizeSweepResult.LimitHit;
import dev.twinrun.pricing.SizeSweepResult.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the cost part of a summary as plain text for the terminal ({@code twinrun cost}). */
public final class TextReport {
    private TextReport() {}

    /**
     * Totals, verdicts, break-even and, when the summary has one, cost against data size; with {@code lines}, every
     * priced line with its price-book id.
     */
    public static String render(ReportSummary s, boolean lines) {
        StringBuilder t = new StringBuilder();
        ScenarioInfo sc = s.scenario();
        t.append(Sentences.header(s).plain()).append('\n');
        for (Text x : new Text[] {Sentences.data(s), Sentences.job(s)}) {
            if (x != null) {
                t.append(x.plain()).append('\n');
            }
        }
        t.append(Sentences.schedule(sc).plain()).append("\n\n");
        for (PricedVariant v : s.costs()) {
            t.append(String.format(
                    Locale.ROOT,
                    "%-34s %12s/month  %14s/run  run %s ms (%s)%s%n",
                    v.label(),
                    Money.format(v.perMonthUsd()),
                    Money.format(v.perRunUsd()),
                    Money.plain(v.durationMs(), 1),
                    v.durationProvenance() == null ? "" : v.durationProvenance().json(),
                    v.feasible() ? "" : "  NOT FEASIBLE"));
            if (lines) {
                for (CostLine l : v.lines()) {
                    t.append(String.format(
                            Locale.ROOT,
                            "    %-28s %s %s x %s / %s = %s   [%s]%n",
                            l.component(),
                            Money.plain(l.quantity(), 6),
                            l.unit(),
                            l.priceUsd().toPlainString(),
                            Money.plain(l.per(), 6),
                            Money.plain(l.costUsd(), 6),
                            l.priceLineId()));
                }
                for (String n : v.notes()) {
                    t.append("    note: ").append(n).append('\n');
                }
            }
        }
        t.append('\n');
        for (Verdict v : s.verdicts()) {
            t.append(Sentences.verdict(v).plain()).append('\n');
        }
        t.append("\nBreak-even:\n");
        for (BreakEvenResult b : s.breakEvens()) {
            t.append("  ")
                    .append(b.variantA())
                    .append(" vs ")
                    .append(b.variantB())
                    .append(", ")
                    .append(b.dimension())
                    .append(": ");
            switch (b.status()) {
                case BreakEvenResult.FOUND ->
                    t.append(Money.plain(b.value(), 3))
                            .append(' ')
                            .append(b.unit())
                            .append(" (")
                            .append(b.cheaperBelow())
                            .append(" cheaper below, ")
                            .append(b.cheaperAbove())
                            .append(" above)");
                case BreakEvenResult.NONE_IN_RANGE ->
                    t.append("none in ")
                            .append(Money.plain(b.searchedFrom(), 3))
                            .append("..")
                            .append(Money.plain(b.searchedTo(), 3))
                            .append(' ')
                            .append(b.unit())
                            .append(", ")
                            .append(b.cheaperBelow())
                            .append(" always cheaper");
                default -> t.append(b.note());
            }
            t.append('\n');
        }
        if (s.sizes() != null) {
            sizes(t, s.sizes());
        }
        if (s.operations() != null) {
            t.append(OperationsText.plain(s.operations()));
        }
        return t.toString();
    }

    /** The cost-vs-data-size table, first limits, crossovers and assumptions. */
    private static void sizes(StringBuilder t, SizeSweepResult z) {
        t.append("\nCost vs data size per hour (")
                .append(z.rows().stream().filter(Row::measured).count())
                .append(" measured, ")
                .append(z.rows().stream().filter(r -> !r.measured()).count())
                .append(" modelled; MB = 2^20 bytes, GB = 1024 MB):\n");
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {
            "size",
            "from",
            SizeText.variant(SizeSweepResult.LAMBDA),
            SizeText.variant(SizeSweepResult.FANOUT),
            SizeText.variant(SizeSweepResult.EC2),
            "cheapest"
        });
        for (Row r : z.rows()) {
            table.add(new String[] {
                SizeText.size(r.sizeMb()),
                SizeText.from(r),
                SizeText.cell(r.option(SizeSweepResult.LAMBDA)),
                SizeText.cell(r.option(SizeSweepResult.FANOUT)),
                SizeText.cell(r.option(SizeSweepResult.EC2)),
                SizeText.cheapest(r)
            });
        }
        int[] width = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                // sizes right-aligned so the units line up, the rest left-aligned
                String f = i == 0 ? "%" + width[i] + "s" : "%-" + width[i] + "s";
                line.append(String.format(Locale.ROOT, f, row[i])).append(i < row.length - 1 ? " | " : "");
            }
            t.append(line.toString().stripTrailing()).append('\n');
        }
        t.append("First limit per variant:\n");
        for (LimitHit l : z.firstLimits()) {
            t.append("  ").append(SizeText.limitLine(l)).append('\n');
        }
        t.append("Crossovers:\n");
        if (z.crossovers().isEmpty()) {
            t.append("  none: the cheapest variant is the same at every size\n");
        }
        for (Crossover c : z.crossovers()) {
            t.append("  ").append(SizeText.crossoverLine(c)).append('\n');
        }
        t.append("Assumptions:\n");
        for (String a : z.assumptions()) {
            t.append("  - ").append(a).append('\n');
        }
    }
}

package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.SizeSweepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a summary as one self-contained HTML page (no external script, style or font): the skeleton is the
 * template {@code report.html} beside this class, the charts are {@link HtmlCharts}' inline SVG (monthly cost vs
 * runs per day with the break-even marked, cost vs Lambda memory, wall-time distributions cold vs warm and, when the
 * summary has a size sweep, monthly cost vs data size per hour, log-log, with crossovers and first limits marked).
 * The template's few lines of script count the marks each chart drew into {@code data-drawn-marks}, so a headless
 * browser can check the charts rendered.
 */
public final class HtmlReport {
    private static final Template PAGE = Template.load("report.html");

    private HtmlReport() {}

    public static String render(ReportSummary s) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("title", esc(s.title()));
        v.put("header", Sentences.header(s).html());
        StringBuilder about = new StringBuilder();
        for (Text t : new Text[] {Sentences.data(s), Sentences.job(s)}) {
            if (t != null) {
                about.append("<p class=\"about\">").append(t.html()).append("</p>\n");
            }
        }
        v.put("about", about.toString());
        v.put(
                "description",
                s.scenario().description().isEmpty()
                        ? ""
                        : "<p>" + esc(s.scenario().description()) + "</p>");
        StringBuilder verdicts = new StringBuilder();
        for (Verdict vd : s.verdicts()) {
            verdicts.append("<p class=\"verdict\">")
                    .append(Sentences.verdict(vd).html())
                    .append("</p>\n");
        }
        v.put("verdicts", verdicts.toString());
        v.put("costVsRuns", HtmlCharts.costVsRuns(s));
        v.put("costVsMemory", HtmlCharts.costVsMemory(s));
        v.put("durations", HtmlCharts.durations(s));
        v.put(
                "sizes",
                (s.sizes() == null ? "" : sizes(s))
                        + (s.operations() == null ? "" : OperationsText.html(s.operations())));
        v.put("tables", tables(s));
        return PAGE.fill(v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The cost-vs-data-size section: chart, table, first limits, crossovers, assumptions. */
    private static String sizes(ReportSummary s) {
        SizeSweepResult z = s.sizes();
        StringBuilder h = new StringBuilder("<h2 id=\"cost-vs-size\">Cost vs data size</h2>\n");
        h.append("<p>Monthly cost at the scenario's schedule against the data size of one hour (MB and GB are binary: ")
                .append("1 MB = 2<sup>20</sup> bytes). ")
                .append(esc(SizeText.provenance(z)))
                .append("</p>\n");
        h.append(HtmlCharts.costVsSize(s));
        h.append("<table class=\"sizes\"><tr><th>size per hour</th><th>from</th>");
        for (String v : SizeSweepResult.VARIANTS) {
            h.append("<th>").append(esc(SizeText.variant(v))).append("</th>");
        }
        h.append("<th>cheapest</th></tr>\n");
        for (SizeSweepResult.Row r : z.rows()) {
            h.append("<tr data-size-mb=\"")
                    .append(esc(r.sizeMb().toPlainString()))
                    .append("\"><td class=\"num\">")
                    .append(esc(SizeText.size(r.sizeMb())))
                    .append("</td><td")
                    .append(r.measured() ? "" : " class=\"modelled\"")
                    .append(">")
                    .append(SizeText.from(r))
                    .append("</td>");
            for (String v : SizeSweepResult.VARIANTS) {
                SizeSweepResult.Option o = r.option(v);
                h.append("<td data-variant=\"")
                        .append(esc(v))
                        .append("\"")
                        .append(o.note().isEmpty() ? "" : " title=\"" + esc(o.note()) + "\"")
                        .append(o.fits() ? "" : " style=\"color:#a00\"")
                        .append(">")
                        .append(esc(SizeText.cell(o)))
                        .append("</td>");
            }
            h.append("<td>").append(esc(SizeText.cheapest(r))).append("</td></tr>\n");
        }
        h.append("</table>\n<h3>First limit per variant</h3>\n<ul>\n");
        z.firstLimits()
                .forEach(
                        l -> h.append("<li>").append(esc(SizeText.limitLine(l))).append("</li>\n"));
        h.append("</ul>\n<h3>Crossovers</h3>\n");
        if (z.crossovers().isEmpty()) {
            h.append("<p>None: the cheapest variant is the same at every size.</p>\n");
        } else {
            h.append("<ul>\n");
            z.crossovers()
                    .forEach(c -> h.append("<li>")
                            .append(esc(SizeText.crossoverLine(c)))
                            .append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<h3>Assumptions</h3>\n<ul>\n");
        z.assumptions().forEach(a -> h.append("<li>").append(esc(a)).append("</li>\n"));
        h.append("</ul>\n");
        return h.toString();
    }

    private static String tables(ReportSummary s) {
        StringBuilder h = new StringBuilder("<h2>Costs</h2>\n<table><tr><th>variant</th><th>model</th>"
                + "<th>duration ms</th><th>from</th><th>per run</th><th>per month</th><th>feasible</th></tr>\n");
        for (PricedVariant v : s.costs()) {
            h.append("<tr><td>")
                    .append(esc(v.label()))
                    .append("</td><td>")
                    .append(esc(v.model()))
                    .append("</td><td class=\"num\">")
                    .append(Money.plain(v.durationMs(), 1))
                    .append("</td><td")
                    .append(v.durationProvenance() == Provenance.MODELLED ? " class=\"modelled\"" : "")
                    .append(">")
                    .append(
                            v.durationProvenance() == null
                                    ? ""
                                    : v.durationProvenance().json())
                    .append("</td><td class=\"num\">")
                    .append(Money.format(v.perRunUsd()))
                    .append("</td><td class=\"num\">")
                    .append(Money.format(v.perMonthUsd()))
                    .append("</td><td>")
                    .append(v.feasible() ? "yes" : "no")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h3>Cost lines (per month)</h3>\n<table><tr><th>variant</th><th>component</th>"
                + "<th>price line</th><th>quantity</th><th>unit</th><th>price USD</th><th>per</th><th>cost USD</th>"
                + "<th>note</th></tr>\n");
        for (PricedVariant v : s.costs()) {
            for (CostLine l : v.lines()) {
                h.append("<tr><td>")
                        .append(esc(v.variantId()))
                        .append("</td><td>")
                        .append(esc(l.component()))
                        .append("</td><td><code>")
                        .append(esc(l.priceLineId()))
                        .append("</code></td><td class=\"num\">")
                        .append(Money.plain(l.quantity(), 6))
                        .append("</td><td>")
                        .append(esc(l.unit()))
                        .append("</td><td class=\"num\">")
                        .append(l.priceUsd().toPlainString())
                        .append("</td><td class=\"num\">")
                        .append(Money.plain(l.per(), 6))
                        .append("</td><td class=\"num\">")
                        .append(Money.plain(l.costUsd(), 6))
                        .append("</td><td>")
                        .append(esc(l.note()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n<h2>Break-even</h2>\n<table><tr><th>dimension</th><th>between</th><th>and</th>"
                + "<th>status</th><th>value</th><th>cheaper below</th><th>cheaper above</th><th>note</th></tr>\n");
        for (BreakEvenResult b : s.breakEvens()) {
            h.append("<tr><td>")
                    .append(esc(b.dimension()))
                    .append("</td><td>")
                    .append(esc(b.variantA()))
                    .append("</td><td>")
                    .append(esc(b.variantB()))
                    .append("</td><td>")
                    .append(esc(b.status()))
                    .append("</td><td class=\"num\">")
                    .append(b.value() == null ? "" : Money.plain(b.value(), 3) + " " + esc(b.unit()))
                    .append("</td><td>")
                    .append(esc(b.cheaperBelow()))
                    .append("</td><td>")
                    .append(esc(b.cheaperAbove()))
                    .append("</td><td>")
                    .append(esc(b.note()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Price book lines used</h2>\n<table><tr><th>id</th><th>value</th><th>per</th>"
                + "<th>unit</th><th>date</th><th>region</th><th>source</th></tr>\n");
        for (PriceLine l : s.priceBook().linesUsed()) {
            h.append("<tr><td><code>")
                    .append(esc(l.id()))
                    .append("</code></td><td class=\"num\">")
                    .append(esc(l.value()))
                    .append("</td><td class=\"num\">")
                    .append(esc(l.per()))
                    .append("</td><td>")
                    .append(esc(l.unit()))
                    .append("</td><td>")
                    .append(esc(l.date()))
                    .append("</td><td>")
                    .append(esc(l.region()))
                    .append("</td><td>")
                    .append(esc(l.source()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        List<String> notes = new ArrayList<>(s.notes());
        notes.addAll(s.priceBook().notes());
        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        return h.toString();
    }
}

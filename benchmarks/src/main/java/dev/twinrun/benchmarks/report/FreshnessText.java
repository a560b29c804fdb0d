package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.FreshnessSummary.Row;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Money;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The "cost vs time to insight" section: Markdown, HTML (with its chart), the terminal, the verdict. */
public final class FreshnessText {
    /** The section's heading, the same in every format. */
    public static final String HEADING = "Cost vs time to insight";

    private FreshnessText() {}

    /** A duration for people: ms below a second, s below two minutes, else minutes. */
    static String duration(BigDecimal ms) {
        if (ms == null) {
            return "never";
        }
        double d = ms.doubleValue();
        if (d < 1_000) {
            return Money.plain(ms, 0) + " ms";
        }
        if (d < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", d / 1_000);
        }
        return String.format(Locale.ROOT, "%.1f min", d / 60_000);
    }

    /** The verdict: cheapest, freshest, and the cheapest within the target. */
    public static List<String> verdict(FreshnessSummary f) {
        List<String> v = new ArrayList<>();
        Row cheapest = f.row(f.cheapest());
        Row freshest = f.row(f.freshest());
        if (cheapest != null) {
            v.add("cheapest: " + cheapest.label() + " (" + cheapest.variant() + "), "
                    + Money.format(cheapest.perMonthUsd()) + "/month, time to insight p50 "
                    + duration(cheapest.p50Ms()));
        }
        if (freshest != null) {
            v.add("freshest: " + freshest.label() + " (" + freshest.variant() + "), time to insight p50 "
                    + duration(freshest.p50Ms()) + ", " + Money.format(freshest.perMonthUsd()) + "/month");
        }
        if (f.freshWithinMs() != null) {
            String target = duration(BigDecimal.valueOf(f.freshWithinMs()));
            Row within = f.row(f.cheapestWithin());
            v.add(
                    within == null
                            ? "fresh within " + target + ": no trigger's p90 time to insight is within it"
                            : "cheapest fresh within " + target + " (p90): " + within.label() + " (" + within.variant()
                                    + "), " + Money.format(within.perMonthUsd()) + "/month, p90 "
                                    + duration(within.p90Ms()));
        }
        return v;
    }

    private static String perHour(BigDecimal v) {
        return Money.plain(v.setScale(2, RoundingMode.HALF_UP), 2);
    }

    /** S3 requests per hour for the table: the total and those under {@code _partials/}; "-" when not counted. */
    static String requests(Row r) {
        if (r.s3RequestsPerHour().isEmpty()) {
            return "-";
        }
        BigDecimal partials = r.s3RequestsPerHour().entrySet().stream()
                .filter(e -> e.getKey().startsWith("partials."))
                .map(java.util.Map.Entry::getValue)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return r.s3RequestsTotalPerHour().setScale(1, RoundingMode.HALF_UP).toPlainString()
                + (partials.signum() == 0
                        ? ""
                        : " (" + partials.setScale(1, RoundingMode.HALF_UP).toPlainString() + " partials)");
    }

    private static String intro(FreshnessSummary f) {
        return "Arrival " + f.arrival() + ": " + f.arrivalText() + "; " + f.hours() + " hour(s) per trigger.";
    }

    /** The Markdown section. */
    public static String markdown(FreshnessSummary f) {
        StringBuilder b = new StringBuilder();
        b.append("\n## ").append(HEADING).append("\n\n");
        b.append(intro(f)).append("\n\n");
        for (String v : verdict(f)) {
            b.append("- **").append(v).append("**\n");
        }
        b.append("\n| trigger | runs on | invocations/hour | bytes read/hour | S3 requests/hour | time to insight p50 |"
                + " p90 | modelled start-up | USD/month | note |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : f.rows()) {
            b.append("| ")
                    .append(r.label())
                    .append(" | ")
                    .append(r.variant())
                    .append(" | ")
                    .append(perHour(r.invocationsPerHour()))
                    .append(" | ")
                    .append(new DataSize(r.bytesReadPerHour()))
                    .append(" | ")
                    .append(requests(r))
                    .append(" | ")
                    .append(duration(r.p50Ms()))
                    .append(" | ")
                    .append(duration(r.p90Ms()))
                    .append(" | ")
                    .append(r.modelledMs().signum() == 0 ? "-" : duration(r.modelledMs()) + " (modelled)")
                    .append(" | ")
                    .append(Money.format(r.perMonthUsd()))
                    .append(" | ")
                    .append(r.note())
                    .append(
                            r.unpublishedHours() > 0
                                    ? "; " + r.unpublishedHours() + " hour(s) never included the" + " last file"
                                    : "")
                    .append(" |\n");
        }
        b.append('\n');
        for (String n : f.notes()) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    /** The HTML section, chart first. */
    public static String html(FreshnessSummary f) {
        StringBuilder h = new StringBuilder("<h2 id=\"cost-vs-freshness\">" + HEADING + "</h2>\n");
        h.append("<p>").append(HtmlReport.esc(intro(f))).append("</p>\n");
        for (String v : verdict(f)) {
            h.append("<p class=\"verdict\">").append(HtmlReport.esc(v)).append("</p>\n");
        }
        h.append(HtmlCharts.costVsFreshness(f));
        h.append("<table class=\"freshness\"><tr><th>trigger</th><th>runs on</th><th>invocations/hour</th>"
                + "<th>bytes read/hour</th><th>S3 requests/hour</th><th>time to insight p50</th><th>p90</th><th>modelled start-up</th>"
                + "<th>USD/month</th><th>note</th></tr>\n");
        for (Row r : f.rows()) {
            h.append("<tr data-trigger=\"").append(HtmlReport.esc(r.id())).append("\"><td>");
            h.append(HtmlReport.esc(r.label())).append("</td><td>").append(HtmlReport.esc(r.variant()));
            h.append("</td><td>").append(perHour(r.invocationsPerHour()));
            h.append("</td><td>").append(new DataSize(r.bytesReadPerHour()));
            h.append("</td><td>").append(HtmlReport.esc(requests(r)));
            h.append("</td><td>").append(duration(r.p50Ms()));
            h.append("</td><td>").append(duration(r.p90Ms()));
            h.append("</td><td>").append(r.modelledMs().signum() == 0 ? "-" : duration(r.modelledMs()) + " (modelled)");
            h.append("</td><td>").append(HtmlReport.esc(Money.format(r.perMonthUsd())));
            h.append("</td><td>").append(HtmlReport.esc(r.note())).append("</td></tr>\n");
        }
        h.append("</table>\n<ul>\n");
        for (String n : f.notes()) {
            h.append("<li>").append(HtmlReport.esc(n)).append("</li>\n");
        }
        return h.append("</ul>\n").toString();
    }

    /** The terminal lines: a short table, then the verdict. */
    public static void console(PrintWriter w, FreshnessSummary f) {
        w.println(HEADING.toLowerCase(Locale.ROOT) + " (" + intro(f) + ")");
        w.printf(
                Locale.ROOT,
                "  %-34s %9s %10s %10s %10s %12s%n",
                "trigger",
                "inv/hour",
                "read/hour",
                "p50",
                "p90",
                "USD/month");
        for (Row r : f.rows()) {
            w.printf(
                    Locale.ROOT,
                    "  %-34s %9s %10s %10s %10s %12s%n",
                    r.label(),
                    perHour(r.invocationsPerHour()),
                    new DataSize(r.bytesReadPerHour()),
                    duration(r.p50Ms()),
                    duration(r.p90Ms()),
                    Money.format(r.perMonthUsd()));
        }
        for (String v : verdict(f)) {
            w.println("  " + v);
        }
    }
}

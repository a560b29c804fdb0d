package dev.twinrun.bench.report;

import static dev.twinrun.bench.report.Svg.esc;
import static dev.twinrun.bench.report.Svg.n;

import dev.twinrun.bench.cost.BreakEvenResult;
import dev.twinrun.bench.cost.CostLine;
import dev.twinrun.bench.cost.Money;
import dev.twinrun.bench.cost.PriceLine;
import dev.twinrun.bench.report.ReportSummary.Marker;
import dev.twinrun.bench.report.ReportSummary.Point;
import dev.twinrun.bench.report.ReportSummary.PricedVariant;
import dev.twinrun.bench.report.ReportSummary.Series;
import dev.twinrun.bench.report.ReportSummary.Verdict;
import dev.twinrun.bench.stats.MetricStats;
import dev.twinrun.bench.stats.PhaseStats;
import dev.twinrun.bench.stats.Provenance;
import dev.twinrun.bench.stats.VariantStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a summary as one self-contained HTML page with inline SVG charts (no external script, style or font):
 * monthly cost vs runs per day with the break-even marked, cost vs Lambda memory, and wall-time distributions cold vs
 * warm. A few lines of inline script count the marks each chart drew into {@code data-drawn-marks}, so a headless
 * browser can check the charts rendered.
 */
public final class HtmlReport {
  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
  private static final String COLD = "#1f77b4";
  private static final String WARM = "#ff7f0e";
  private static final int W = 760;
  private static final int H = 380;
  private static final int ML = 80;
  private static final int MR = 24;
  private static final int MT = 24;
  private static final int MB = 56;

  private HtmlReport() {}

  public static String render(ReportSummary s) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(s.title())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1100px;")
        .append("padding:0 1rem;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}td,th{border:1px solid #ccc;")
        .append("padding:.25rem .5rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append("svg{background:#fff;border:1px solid #eee;max-width:100%;height:auto}\n")
        .append("svg text{font-size:12px;fill:#333}.axis{stroke:#444}.grid{stroke:#eee}\n")
        .append(".verdict{background:#f3f8ff;border-left:4px solid #1f77b4;padding:.5rem 1rem}\n")
        .append(".modelled{font-style:italic;color:#777}code{font-size:.85em}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(esc(s.title())).append("</h1>\n<p>Scenario <code>").append(esc(s.scenario().name()))
        .append("</code>, price book <code>").append(esc(s.priceBook().id())).append("</code> (")
        .append(esc(s.priceBook().date())).append(", ").append(esc(s.priceBook().region())).append(")")
        .append(s.generatedAt() == null ? "" : ", generated " + esc(s.generatedAt())).append(".</p>\n");
    if (!s.scenario().description().isEmpty()) {
      h.append("<p>").append(esc(s.scenario().description())).append("</p>\n");
    }
    h.append("<h2>Verdict</h2>\n");
    for (Verdict v : s.verdicts()) {
      h.append("<p class=\"verdict\">").append(esc(MarkdownReport.verdictLine(v)).replace("**", "")).append("</p>\n");
    }
    h.append("<h2>Monthly cost vs runs per day</h2>\n").append(costVsRuns(s));
    h.append("<h2>Monthly cost vs Lambda memory</h2>\n").append(costVsMemory(s));
    h.append("<h2>Wall time, cold vs warm</h2>\n").append(durations(s));
    h.append(tables(s));
    h.append("<script>\n")
        .append("(function(){var charts=document.querySelectorAll('svg[data-chart]');")
        .append("charts.forEach(function(svg){var n=0;svg.querySelectorAll('.mark').forEach(function(m){")
        .append("var b=m.getBBox();if(b.width>0||b.height>0){n++;}});svg.setAttribute('data-drawn-marks',String(n));});")
        .append("document.body.setAttribute('data-charts-checked',String(charts.length));})();\n")
        .append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static String costVsRuns(ReportSummary s) {
    List<Series> series = s.charts().costVsRunsPerDay();
    if (series.isEmpty()) {
      return "<p>No data.</p>\n";
    }
    double xMax = 0;
    double yMax = 0;
    for (Series se : series) {
      for (Point p : se.points()) {
        xMax = Math.max(xMax, p.x().doubleValue());
        yMax = Math.max(yMax, p.y().doubleValue());
      }
    }
    xMax = Svg.niceMax(xMax, 6);
    // headroom above the highest line for the legend
    yMax = Svg.niceMax(yMax * 1.3, 5);
    StringBuilder g = new StringBuilder();
    openSvg(g, "cost-vs-runs", "Monthly cost in USD against runs per day, for each variant");
    axes(g, xMax, yMax, "runs per day", "USD per month");
    for (int i = 0; i < series.size(); i++) {
      Series se = series.get(i);
      StringBuilder pts = new StringBuilder();
      for (Point p : se.points()) {
        pts.append(n(x(p.x().doubleValue(), xMax))).append(',').append(n(y(p.y().doubleValue(), yMax))).append(' ');
      }
      g.append("<polyline class=\"mark series\" data-variant=\"").append(esc(se.variantId()))
          .append("\" fill=\"none\" stroke-width=\"2.5\" stroke=\"").append(color(i)).append("\" points=\"")
          .append(pts.toString().trim()).append("\"><title>").append(esc(se.label())).append("</title></polyline>\n");
    }
    for (Marker m : s.charts().breakEvenMarkers()) {
      double mx = x(m.x().doubleValue(), xMax);
      double my = y(m.y().doubleValue(), yMax);
      g.append("<g class=\"break-even\"><line class=\"mark\" x1=\"").append(n(mx)).append("\" x2=\"").append(n(mx))
          .append("\" y1=\"").append(MT).append("\" y2=\"").append(H - MB)
          .append("\" stroke=\"#555\" stroke-dasharray=\"5,4\"/><circle class=\"mark\" cx=\"").append(n(mx))
          .append("\" cy=\"").append(n(my)).append("\" r=\"5\" fill=\"#000\"><title>").append(esc(m.label()))
          .append("</title></circle><text x=\"").append(n(mx + 6)).append("\" y=\"").append(n(Math.max(MT + 12, my - 8)))
          .append("\">").append(esc(Money.plain(m.x(), 1))).append("/day</text></g>\n");
    }
    legend(g, series.stream().map(Series::label).toList());
    g.append("</svg>\n");
    return g.toString();
  }

  private static String costVsMemory(ReportSummary s) {
    List<Series> series = s.charts().costVsMemory();
    List<Point> all = new ArrayList<>();
    series.forEach(se -> all.addAll(se.points()));
    if (all.isEmpty()) {
      return "<p>No Lambda variants priced.</p>\n";
    }
    double yMax = Svg.niceMax(all.stream().mapToDouble(p -> p.y().doubleValue()).max().orElse(1) * 1.2, 5);
    StringBuilder g = new StringBuilder();
    openSvg(g, "cost-vs-memory", "Monthly Lambda cost in USD for each memory size; pale bars are modelled");
    axes(g, 0, yMax, "Lambda memory (MB), pale = modelled", "USD per month");
    int bars = all.size();
    double slot = (double) (W - ML - MR) / bars;
    int i = 0;
    for (int si = 0; si < series.size(); si++) {
      Series se = series.get(si);
      for (Point p : se.points()) {
        double bx = ML + slot * i + slot * 0.15;
        double bw = slot * 0.7;
        double by = y(p.y().doubleValue(), yMax);
        boolean modelled = p.provenance() == Provenance.MODELLED;
        g.append("<rect class=\"mark bar").append(modelled ? " modelled" : "").append("\" x=\"").append(n(bx))
            .append("\" y=\"").append(n(by)).append("\" width=\"").append(n(bw)).append("\" height=\"")
            .append(n(Math.max(1, H - MB - by))).append("\" fill=\"").append(color(si)).append("\" fill-opacity=\"")
            .append(modelled ? "0.4" : "0.9").append("\"").append(modelled ? " stroke-dasharray=\"4,3\" stroke=\"#333\"" : "")
            .append("><title>").append(esc(se.label() + " " + Money.plain(p.x(), 0) + " MB: "
                + Money.format(p.y()) + "/month (" + p.provenance().json() + ")"))
            .append("</title></rect>\n");
        g.append("<text x=\"").append(n(bx + bw / 2)).append("\" y=\"").append(H - MB + 16)
            .append("\" text-anchor=\"middle\">").append(esc(Money.plain(p.x(), 0))).append("</text>\n");
        g.append("<text x=\"").append(n(bx + bw / 2)).append("\" y=\"").append(n(by - 4))
            .append("\" text-anchor=\"middle\">").append(esc(Money.format(p.y()))).append("</text>\n");
        i++;
      }
    }
    legend(g, series.stream().map(Series::label).toList());
    g.append("</svg>\n");
    return g.toString();
  }

  private static String durations(ReportSummary s) {
    record Row(String label, String phase, MetricStats m) {}
    List<Row> rows = new ArrayList<>();
    for (VariantStats v : s.measurements()) {
      for (PhaseStats p : v.phases()) {
        if (p.wallMs() != null) {
          rows.add(new Row(v.variantId(), p.phase(), p.wallMs()));
        }
      }
    }
    if (rows.isEmpty()) {
      return "<p>No measurements yet: run <code>twinrun compare</code> to fill this chart.</p>\n";
    }
    double xMax = Svg.niceMax(rows.stream().mapToDouble(r -> r.m().max().doubleValue()).max().orElse(1), 6);
    int rowH = 26;
    int height = MT + MB + rowH * rows.size();
    int left = 330;
    StringBuilder g = new StringBuilder();
    g.append("<svg id=\"chart-durations\" data-chart=\"durations\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(W).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(W).append(' ')
        .append(height).append("\" role=\"img\" aria-label=\"Wall time per variant, cold and warm runs apart: ")
        .append("whisker min to max, box p50 to p90, tick p99\">\n");
    double plotW = W - left - MR;
    double step = Svg.niceStep(xMax, 6);
    for (double t = 0; t <= xMax + 1e-9; t += step) {
      double tx = left + t / xMax * plotW;
      g.append("<line class=\"grid\" x1=\"").append(n(tx)).append("\" x2=\"").append(n(tx)).append("\" y1=\"")
          .append(MT).append("\" y2=\"").append(height - MB).append("\"/><text x=\"").append(n(tx)).append("\" y=\"")
          .append(height - MB + 16).append("\" text-anchor=\"middle\">").append(Svg.label(t)).append("</text>\n");
    }
    g.append("<text x=\"").append(left + plotW / 2).append("\" y=\"").append(height - 12)
        .append("\" text-anchor=\"middle\">wall time (ms): whisker min-max, box p50-p90, tick p99</text>\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double cy = MT + rowH * i + rowH / 2.0;
      String c = r.phase().equals("cold") ? COLD : WARM;
      double x0 = left + r.m().min().doubleValue() / xMax * plotW;
      double x1 = left + r.m().max().doubleValue() / xMax * plotW;
      double p50 = left + r.m().p50().doubleValue() / xMax * plotW;
      double p90 = left + r.m().p90().doubleValue() / xMax * plotW;
      double p99 = left + r.m().p99().doubleValue() / xMax * plotW;
      boolean modelled = r.m().provenance() == Provenance.MODELLED;
      g.append("<g class=\"distribution\" data-phase=\"").append(r.phase()).append("\"><text x=\"").append(left - 8)
          .append("\" y=\"").append(n(cy + 4)).append("\" text-anchor=\"end\">").append(esc(r.label())).append(' ')
          .append(r.phase()).append(modelled ? " (modelled)" : "").append("</text>")
          .append("<line class=\"mark\" x1=\"").append(n(x0)).append("\" x2=\"").append(n(Math.max(x1, x0 + 1)))
          .append("\" y1=\"").append(n(cy)).append("\" y2=\"").append(n(cy)).append("\" stroke=\"").append(c)
          .append("\"/><rect class=\"mark\" x=\"").append(n(p50)).append("\" y=\"").append(n(cy - 7))
          .append("\" width=\"").append(n(Math.max(2, p90 - p50))).append("\" height=\"14\" fill=\"").append(c)
          .append("\" fill-opacity=\"").append(modelled ? "0.35" : "0.85").append("\"><title>")
          .append(esc(r.label() + " " + r.phase() + ": p50 " + Money.plain(r.m().p50(), 1) + " ms, p90 "
              + Money.plain(r.m().p90(), 1) + " ms, p99 " + Money.plain(r.m().p99(), 1) + " ms, n = " + r.m().n()
              + " (" + r.m().provenance().json() + ")"))
          .append("</title></rect><line class=\"mark\" x1=\"").append(n(p99)).append("\" x2=\"").append(n(p99))
          .append("\" y1=\"").append(n(cy - 9)).append("\" y2=\"").append(n(cy + 9)).append("\" stroke=\"#000\"/></g>\n");
    }
    legend(g, List.of("cold", "warm"), List.of(COLD, WARM), (int) (left + plotW - 70));
    g.append("</svg>\n");
    return g.toString();
  }

  private static void openSvg(StringBuilder g, String id, String aria) {
    g.append("<svg id=\"chart-").append(id).append("\" data-chart=\"").append(id)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"")
        .append(esc(aria)).append("\">\n");
  }

  /** Gridlines, ticks and labels; {@code xMax} 0 draws no x ticks (categorical axis). */
  private static void axes(StringBuilder g, double xMax, double yMax, String xLabel, String yLabel) {
    double ys = Svg.niceStep(yMax, 5);
    for (double t = 0; t <= yMax + 1e-9; t += ys) {
      double ty = y(t, yMax);
      g.append("<line class=\"grid\" x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"")
          .append(n(ty)).append("\" y2=\"").append(n(ty)).append("\"/><text x=\"").append(ML - 6).append("\" y=\"")
          .append(n(ty + 4)).append("\" text-anchor=\"end\">").append(Svg.label(t)).append("</text>\n");
    }
    if (xMax > 0) {
      double xs = Svg.niceStep(xMax, 6);
      for (double t = 0; t <= xMax + 1e-9; t += xs) {
        double tx = x(t, xMax);
        g.append("<line class=\"axis\" x1=\"").append(n(tx)).append("\" x2=\"").append(n(tx)).append("\" y1=\"")
            .append(H - MB).append("\" y2=\"").append(H - MB + 5).append("\"/><text x=\"").append(n(tx))
            .append("\" y=\"").append(H - MB + 18).append("\" text-anchor=\"middle\">").append(Svg.label(t))
            .append("</text>\n");
      }
    }
    g.append("<line class=\"axis\" x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"")
        .append(H - MB).append("\" y2=\"").append(H - MB).append("\"/>\n");
    g.append("<line class=\"axis\" x1=\"").append(ML).append("\" x2=\"").append(ML).append("\" y1=\"").append(MT)
        .append("\" y2=\"").append(H - MB).append("\"/>\n");
    g.append("<text x=\"").append((ML + W - MR) / 2).append("\" y=\"").append(H - 14)
        .append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>\n");
    g.append("<text transform=\"translate(16,").append((MT + H - MB) / 2)
        .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>\n");
  }

  private static void legend(StringBuilder g, List<String> labels) {
    List<String> colors = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      colors.add(color(i));
    }
    legend(g, labels, colors, ML + 12);
  }

  private static void legend(StringBuilder g, List<String> labels, List<String> colors, int left) {
    for (int i = 0; i < labels.size(); i++) {
      int ly = MT + 6 + i * 16;
      g.append("<g class=\"legend\"><rect x=\"").append(left).append("\" y=\"").append(ly).append("\" width=\"12\" height=\"10\" fill=\"")
          .append(colors.get(i)).append("\"/><text x=\"").append(left + 18).append("\" y=\"").append(ly + 9)
          .append("\">").append(esc(labels.get(i))).append("</text></g>\n");
    }
  }

  private static double x(double v, double xMax) {
    return ML + v / xMax * (W - ML - MR);
  }

  private static double y(double v, double yMax) {
    return H - MB - v / yMax * (H - MT - MB);
  }

  private static String color(int i) {
    return COLORS[i % COLORS.length];
  }

  private static String tables(ReportSummary s) {
    StringBuilder h = new StringBuilder("<h2>Costs</h2>\n<table><tr><th>variant</th><th>model</th>"
        + "<th>duration ms</th><th>from</th><th>per run</th><th>per month</th><th>feasible</th></tr>\n");
    for (PricedVariant v : s.costs()) {
      h.append("<tr><td>").append(esc(v.label())).append("</td><td>").append(esc(v.model()))
          .append("</td><td class=\"num\">").append(Money.plain(v.durationMs(), 1)).append("</td><td")
          .append(v.durationProvenance() == Provenance.MODELLED ? " class=\"modelled\"" : "").append(">")
          .append(v.durationProvenance() == null ? "" : v.durationProvenance().json())
          .append("</td><td class=\"num\">").append(Money.format(v.perRunUsd())).append("</td><td class=\"num\">")
          .append(Money.format(v.perMonthUsd())).append("</td><td>").append(v.feasible() ? "yes" : "no")
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h3>Cost lines (per month)</h3>\n<table><tr><th>variant</th><th>component</th>"
        + "<th>price line</th><th>quantity</th><th>unit</th><th>price USD</th><th>per</th><th>cost USD</th>"
        + "<th>note</th></tr>\n");
    for (PricedVariant v : s.costs()) {
      for (CostLine l : v.lines()) {
        h.append("<tr><td>").append(esc(v.variantId())).append("</td><td>").append(esc(l.component()))
            .append("</td><td><code>").append(esc(l.priceLineId())).append("</code></td><td class=\"num\">")
            .append(Money.plain(l.quantity(), 6)).append("</td><td>").append(esc(l.unit()))
            .append("</td><td class=\"num\">").append(l.priceUsd().toPlainString()).append("</td><td class=\"num\">")
            .append(Money.plain(l.per(), 6)).append("</td><td class=\"num\">").append(Money.plain(l.costUsd(), 6))
            .append("</td><td>").append(esc(l.note())).append("</td></tr>\n");
      }
    }
    h.append("</table>\n<h2>Break-even</h2>\n<table><tr><th>dimension</th><th>between</th><th>and</th>"
        + "<th>status</th><th>value</th><th>cheaper below</th><th>cheaper above</th><th>note</th></tr>\n");
    for (BreakEvenResult b : s.breakEvens()) {
      h.append("<tr><td>").append(esc(b.dimension())).append("</td><td>").append(esc(b.variantA()))
          .append("</td><td>").append(esc(b.variantB())).append("</td><td>").append(esc(b.status()))
          .append("</td><td class=\"num\">").append(b.value() == null ? "" : Money.plain(b.value(), 3) + " " + esc(b.unit()))
          .append("</td><td>").append(esc(b.cheaperBelow())).append("</td><td>").append(esc(b.cheaperAbove()))
          .append("</td><td>").append(esc(b.note())).append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Price book lines used</h2>\n<table><tr><th>id</th><th>value</th><th>per</th>"
        + "<th>unit</th><th>date</th><th>region</th><th>source</th></tr>\n");
    for (PriceLine l : s.priceBook().linesUsed()) {
      h.append("<tr><td><code>").append(esc(l.id())).append("</code></td><td class=\"num\">").append(esc(l.value()))
          .append("</td><td class=\"num\">").append(esc(l.per())).append("</td><td>").append(esc(l.unit()))
          .append("</td><td>").append(esc(l.date())).append("</td><td>").append(esc(l.region())).append("</td><td>")
          .append(esc(l.source())).append("</td></tr>\n");
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

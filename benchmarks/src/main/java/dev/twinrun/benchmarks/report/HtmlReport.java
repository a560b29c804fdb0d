package dev.twinrun.benchmarks.report;

import static dev.twinrun.benchmarks.report.Svg.esc;
import static dev.twinrun.benchmarks.report.Svg.n;

import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.benchmarks.report.ReportSummary.Marker;
import dev.twinrun.benchmarks.report.ReportSummary.Point;
import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.report.ReportSummary.Series;
import dev.twinrun.benchmarks.report.ReportSummary.Verdict;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a summary as one self-contained HTML page with inline SVG charts (no external script, style or font):
 * monthly cost vs runs per day with the break-even marked, cost vs Lambda memory, wall-time distributions cold vs
 * warm and, when the summary has a size sweep, monthly cost vs data size per hour (log-log) with crossovers and
 * first limits marked. A few lines of inline script count the marks each chart drew into {@code data-drawn-marks},
 * so a headless browser can check the charts rendered.
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
    if (s.sizes() != null) {
      h.append(sizes(s));
    }
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
          rows.add(new Row(v.variantId(), p.phase().json(), p.wallMs()));
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

  /** Colours of the size chart's variants: Lambda as on the other charts, fan-out purple, EC2 always on red. */
  private static String sizeColor(String variant) {
    return switch (variant) {
      case SizeSweepResult.LAMBDA -> COLORS[0];
      case SizeSweepResult.FANOUT -> COLORS[3];
      case SizeSweepResult.EC2 -> COLORS[1];
      default -> COLORS[5];
    };
  }

  /** The cost-vs-data-size section: chart, table, first limits, crossovers, assumptions. */
  private static String sizes(ReportSummary s) {
    SizeSweepResult z = s.sizes();
    StringBuilder h = new StringBuilder("<h2 id=\"cost-vs-size\">Cost vs data size</h2>\n");
    h.append("<p>Monthly cost at the scenario's schedule against the data size of one hour (MB and GB are binary: ")
        .append("1 MB = 2<sup>20</sup> bytes). ").append(esc(SizeText.provenance(z))).append("</p>\n");
    h.append(costVsSize(s));
    h.append("<table class=\"sizes\"><tr><th>size per hour</th><th>from</th>");
    for (String v : SizeSweepResult.VARIANTS) {
      h.append("<th>").append(esc(SizeText.variant(v))).append("</th>");
    }
    h.append("<th>cheapest</th></tr>\n");
    for (SizeSweepResult.Row r : z.rows()) {
      h.append("<tr data-size-mb=\"").append(esc(r.sizeMb().toPlainString())).append("\"><td class=\"num\">")
          .append(esc(SizeText.size(r.sizeMb()))).append("</td><td").append(r.measured() ? "" : " class=\"modelled\"")
          .append(">").append(SizeText.from(r)).append("</td>");
      for (String v : SizeSweepResult.VARIANTS) {
        SizeSweepResult.Option o = r.option(v);
        h.append("<td data-variant=\"").append(esc(v)).append("\"")
            .append(o.note().isEmpty() ? "" : " title=\"" + esc(o.note()) + "\"")
            .append(o.fits() ? "" : " style=\"color:#a00\"").append(">").append(esc(SizeText.cell(o)))
            .append("</td>");
      }
      h.append("<td>").append(esc(SizeText.cheapest(r))).append("</td></tr>\n");
    }
    h.append("</table>\n<h3>First limit per variant</h3>\n<ul>\n");
    z.firstLimits().forEach(l -> h.append("<li>").append(esc(SizeText.limitLine(l))).append("</li>\n"));
    h.append("</ul>\n<h3>Crossovers</h3>\n");
    if (z.crossovers().isEmpty()) {
      h.append("<p>None: the cheapest variant is the same at every size.</p>\n");
    } else {
      h.append("<ul>\n");
      z.crossovers().forEach(c -> h.append("<li>").append(esc(SizeText.crossoverLine(c))).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<h3>Assumptions</h3>\n<ul>\n");
    z.assumptions().forEach(a -> h.append("<li>").append(esc(a)).append("</li>\n"));
    h.append("</ul>\n");
    return h.toString();
  }

  /**
   * Monthly cost against data size per hour, both axes logarithmic: one line per variant from the sweep's curve,
   * broken where it does not fit; a dot at each crossover; a dashed line where a variant hits its first limit.
   */
  private static String costVsSize(ReportSummary s) {
    SizeSweepResult z = s.sizes();
    List<BigDecimal> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    z.rows().forEach(r -> xs.add(r.sizeMb()));
    z.curve().forEach(p -> {
      xs.add(p.sizeMb());
      ys.add(p.perMonthUsd().doubleValue());
    });
    z.rows().forEach(r -> r.options().stream().filter(o -> o.fits() && o.perMonthUsd() != null)
        .forEach(o -> ys.add(o.perMonthUsd().doubleValue())));
    double xLo = xs.stream().mapToDouble(BigDecimal::doubleValue).filter(v -> v > 0).min().orElse(1);
    double xHi = xs.stream().mapToDouble(BigDecimal::doubleValue).filter(v -> v > 0).max().orElse(10);
    if (xHi <= xLo) {
      xLo /= 2;
      xHi *= 2;
    }
    double yMinData = ys.stream().mapToDouble(Double::doubleValue).filter(v -> v > 0).min().orElse(1);
    double yMaxData = ys.stream().mapToDouble(Double::doubleValue).filter(v -> v > 0).max().orElse(1);
    double yLo = Math.pow(10, Math.floor(Math.log10(yMinData)));
    // headroom above the highest line for the legend and the limit labels
    double yHi = Math.pow(10, Math.ceil(Math.log10(yMaxData * 3)));
    LogScale sx = new LogScale(xLo, xHi, ML, W - MR);
    LogScale sy = new LogScale(yLo, yHi, H - MB, MT);

    StringBuilder g = new StringBuilder();
    openSvg(g, "cost-vs-size", "Monthly cost in USD against data size per hour, both axes logarithmic, for a single "
        + "Lambda, the Lambda fan-out and EC2 always on; dots mark crossovers, dashed lines the first limit of a "
        + "variant");
    for (double d = yLo; d <= yHi * 1.0001; d *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        double t = d * m;
        if (t > yHi * 1.0001) {
          break;
        }
        double ty = sy.at(t);
        g.append("<line class=\"grid\" x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"")
            .append(n(ty)).append("\" y2=\"").append(n(ty)).append("\"/>");
        if (m == 1 || yHi / yLo <= 100) {
          g.append("<text x=\"").append(ML - 6).append("\" y=\"").append(n(ty + 4))
              .append("\" text-anchor=\"end\">$").append(Svg.label(t)).append("</text>");
        }
        g.append('\n');
      }
    }
    for (double t : sizeTicks(xLo, xHi)) {
      double tx = sx.at(t);
      g.append("<line class=\"grid\" x1=\"").append(n(tx)).append("\" x2=\"").append(n(tx)).append("\" y1=\"")
          .append(MT).append("\" y2=\"").append(H - MB).append("\"/><line class=\"axis\" x1=\"").append(n(tx))
          .append("\" x2=\"").append(n(tx)).append("\" y1=\"").append(H - MB).append("\" y2=\"").append(H - MB + 5)
          .append("\"/><text x=\"").append(n(tx)).append("\" y=\"").append(H - MB + 18)
          .append("\" text-anchor=\"middle\">").append(esc(SizeText.size(BigDecimal.valueOf(t))))
          .append("</text>\n");
    }
    axes(g, "data size per hour (log scale)", "USD per month (log scale)");

    List<String> labels = new ArrayList<>();
    List<String> colors = new ArrayList<>();
    for (String v : SizeSweepResult.VARIANTS) {
      labels.add(SizeText.variant(v));
      colors.add(sizeColor(v));
      for (List<SizeSweepResult.CurvePoint> seg : segments(z, v)) {
        StringBuilder pts = new StringBuilder();
        for (SizeSweepResult.CurvePoint p : seg) {
          pts.append(n(sx.at(p.sizeMb().doubleValue()))).append(',')
              .append(n(sy.at(Math.max(yLo, p.perMonthUsd().doubleValue())))).append(' ');
        }
        SizeSweepResult.CurvePoint last = seg.get(seg.size() - 1);
        String title = SizeText.variant(v) + ": " + SizeText.size(seg.get(0).sizeMb()) + " to "
            + SizeText.size(last.sizeMb()) + ", " + Money.format(seg.get(0).perMonthUsd()) + " to "
            + Money.format(last.perMonthUsd()) + " per month";
        if (seg.size() == 1) {
          g.append("<circle class=\"mark size-series\" data-variant=\"").append(esc(v)).append("\" cx=\"")
              .append(n(sx.at(last.sizeMb().doubleValue()))).append("\" cy=\"")
              .append(n(sy.at(Math.max(yLo, last.perMonthUsd().doubleValue())))).append("\" r=\"3\" fill=\"")
              .append(sizeColor(v)).append("\"><title>").append(esc(title)).append("</title></circle>\n");
        } else {
          g.append("<polyline class=\"mark size-series\" data-variant=\"").append(esc(v))
              .append("\" fill=\"none\" stroke-width=\"2.5\" stroke=\"").append(sizeColor(v)).append("\" points=\"")
              .append(pts.toString().trim()).append("\"><title>").append(esc(title)).append("</title></polyline>\n");
        }
      }
    }
    int li = 0;
    for (SizeSweepResult.LimitHit l : z.firstLimits()) {
      if (l.atSizeMb() == null || l.atSizeMb().doubleValue() < xLo || l.atSizeMb().doubleValue() > xHi) {
        continue;
      }
      double lx = sx.at(l.atSizeMb().doubleValue());
      boolean right = lx > (ML + W - MR) / 2.0;
      g.append("<g class=\"first-limit\" data-variant=\"").append(esc(l.variant()))
          .append("\"><line class=\"mark\" x1=\"").append(n(lx)).append("\" x2=\"").append(n(lx))
          .append("\" y1=\"").append(MT).append("\" y2=\"").append(H - MB).append("\" stroke=\"")
          .append(sizeColor(l.variant()))
          .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/><text x=\"").append(n(right ? lx - 4 : lx + 4))
          .append("\" y=\"").append(MT + 12 + 15 * li).append("\" text-anchor=\"").append(right ? "end" : "start")
          .append("\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">")
          .append(esc(SizeText.variant(l.variant()) + ": " + SizeText.limitShort(l.limit(), s.priceBook().linesUsed())
              + " (" + SizeText.size(l.atSizeMb()) + ")"))
          .append("</text><title>").append(esc(SizeText.limitLine(l))).append("</title></g>\n");
      li++;
    }
    int ci = 0;
    for (SizeSweepResult.Crossover c : z.crossovers()) {
      double cx = sx.at(c.sizeMb().doubleValue());
      // without a cost (the dearer one stops fitting right there) the dot sits on the x axis
      double cy = c.perMonthUsd() == null ? H - MB : sy.at(Math.max(yLo, c.perMonthUsd().doubleValue()));
      double below = cy + 18 + 15 * ci;
      // labels below and right of the dot, where the cheaper line has already turned away; above near the x axis
      g.append("<g class=\"crossover\" data-size-mb=\"").append(esc(c.sizeMb().toPlainString()))
          .append("\"><circle class=\"mark\" cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy))
          .append("\" r=\"5\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"1.5\"/><text x=\"").append(n(cx + 8))
          .append("\" y=\"").append(n(below < H - MB - 4 ? below : Math.max(MT + 12, cy - 10 - 15 * ci)))
          .append("\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">")
          .append(esc(shortVariant(c.cheaperBelow()) + " = " + shortVariant(c.cheaperAbove()) + " at "
              + SizeText.size(c.sizeMb())))
          .append("</text><title>").append(esc(SizeText.crossoverLine(c))).append("</title></g>\n");
      ci++;
    }
    legend(g, labels, colors, ML + 12);
    g.append("</svg>\n");
    return g.toString();
  }

  private static String shortVariant(String v) {
    return switch (v == null ? "" : v) {
      case SizeSweepResult.LAMBDA -> "Lambda";
      case SizeSweepResult.FANOUT -> "fan-out";
      case SizeSweepResult.EC2 -> "EC2";
      default -> String.valueOf(v);
    };
  }

  /** A variant's curve, sorted by size, split where a table row between two points says it does not fit. */
  static List<List<SizeSweepResult.CurvePoint>> segments(SizeSweepResult z, String variant) {
    List<SizeSweepResult.CurvePoint> pts = z.curve().stream().filter(p -> p.variant().equals(variant))
        .sorted(java.util.Comparator.comparing(SizeSweepResult.CurvePoint::sizeMb)).toList();
    List<BigDecimal> gaps = z.rows().stream().filter(r -> r.options().stream()
            .anyMatch(o -> o.variant().equals(variant) && !o.fits()))
        .map(SizeSweepResult.Row::sizeMb).toList();
    List<List<SizeSweepResult.CurvePoint>> out = new ArrayList<>();
    List<SizeSweepResult.CurvePoint> cur = new ArrayList<>();
    for (SizeSweepResult.CurvePoint p : pts) {
      if (!cur.isEmpty()) {
        BigDecimal prev = cur.get(cur.size() - 1).sizeMb();
        boolean gap = gaps.stream().anyMatch(g -> g.compareTo(prev) > 0 && g.compareTo(p.sizeMb()) < 0);
        if (gap) {
          out.add(cur);
          cur = new ArrayList<>();
        }
      }
      cur.add(p);
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  /** Size ticks in binary units: 1, 10, 100 MB, GB, TB, with 2 and 5 as well where that alone gives too few. */
  static List<Double> sizeTicks(double lo, double hi) {
    List<Double> major = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (double unit = 1; unit <= 1024.0 * 1024 * 1024; unit *= 1024) {
      for (int m : new int[] {1, 2, 5, 10, 20, 50, 100, 200, 500}) {
        double t = unit * m;
        if (t >= lo * 0.9999 && t <= hi * 1.0001) {
          all.add(t);
          if (m == 1 || m == 10 || m == 100) {
            major.add(t);
          }
        }
      }
    }
    return major.size() >= 3 ? major : all;
  }

  /** log10 mapping of [lo, hi] onto pixels [from, to]. */
  private record LogScale(double lo, double hi, double from, double to) {
    double at(double v) {
      double f = (Math.log10(Math.max(v, lo * 1e-3)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
      return from + f * (to - from);
    }
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
    axes(g, xLabel, yLabel);
  }

  /** The two axis lines and their labels, as every chart draws them. */
  private static void axes(StringBuilder g, String xLabel, String yLabel) {
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

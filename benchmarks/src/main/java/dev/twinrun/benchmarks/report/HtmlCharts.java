package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.Marker;
import dev.twinrun.benchmarks.report.ReportSummary.Point;
import dev.twinrun.benchmarks.report.ReportSummary.Series;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.SizeSweepResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYDrawableAnnotation;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;

/**
 * The HTML report's charts, built with JFreeChart and drawn to inline SVG by JFreeSVG: monthly cost vs runs per day
 * with the break-even marked, cost vs Lambda memory, wall-time distributions cold vs warm and cost vs data size
 * per hour (log-log) with crossovers and first limits. Each drawn series, bar, box and marker is an SVG group of
 * class {@code mark} with a {@code <title>} (the browser's tooltip), which is what the page's check counts.
 */
final class HtmlCharts {
    static final Color[] COLORS = {
        rgb(0x1f77b4), rgb(0xd62728), rgb(0x2ca02c), rgb(0x9467bd), rgb(0xff7f0e), rgb(0x8c564b), rgb(0x17becf)
    };
    private static final Color COLD = rgb(0x1f77b4);
    private static final Color WARM = rgb(0xff7f0e);
    private static final Color GRID = rgb(0xeeeeee);
    private static final Color TRANSLUCENT_WHITE = new Color(255, 255, 255, 210);
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Stroke LINE = new BasicStroke(2.5f);
    private static final int W = 760;
    private static final int H = 380;

    static {
        // rotated labels as SVG text, not as glyph outlines drawn through a TextLayout
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private HtmlCharts() {}

    /** The attributes and tooltip of one drawn group. */
    record Tag(String title, Map<String, String> attributes) {
        static Tag of(String title, String... pairs) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                a.put(pairs[i], pairs[i + 1]);
            }
            return new Tag(title, a);
        }
    }

    static String costVsRuns(ReportSummary s) {
        List<Series> series = s.charts().costVsRunsPerDay();
        if (series.isEmpty()) {
            return "<p>No data.</p>\n";
        }
        return svg(
                costVsRunsChart(s), "cost-vs-runs", W, H, "Monthly cost in USD against runs per day, for each variant");
    }

    static JFreeChart costVsRunsChart(ReportSummary s) {
        List<Series> series = s.charts().costVsRunsPerDay();
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series se : series) {
            XYSeries xy = new XYSeries(se.label(), false, true);
            se.points().forEach(p -> xy.add(p.x(), p.y()));
            data.addSeries(xy);
        }
        XYPlot plot = xyPlot(
                data,
                new NumberAxis("runs per day"),
                new NumberAxis("USD per month"),
                lines(i -> Tag.of(
                        series.get(i).label(),
                        "class",
                        "mark series",
                        "data-variant",
                        series.get(i).variantId())));
        for (int i = 0; i < series.size(); i++) {
            plot.getRenderer().setSeriesPaint(i, color(i));
        }
        for (Marker m : s.charts().breakEvenMarkers()) {
            ValueMarker line = new ValueMarker(m.x().doubleValue(), rgb(0x555555), dashed(1f, 5f, 4f));
            line.setLabel(Money.plain(m.x(), 1) + "/day");
            line.setLabelFont(FONT);
            line.setLabelBackgroundColor(TRANSLUCENT_WHITE);
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addAnnotation(new Group(
                    Tag.of(m.label(), "class", "mark break-even"),
                    List.of(line),
                    List.of(dot(m.x().doubleValue(), m.y().doubleValue(), 10, Color.BLACK))));
        }
        return chart(plot);
    }

    /**
     * Cost vs time to insight: one point per trigger (x = p50 minutes from the last file to the insight, y = USD per
     * month), with the freshness target as a vertical line when given.
     */
    static String costVsFreshness(FreshnessSummary f) {
        List<FreshnessSummary.Row> rows =
                f.rows().stream().filter(r -> r.p50Ms() != null).toList();
        if (rows.isEmpty()) {
            return "<p>No trigger published its hours' last files.</p>\n";
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (FreshnessSummary.Row r : rows) {
            XYSeries xy = new XYSeries(r.label(), false, true);
            xy.add(r.p50Ms().doubleValue() / 60_000.0, r.perMonthUsd().doubleValue());
            data.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = lines(i -> Tag.of(
                rows.get(i).label(),
                "class",
                "mark series",
                "data-trigger",
                rows.get(i).id()));
        XYPlot plot = xyPlot(
                data, new NumberAxis("time to insight, p50 (minutes)"), new NumberAxis("USD per month"), renderer);
        for (int i = 0; i < rows.size(); i++) {
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
            renderer.setSeriesShapesVisible(i, true);
        }
        if (f.freshWithinMs() != null) {
            ValueMarker line = new ValueMarker(f.freshWithinMs() / 60_000.0, rgb(0x555555), dashed(1f, 5f, 4f));
            line.setLabel("fresh within " + Money.plain(BigDecimal.valueOf(f.freshWithinMs() / 60_000.0), 1) + " min");
            line.setLabelFont(FONT);
            line.setLabelBackgroundColor(TRANSLUCENT_WHITE);
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(line);
        }
        return svg(
                chart(plot),
                "cost-vs-freshness",
                W,
                H,
                "Monthly cost in USD against the p50 time to insight in minutes, for each trigger");
    }

    static String costVsMemory(ReportSummary s) {
        if (s.charts().costVsMemory().stream().allMatch(se -> se.points().isEmpty())) {
            return "<p>No Lambda variants priced.</p>\n";
        }
        return svg(
                costVsMemoryChart(s),
                "cost-vs-memory",
                W,
                H,
                "Monthly Lambda cost in USD for each memory size; pale bars are modelled");
    }

    static JFreeChart costVsMemoryChart(ReportSummary s) {
        List<Series> series = s.charts().costVsMemory();
        TreeSet<BigDecimal> memories = new TreeSet<>(Comparator.naturalOrder());
        series.forEach(se -> se.points().forEach(p -> memories.add(p.x().stripTrailingZeros())));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, Point> points = new HashMap<>();
        for (Series se : series) {
            for (BigDecimal mb : memories) {
                Point p = se.points().stream()
                        .filter(q -> q.x().compareTo(mb) == 0)
                        .findFirst()
                        .orElse(null);
                data.addValue(p == null ? null : p.y(), se.label(), Money.plain(mb, 0));
                if (p != null) {
                    points.put(se.label() + "|" + Money.plain(mb, 0), p);
                }
            }
        }
        BarRenderer bars = new BarRenderer() {
            private Point point(int row, int column) {
                return points.get(data.getRowKey(row) + "|" + data.getColumnKey(column));
            }

            private boolean modelled(int row, int column) {
                Point p = point(row, column);
                return p != null && p.provenance() == Provenance.MODELLED;
            }

            @Override
            public Paint getItemPaint(int row, int column) {
                Color c = color(row);
                return modelled(row, column) ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 102) : c;
            }

            @Override
            public Paint getItemOutlinePaint(int row, int column) {
                return modelled(row, column) ? rgb(0x333333) : color(row);
            }

            @Override
            public Stroke getItemOutlineStroke(int row, int column) {
                return modelled(row, column) ? dashed(1f, 4f, 3f) : new BasicStroke(1f);
            }

            @Override
            public void drawItem(
                    Graphics2D g2,
                    CategoryItemRendererState state,
                    Rectangle2D dataArea,
                    CategoryPlot plot,
                    CategoryAxis domainAxis,
                    ValueAxis rangeAxis,
                    CategoryDataset dataset,
                    int row,
                    int column,
                    int pass) {
                Point p = point(row, column);
                if (p == null) {
                    return;
                }
                begin(
                        g2,
                        Tag.of(
                                data.getRowKey(row) + " " + data.getColumnKey(column) + " MB: " + Money.format(p.y())
                                        + "/month (" + p.provenance().json() + ")",
                                "class",
                                "mark bar" + (modelled(row, column) ? " modelled" : "")));
                super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
                end(g2);
            }
        };
        for (int i = 0; i < series.size(); i++) {
            // the legend's colours
            bars.setSeriesPaint(i, color(i));
        }
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(true);
        bars.setItemMargin(0.05);
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(SMALL);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                Number v = dataset.getValue(row, column);
                return v == null ? null : Money.format(new BigDecimal(v.toString()));
            }
        });
        bars.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        NumberAxis y = new NumberAxis("USD per month");
        y.setUpperMargin(0.15);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("Lambda memory (MB), pale = modelled"), y, bars);
        style(plot);
        return chart(plot);
    }

    static String durations(ReportSummary s) {
        List<String> variants = new ArrayList<>();
        for (VariantStats v : s.measurements()) {
            if (v.phases().stream().anyMatch(p -> p.wallMs() != null)) {
                variants.add(v.variantId());
            }
        }
        if (variants.isEmpty()) {
            return "<p>No measurements yet: run <code>twinrun compare</code> to fill this chart.</p>\n";
        }
        return svg(
                durationsChart(s),
                "durations",
                W,
                110 + 52 * variants.size(),
                "Wall time per variant, cold and warm runs apart: whisker min to max, box p50 to p90, dot p99");
    }

    /** Box p50 to p90, whiskers min to max and the dot (the renderer's mean) at p99, cold and warm apart. */
    static JFreeChart durationsChart(ReportSummary s) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        Map<String, MetricStats> stats = new HashMap<>();
        for (VariantStats v : s.measurements()) {
            for (PhaseStats p : v.phases()) {
                MetricStats m = p.wallMs();
                if (m != null) {
                    data.add(
                            new BoxAndWhiskerItem(
                                    m.p99(), m.p50(), m.p50(), m.p90(), m.min(), m.max(), null, null, List.of()),
                            p.phase().json(),
                            v.variantId());
                    stats.put(p.phase() + "|" + v.variantId(), m);
                }
            }
        }
        BoxAndWhiskerRenderer boxes = new BoxAndWhiskerRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                Color c = phaseColor(data.getRowKey(row));
                MetricStats m = stats.get(data.getRowKey(row) + "|" + data.getColumnKey(column));
                return m != null && m.provenance() == Provenance.MODELLED
                        ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 90)
                        : c;
            }

            @Override
            public void drawItem(
                    Graphics2D g2,
                    CategoryItemRendererState state,
                    Rectangle2D dataArea,
                    CategoryPlot plot,
                    CategoryAxis domainAxis,
                    ValueAxis rangeAxis,
                    CategoryDataset dataset,
                    int row,
                    int column,
                    int pass) {
                String phase = String.valueOf(data.getRowKey(row));
                String variant = String.valueOf(data.getColumnKey(column));
                MetricStats m = stats.get(phase + "|" + variant);
                if (m == null) {
                    return;
                }
                begin(
                        g2,
                        Tag.of(
                                variant + " " + phase + ": p50 " + Money.plain(m.p50(), 1) + " ms, p90 "
                                        + Money.plain(m.p90(), 1) + " ms, p99 " + Money.plain(m.p99(), 1) + " ms, min "
                                        + Money.plain(m.min(), 1)
                                        + " ms, max " + Money.plain(m.max(), 1) + " ms, n = " + m.n() + " ("
                                        + m.provenance().json() + ")",
                                "class",
                                "mark distribution",
                                "data-phase",
                                phase,
                                "data-variant",
                                variant));
                super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
                end(g2);
            }
        };
        boxes.setFillBox(true);
        boxes.setMeanVisible(true);
        boxes.setMedianVisible(false);
        boxes.setUseOutlinePaintForWhiskers(false);
        boxes.setMaximumBarWidth(0.35);
        for (int row = 0; row < data.getRowCount(); row++) {
            // the legend's colours
            boxes.setSeriesPaint(row, phaseColor(data.getRowKey(row)));
            boxes.setSeriesOutlinePaint(row, Color.DARK_GRAY);
        }
        NumberAxis x = new NumberAxis("wall time (ms): whisker min-max, box p50-p90, dot p99");
        x.setAutoRangeIncludesZero(true);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(null), x, boxes);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        style(plot);
        return chart(plot);
    }

    static String costVsSize(ReportSummary s) {
        return svg(
                costVsSizeChart(s),
                "cost-vs-size",
                W,
                H,
                "Monthly cost in USD against data size per hour, both axes "
                        + "logarithmic, for a single Lambda, the Lambda fan-out and EC2 always on; dots mark crossovers, dashed lines "
                        + "the first limit of a variant");
    }

    /**
     * Monthly cost against data size per hour, both axes logarithmic: one line per variant from the sweep's curve,
     * broken where it does not fit; a dot at each crossover; a dashed line where a variant hits its first limit.
     */
    static JFreeChart costVsSizeChart(ReportSummary s) {
        SizeSweepResult z = s.sizes();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        z.rows().forEach(r -> xs.add(r.sizeMb().doubleValue()));
        z.curve().forEach(p -> {
            xs.add(p.sizeMb().doubleValue());
            ys.add(p.perMonthUsd().doubleValue());
        });
        z.rows()
                .forEach(r -> r.options().stream()
                        .filter(o -> o.fits() && o.perMonthUsd() != null)
                        .forEach(o -> ys.add(o.perMonthUsd().doubleValue())));
        double xLo = xs.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v > 0)
                .min()
                .orElse(1);
        double xHi = xs.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v > 0)
                .max()
                .orElse(10);
        if (xHi <= xLo) {
            xLo /= 2;
            xHi *= 2;
        }
        double yLo = Math.pow(
                10,
                Math.floor(Math.log10(ys.stream()
                        .mapToDouble(Double::doubleValue)
                        .filter(v -> v > 0)
                        .min()
                        .orElse(1))));
        // headroom above the highest line for the limit labels
        double yHi = Math.pow(
                10,
                Math.ceil(Math.log10(ys.stream()
                                .mapToDouble(Double::doubleValue)
                                .filter(v -> v > 0)
                                .max()
                                .orElse(1)
                        * 3)));

        XYSeriesCollection data = new XYSeriesCollection();
        List<String> variants = SizeSweepResult.VARIANTS;
        List<String> titles = new ArrayList<>();
        for (String v : variants) {
            XYSeries xy = new XYSeries(SizeText.variant(v), true, true);
            List<List<SizeSweepResult.CurvePoint>> segments = segments(z, v);
            for (int i = 0; i < segments.size(); i++) {
                if (i > 0) {
                    // a point without a cost breaks the line where the variant does not fit
                    xy.add(segments.get(i).get(0).sizeMb().doubleValue() * 0.999, null);
                }
                segments.get(i)
                        .forEach(p ->
                                xy.add(p.sizeMb().doubleValue(), p.perMonthUsd().doubleValue()));
            }
            data.addSeries(xy);
            titles.add(SizeText.variant(v) + ": "
                    + segments.stream()
                            .map(seg -> SizeText.size(seg.get(0).sizeMb()) + " to "
                                    + SizeText.size(seg.get(seg.size() - 1).sizeMb()) + ", "
                                    + Money.format(seg.get(0).perMonthUsd()) + " to "
                                    + Money.format(seg.get(seg.size() - 1).perMonthUsd()) + " per month")
                            .reduce((a, b) -> a + "; " + b)
                            .orElse("does not fit at any size"));
        }
        TickedLogAxis x = new TickedLogAxis(
                "data size per hour (log scale)", HtmlCharts::sizeTicks, t -> SizeText.size(BigDecimal.valueOf(t)));
        x.setRange(xLo, xHi);
        DecimalFormat usd = new DecimalFormat("$#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        TickedLogAxis y = new TickedLogAxis("USD per month (log scale)", HtmlCharts::decades, usd::format);
        y.setRange(yLo, yHi);
        XYPlot plot = xyPlot(
                data,
                x,
                y,
                lines(i -> Tag.of(titles.get(i), "class", "mark size-series", "data-variant", variants.get(i))));
        for (int i = 0; i < variants.size(); i++) {
            plot.getRenderer().setSeriesPaint(i, sizeColor(variants.get(i)));
        }
        int li = 0;
        for (SizeSweepResult.LimitHit l : z.firstLimits()) {
            if (l.atSizeMb() == null
                    || l.atSizeMb().doubleValue() < xLo
                    || l.atSizeMb().doubleValue() > xHi) {
                continue;
            }
            boolean right = Math.log(l.atSizeMb().doubleValue() / xLo) > Math.log(xHi / xLo) / 2;
            ValueMarker line =
                    new ValueMarker(l.atSizeMb().doubleValue(), sizeColor(l.variant()), dashed(1.5f, 6f, 4f));
            line.setLabel(SizeText.variant(l.variant()) + ": "
                    + SizeText.limitShort(l.limit(), s.priceBook().linesUsed()) + " (" + SizeText.size(l.atSizeMb())
                    + ")");
            line.setLabelFont(FONT);
            line.setLabelBackgroundColor(TRANSLUCENT_WHITE);
            line.setLabelOffset(new RectangleInsets(6 + 15 * li, 4, 0, 4));
            line.setLabelAnchor(right ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(right ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            plot.addAnnotation(new Group(
                    Tag.of(SizeText.limitLine(l), "class", "mark first-limit", "data-variant", l.variant()),
                    List.of(line),
                    List.of()));
            li++;
        }
        int ci = 0;
        for (SizeSweepResult.Crossover c : z.crossovers()) {
            double cx = c.sizeMb().doubleValue();
            // without a cost (the dearer one stops fitting right there) the dot sits on the x axis
            double cy = c.perMonthUsd() == null
                    ? yLo
                    : Math.max(yLo, c.perMonthUsd().doubleValue());
            XYPointerAnnotation label = new XYPointerAnnotation(
                    shortVariant(c.cheaperBelow()) + " = " + shortVariant(c.cheaperAbove()) + " at "
                            + SizeText.size(c.sizeMb()),
                    cx,
                    cy,
                    c.perMonthUsd() == null ? -Math.PI / 4 : Math.PI / 4);
            label.setFont(FONT);
            label.setBaseRadius(30 + 18 * ci);
            label.setTipRadius(7);
            label.setTextAnchor(c.perMonthUsd() == null ? TextAnchor.BOTTOM_LEFT : TextAnchor.TOP_LEFT);
            plot.addAnnotation(new Group(
                    Tag.of(
                            SizeText.crossoverLine(c),
                            "class",
                            "mark crossover",
                            "data-size-mb",
                            c.sizeMb().toPlainString()),
                    List.of(),
                    List.of(dot(cx, cy, 10, Color.BLACK), label)));
            ci++;
        }
        return chart(plot);
    }

    /** A variant's curve, sorted by size, split where a table row between two points says it does not fit. */
    static List<List<SizeSweepResult.CurvePoint>> segments(SizeSweepResult z, String variant) {
        List<SizeSweepResult.CurvePoint> pts = z.curve().stream()
                .filter(p -> p.variant().equals(variant))
                .sorted(Comparator.comparing(SizeSweepResult.CurvePoint::sizeMb))
                .toList();
        List<BigDecimal> gaps = z.rows().stream()
                .filter(r -> r.options().stream().anyMatch(o -> o.variant().equals(variant) && !o.fits()))
                .map(SizeSweepResult.Row::sizeMb)
                .toList();
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

    /** Powers of ten from {@code lo} to {@code hi}. */
    static List<Double> decades(double lo, double hi) {
        List<Double> out = new ArrayList<>();
        for (int e = (int) Math.ceil(Math.log10(lo) - 1e-9); Math.pow(10, e) <= hi * 1.0001; e++) {
            out.add(Math.pow(10, e));
        }
        return out;
    }

    /**
     * A logarithmic axis ticked where {@code ticks} says and labelled as plain strings, so the labels are SVG text
     * (the log axis's own labels are attributed strings, which JFreeSVG draws as glyph outlines).
     */
    static final class TickedLogAxis extends LogAxis {
        private final transient TickValues ticks;
        private final transient DoubleFunction<String> label;

        /** The tick values between an axis' bounds. */
        interface TickValues {
            List<Double> between(double lo, double hi);
        }

        TickedLogAxis(String name, TickValues ticks, DoubleFunction<String> label) {
            super(name);
            this.ticks = ticks;
            this.label = label;
        }

        @Override
        protected List<NumberTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks(TextAnchor.TOP_CENTER);
        }

        @Override
        protected List<NumberTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks(TextAnchor.CENTER_RIGHT);
        }

        private List<NumberTick> ticks(TextAnchor anchor) {
            List<NumberTick> out = new ArrayList<>();
            for (double t : ticks.between(getLowerBound(), getUpperBound())) {
                out.add(new NumberTick(t, label.apply(t), anchor, anchor, 0.0));
            }
            return out;
        }
    }

    private static String shortVariant(String v) {
        return switch (v == null ? "" : v) {
            case SizeSweepResult.LAMBDA -> "Lambda";
            case SizeSweepResult.FANOUT -> "fan-out";
            case SizeSweepResult.EC2 -> "EC2";
            default -> String.valueOf(v);
        };
    }

    /** Colours of the size chart's variants: Lambda as on the other charts, fan-out purple, EC2 always on red. */
    private static Color sizeColor(String variant) {
        return switch (variant) {
            case SizeSweepResult.LAMBDA -> COLORS[0];
            case SizeSweepResult.FANOUT -> COLORS[3];
            case SizeSweepResult.EC2 -> COLORS[1];
            default -> COLORS[5];
        };
    }

    /** Lines without point shapes, each series drawn as one path inside a tagged group. */
    private static XYLineAndShapeRenderer lines(IntFunction<Tag> tags) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false) {
            @Override
            public void drawItem(
                    Graphics2D g2,
                    XYItemRendererState state,
                    Rectangle2D dataArea,
                    PlotRenderingInfo info,
                    XYPlot plot,
                    ValueAxis domainAxis,
                    ValueAxis rangeAxis,
                    XYDataset dataset,
                    int series,
                    int item,
                    CrosshairState crosshairState,
                    int pass) {
                // the whole line is drawn as one path at the last item
                boolean last = pass == 0 && item == state.getLastItemIndex();
                if (last) {
                    begin(g2, tags.apply(series));
                }
                super.drawItem(
                        g2,
                        state,
                        dataArea,
                        info,
                        plot,
                        domainAxis,
                        rangeAxis,
                        dataset,
                        series,
                        item,
                        crosshairState,
                        pass);
                if (last) {
                    end(g2);
                }
            }
        };
        r.setDrawSeriesLineAsPath(true);
        r.setAutoPopulateSeriesStroke(false);
        r.setDefaultStroke(LINE);
        return r;
    }

    private static XYPlot xyPlot(XYDataset data, ValueAxis x, ValueAxis y, XYLineAndShapeRenderer r) {
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        axis(x);
        axis(y);
        return plot;
    }

    private static void style(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        plot.getDomainAxis().setLabelFont(FONT);
        plot.getDomainAxis().setTickLabelFont(SMALL);
        axis(plot.getRangeAxis());
    }

    private static void axis(ValueAxis a) {
        a.setLabelFont(FONT);
        a.setTickLabelFont(SMALL);
        a.setMinorTickMarksVisible(false);
    }

    private static JFreeChart chart(Plot plot) {
        JFreeChart c = new JFreeChart(null, FONT, plot, true);
        c.setBackgroundPaint(Color.WHITE);
        c.setPadding(new RectangleInsets(4, 4, 4, 24));
        c.getLegend().setFrame(BlockBorder.NONE);
        c.getLegend().setItemFont(FONT);
        c.getLegend().setPosition(RectangleEdge.TOP);
        return c;
    }

    /** The chart as an {@code <svg>} element with the id, {@code data-chart} name and label the page expects. */
    static String svg(JFreeChart chart, String name, int width, int height, String aria) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        // ids of clip paths unique within the page and the same from run to run
        g2.setDefsKeyPrefix(name + "-");
        g2.setGeomDoubleConverter(HtmlCharts::num);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        String id = "chart-" + name;
        String svg = g2.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
        return svg.replaceFirst(
                        "^<svg id='" + id + "'",
                        "<svg id=\"" + id + "\" data-chart=\"" + name + "\" role=\"img\" aria-label=\""
                                + HtmlReport.esc(aria).replace("$", "\\$") + "\"")
                + "\n";
    }

    /** A number in the SVG: two decimals at most, no trailing zeros. */
    static String num(double d) {
        String s = String.format(Locale.ROOT, "%.2f", d);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return "-0".equals(s) ? "0" : s;
    }

    private static XYAnnotation dot(double x, double y, double size, Color fill) {
        return new XYDrawableAnnotation(x, y, size, size, (g2, area) -> {
            Ellipse2D e = new Ellipse2D.Double(area.getX(), area.getY(), area.getWidth(), area.getHeight());
            g2.setPaint(fill);
            g2.fill(e);
            g2.setPaint(Color.WHITE);
            g2.setStroke(new BasicStroke(1.5f));
            g2.draw(e);
        });
    }

    private static Stroke dashed(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {on, off}, 0f);
    }

    private static Color phaseColor(Comparable<?> phase) {
        return "cold".equals(phase) ? COLD : WARM;
    }

    private static Color color(int i) {
        return COLORS[i % COLORS.length];
    }

    private static Color rgb(int hex) {
        return new Color(hex);
    }

    private static void begin(Graphics2D g2, Tag tag) {
        g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, tag.attributes());
        if (tag.title() != null) {
            g2.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, tag.title());
        }
    }

    private static void end(Graphics2D g2) {
        g2.setRenderingHint(SVGHints.KEY_END_GROUP, "end");
    }

    /** Markers and annotations drawn together as one tagged group, e.g. a limit's dashed line and its label. */
    private static final class Group extends AbstractXYAnnotation {
        private final Tag tag;
        private final List<ValueMarker> markers;
        private final List<XYAnnotation> parts;

        Group(Tag tag, List<ValueMarker> markers, List<XYAnnotation> parts) {
            this.tag = tag;
            this.markers = markers;
            this.parts = parts;
        }

        @Override
        public void draw(
                Graphics2D g2,
                XYPlot plot,
                Rectangle2D dataArea,
                ValueAxis domainAxis,
                ValueAxis rangeAxis,
                int rendererIndex,
                PlotRenderingInfo info) {
            begin(g2, tag);
            markers.forEach(m -> plot.getRenderer().drawDomainMarker(g2, plot, domainAxis, m, dataArea));
            parts.forEach(a -> a.draw(g2, plot, dataArea, domainAxis, rangeAxis, rendererIndex, info));
            end(g2);
        }
    }
}

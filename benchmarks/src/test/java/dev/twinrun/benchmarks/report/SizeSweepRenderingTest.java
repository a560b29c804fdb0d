package dev.twinrun.benchmarks.report;

import static dev.twinrun.benchmarks.report.RenderersTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.SizeSweepResult.LimitHit;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost-vs-data-size section in every format, from the real model (hourly-2026 at the default sizes: a single
 * Lambda stops fitting at about 9.2 GB, the fan-out fits to 100 GB, two crossovers near 350-390 MB).
 */
class SizeSweepRenderingTest {
    private static ReportSummary sized;
    private static SizeSweepResult sweep;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sweep() {
        sized = ReportFixtures.withSizes();
        sweep = sized.sizes();
        assertThat(sweep).as("fixture has a sweep").isNotNull();
        assertThat(sweep.crossovers()).as("fixture has crossovers to draw").isNotEmpty();
    }

    @Test
    void markdownTableHasOneRowPerSizeAndSingleLambdaDoesNotFitAt100Gb() {
        String md = MarkdownReport.render(sized);
        String section = between(md, "## Cost vs data size\n", "\n## Measurements");

        List<String[]> rows = tableRows(section);
        assertThat(rows).as("one table row per size").hasSize(sweep.rows().size());
        assertThat(rows.stream().map(r -> r[0]).toList())
                .as("sizes, readable, binary units")
                .containsExactly(
                        "100 MB", "256 MB", "512 MB", "1 GB", "2.5 GB", "5 GB", "10 GB", "25 GB", "50 GB", "100 GB");
        String[] last = rows.get(rows.size() - 1);
        assertThat(last[1]).as("100 GB is modelled").isEqualTo("modelled");
        assertThat(last[2]).as("single Lambda at 100 GB").isEqualTo("does not fit (lambda.limits.timeoutSeconds)");
        assertThat(last[3])
                .as("fan-out at 100 GB fits, priced with its shards")
                .matches("\\$\\d+\\.\\d\\d/month, 200 x .*");
        assertThat(last[4]).as("EC2 at 100 GB: a bigger type").startsWith("$").contains("c7g.");
        assertThat(last[5]).as("cheapest at 100 GB").isEqualTo("EC2 always on");
        assertThat(rows.get(0)[2])
                .as(
                        "single Lambda at 100 MB: compute $1.07 plus the deployment's dashboard, six metrics, four alarms, the alarm topic's key and S3")
                .startsWith("$8.89/month, 1769 MB");
        assertThat(section).as("sentence on what is modelled").contains("Every size here is modelled");
        assertThat(section)
                .as("first limit of the single Lambda")
                .contains("- single Lambda: does not fit from 7.3 GB an hour (lambda.limits.timeoutSeconds)");
        assertThat(section)
                .as("subsections")
                .contains("### First limit per variant", "### Crossovers", "### Assumptions");
        assertThat(count(section, "cheaper below"))
                .as("one line per crossover")
                .isEqualTo(sweep.crossovers().size());
        for (String a : sweep.assumptions()) {
            assertThat(section).as("assumption listed").contains("- " + a);
        }
    }

    @Test
    void textHasTheTableFirstLimitsCrossoversAndAssumptions() {
        String text = TextReport.render(sized, false);
        String section = text.substring(text.indexOf("Cost vs data size per hour"));

        List<String> tableLines = section.lines()
                .takeWhile(l -> !l.startsWith("First limit"))
                .skip(1)
                .toList();
        assertThat(tableLines)
                .as("header + one line per size")
                .hasSize(sweep.rows().size() + 1);
        assertThat(tableLines.get(tableLines.size() - 1))
                .as("100 GB line")
                .startsWith("  100 GB | modelled | does not fit (lambda.limits.timeoutSeconds)");
        assertThat(section)
                .as("first limit and crossover lines")
                .contains(
                        "single Lambda: does not fit from 7.3 GB an hour (lambda.limits.timeoutSeconds)",
                        "EC2 always on above",
                        "Assumptions:");
    }

    @Test
    void htmlSizeChartHasALinePerVariantAndAMarkerPerCrossover() {
        String html = HtmlReport.render(sized);
        String svg = between(html, "<svg id=\"chart-cost-vs-size\"", "</svg>");

        assertThat(count(svg, "<g class='mark size-series'"))
                .as("one line per variant")
                .isEqualTo(3);
        for (String v : SizeSweepResult.VARIANTS) {
            assertThat(svg)
                    .as("line of " + v)
                    .containsPattern("<g class='mark size-series' data-variant='" + v
                            + "'><title>[^<]+</title><g [^>]*><path d='M");
        }
        assertThat(count(svg, "<g class='mark crossover'"))
                .as("a marker per crossover")
                .isEqualTo(sweep.crossovers().size());
        for (SizeSweepResult.Crossover c : sweep.crossovers()) {
            assertThat(svg)
                    .as("crossover at " + c.sizeMb())
                    .contains("<g class='mark crossover' data-size-mb='"
                            + c.sizeMb().toPlainString() + "'>");
        }
        assertThat(count(svg, "<g class='mark first-limit'"))
                .as("only the single Lambda's limit is within 100 MB..100 GB")
                .isEqualTo(1);
        assertThat(svg).as("limit labelled").contains(">single Lambda: 15-min timeout (7.3 GB)</text>");
        assertThat(svg)
                .as("log x axis ticks in binary units")
                .contains(">100 MB</text>", ">1 GB</text>", ">10 GB</text>", ">100 GB</text>");
        // the log axis writes its labels as <tspan>s
        assertThat(svg.replaceAll("<[^>]+>", "|"))
                .as("log y axis ticks, one per power of ten")
                .contains("|$1|", "|$10|", "|$100|", "|$1,000|")
                .doesNotContain("|$3.16|");
        assertThat(svg)
                .as("legend")
                .contains(">single Lambda</text>", ">Lambda fan-out</text>", ">EC2 always on</text>");
    }

    @Test
    void theSizeChartIsLogLogAndEachLineStopsWhereItsVariantStopsFitting() {
        XYPlot plot = HtmlCharts.costVsSizeChart(sized).getXYPlot();

        assertThat(plot.getDomainAxis()).as("log x axis").isInstanceOf(LogAxis.class);
        assertThat(plot.getRangeAxis()).as("log y axis").isInstanceOf(LogAxis.class);
        XYDataset lines = plot.getDataset();
        assertThat(lines.getSeriesCount()).as("a series per variant").isEqualTo(3);
        LimitHit limit = sweep.firstLimits().stream()
                .filter(l -> l.variant().equals(SizeSweepResult.LAMBDA))
                .findFirst()
                .orElseThrow();
        assertThat(lastCostedX(lines, 0))
                .as("the single Lambda's line ends before its limit")
                .isLessThanOrEqualTo(limit.atSizeMb().doubleValue());
        assertThat(lastCostedX(lines, 1))
                .as("the fan-out's line reaches 100 GB, beyond the Lambda limit")
                .isEqualTo(102400.0);
        for (int i = 1; i < lines.getItemCount(1); i++) {
            assertThat(lines.getYValue(1, i))
                    .as("fan-out cost grows with size")
                    .isGreaterThanOrEqualTo(lines.getYValue(1, i - 1));
        }
        assertThat(plot.getAnnotations())
                .as("a group per crossover and one for the limit")
                .hasSize(sweep.crossovers().size() + 1);
    }

    @Test
    void htmlSectionHasTheTableAndOneMoreChart() {
        String html = HtmlReport.render(sized);
        String without = HtmlReport.render(sized.withSizes(null, sized.priceBook()));

        assertThat(html).as("section").contains("<h2 id=\"cost-vs-size\">Cost vs data size</h2>");
        assertThat(count(html, "<svg id=\"chart-"))
                .as("one chart more than without sizes")
                .isEqualTo(count(without, "<svg id=\"chart-") + 1);
        assertThat(count(html, "<tr data-size-mb="))
                .as("table row per size")
                .isEqualTo(sweep.rows().size());
        assertThat(html)
                .as("the 100 GB single Lambda cell")
                .containsPattern(
                        "<tr data-size-mb=\"102400\">.*<td data-variant=\"lambda\"[^>]*>does not fit \\(lambda.limits.timeoutSeconds\\)</td>");
    }

    @Test
    void sizesCsvHasOneRowPerSizeAndVariant() throws Exception {
        List<Path> written = ReportWriter.writeAll(sized, tmp);
        Path csv = tmp.resolve(ReportWriter.SIZES_CSV);

        assertThat(written).as("sizes.csv among the written files").contains(csv);
        String[] lines = Files.readString(csv).split("\r\n");
        assertThat(lines).as("header + sizes x 3").hasSize(1 + sweep.rows().size() * 3);
        assertThat(lines[0])
                .isEqualTo(
                        "size_mb,measured,variant,fits,config,duration_ms,wall_ms,per_run_usd,per_month_usd,limit,note");
        assertThat(lines[1])
                .as("first row: 100 MB single Lambda")
                .startsWith("100,false,lambda,true,1769 MB (1 vCPU),");
        assertThat(lines[2])
                .as("config with a comma is quoted")
                .startsWith("100,false,lambda-fanout,true,\"1 x 100 MB");
        String lambda100Gb = Arrays.stream(lines)
                .filter(l -> l.startsWith("102400,false,lambda,"))
                .findFirst()
                .orElseThrow();
        assertThat(lambda100Gb)
                .as("single Lambda at 100 GB: does not fit, no amounts, the limit")
                .startsWith("102400,false,lambda,false,does not fit,,,,,lambda.limits.timeoutSeconds,");
    }

    @Test
    void aReportWithoutSizesHasNoSectionAndNoSizesCsv() throws Exception {
        ReportSummary plain = ReportFixtures.measured();
        assertThat(plain.sizes()).isNull();

        assertThat(MarkdownReport.render(plain)).doesNotContain("Cost vs data size");
        assertThat(TextReport.render(plain, true)).doesNotContain("Cost vs data size");
        assertThat(HtmlReport.render(plain)).doesNotContain("chart-cost-vs-size", "Cost vs data size");
        assertThat(CsvReport.sizes(plain)).isNull();

        ReportWriter.writeAll(sized, tmp);
        assertThat(tmp.resolve(ReportWriter.SIZES_CSV)).as("written with sizes").exists();
        List<Path> written = ReportWriter.writeAll(plain, tmp);
        assertThat(written)
                .as("seven files: the three reports, costs, measurements, break-even and about (no sizes.csv)")
                .hasSize(7);
        assertThat(tmp.resolve(ReportWriter.SIZES_CSV))
                .as("a stale sizes.csv is removed")
                .doesNotExist();
    }

    @Test
    void jsonHasTheSweepAndReadsBackOldAndNewReports() {
        String json = JsonReport.render(sized);

        assertThat(json).as("schema 2").contains("\"schemaVersion\" : \"2\"");
        assertThat(json)
                .as("sizes object with rows")
                .contains(
                        "\"sizes\" : {",
                        "\"rows\" : [",
                        "\"firstLimits\" : [",
                        "\"crossovers\" : [",
                        "\"curve\" : [",
                        "\"sizeMb\" : 102400");
        assertThat(json).as("no exponent notation").doesNotContainPattern(":\\s*-?\\d+(\\.\\d+)?[eE][-+]?\\d");
        ReportSummary back = JsonReport.parse(json);
        assertThat(back).as("round trip").isEqualTo(sized);
        assertThat(back.sizes().rows()).hasSize(sweep.rows().size());

        // a schema 1 report, written before the sweep existed: no "sizes" key at all
        String old = JsonReport.render(ReportFixtures.measured())
                .replace("\"schemaVersion\" : \"2\"", "\"schemaVersion\" : \"1\"")
                .replaceAll(",\\s*\"sizes\" : null", "");
        assertThat(old).doesNotContain("\"sizes\"");
        ReportSummary oldBack = JsonReport.parse(old);
        assertThat(oldBack.sizes()).as("old report reads with no sizes").isNull();
        ReportDiff.Result r = ReportDiff.diff(oldBack, back);
        assertThat(r.winnerA()).isNotNull();
        assertThat(ReportDiff.markdown(r)).as("diff of an old and a new report").contains("# Report diff");
    }

    @Test
    void sizesAreReadableAndLimitsSayWhenThereIsNone() {
        assertThat(SizeText.size(new BigDecimal("100"))).isEqualTo("100 MB");
        assertThat(SizeText.size(new BigDecimal("351"))).isEqualTo("351 MB");
        assertThat(SizeText.size(new BigDecimal("2560"))).isEqualTo("2.5 GB");
        assertThat(SizeText.size(new BigDecimal("9420"))).isEqualTo("9.2 GB");
        assertThat(SizeText.size(new BigDecimal("102400"))).isEqualTo("100 GB");
        assertThat(SizeText.size(new BigDecimal("1048576"))).isEqualTo("1 TB");
        assertThat(SizeText.limitLine(new LimitHit("lambda-fanout", "x", null, null, "fits up to 1 TB an hour")))
                .startsWith("Lambda fan-out: no limit up to 1 TB");
    }

    @Test
    void aCrossoverWithoutACostAndAVariantWithoutALimitStillRender() {
        SizeSweepResult odd = new SizeSweepResult(
                sweep.workload(),
                sweep.assumptions(),
                sweep.rows(),
                List.of(new LimitHit(SizeSweepResult.FANOUT, "Lambda fan-out", null, null, "fits up to 1 TB an hour")),
                List.of(new SizeSweepResult.Crossover(new BigDecimal("9420"), null, "lambda", "ec2")),
                sweep.curve());
        ReportSummary s = sized.withSizes(odd, sized.priceBook());

        String md = MarkdownReport.render(s);
        String svg = between(HtmlReport.render(s), "<svg id=\"chart-cost-vs-size\"", "</svg>");

        assertThat(md).as("no limit").contains("- Lambda fan-out: no limit up to 1 TB");
        assertThat(md)
                .as("crossover without a cost")
                .contains("- at 9.2 GB an hour: single Lambda is cheaper below, EC2 always on above");
        assertThat(svg).as("its dot is still drawn").contains("<g class='mark crossover' data-size-mb='9420'>");
        assertThat(svg).as("no limit line without a size").doesNotContain("first-limit");
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertThat(a).as("found " + from).isNotNegative();
        int b = s.indexOf(to, a);
        assertThat(b).as("found " + to + " after " + from).isGreaterThan(a);
        return s.substring(a, b);
    }

    /** Body rows of the first Markdown table in {@code md}, cells trimmed. */
    private static List<String[]> tableRows(String md) {
        List<String[]> out = new ArrayList<>();
        List<String> lines = md.lines()
                .dropWhile(l -> !l.startsWith("|"))
                .takeWhile(l -> l.startsWith("|"))
                .toList();
        for (String l : lines.subList(2, lines.size())) {
            out.add(Arrays.stream(l.substring(1, l.length() - 1).split(" \\| "))
                    .map(String::trim)
                    .toArray(String[]::new));
        }
        return out;
    }

    /** The size of a series' last point with a cost. */
    private static double lastCostedX(XYDataset d, int series) {
        for (int i = d.getItemCount(series) - 1; i >= 0; i--) {
            if (!Double.isNaN(d.getYValue(series, i))) {
                return d.getXValue(series, i);
            }
        }
        throw new AssertionError("series " + series + " has no point with a cost");
    }
}

package dev.twinrun.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderersTest {
    @TempDir
    Path tmp;

    @Test
    void jsonRoundTripsExactly() {
        ReportSummary s = ReportFixtures.measured();

        ReportSummary back = JsonReport.parse(JsonReport.render(s));

        assertThat(back).as("summary read back from its JSON").isEqualTo(s);
    }

    @Test
    void jsonWritesMoneyAsPlainDecimals() {
        String json = JsonReport.render(ReportFixtures.seed());

        assertThat(json).as("exact seed Lambda month").contains("\"perMonthUsd\" : 3.600864");
        assertThat(json).as("no exponent notation").doesNotContainPattern("\\d[eE][-+]?\\d");
    }

    @Test
    void markdownHasVerdictCostsBreakEvenAndSources() {
        String md = MarkdownReport.render(ReportFixtures.measured());

        assertThat(md)
                .as("sections")
                .contains("## Verdict", "## Costs", "## Break-even", "## Measurements", "## Price book lines used");
        assertThat(md).as("seed schedule verdict").contains("At the seed's schedule");
        assertThat(md).as("modelled memory sizes labelled").contains("modelled");
        assertThat(md)
                .as("a modelled winner is labelled in the verdict")
                .contains("**lambda-512mb-x86_64** (duration modelled) is cheaper");
        assertThat(md).as("price line ids").contains("`lambda.duration.x86_64`");
    }

    @Test
    void csvTablesHaveAHeaderAndOneRowPerItem() {
        ReportSummary s = ReportFixtures.measured();

        String[] costs = CsvReport.costs(s).split("\r\n");
        long lines = s.costs().stream().mapToLong(v -> v.lines().size()).sum();
        assertThat(costs).as("costs.csv rows = header + one per cost line").hasSize((int) lines + 1);
        assertThat(costs[0]).as("costs header").startsWith("variantId,measuredVariantId,platform,model");
        assertThat(CsvReport.measurements(s))
                .as("measurements.csv has wall rows")
                .contains("lambda-1024mb-x86_64,lambda,1024,x86_64,,cold,1,0,wallMs,1,2400.000");
        assertThat(CsvReport.breakEvens(s).split("\r\n"))
                .as("break-even rows")
                .hasSize(s.breakEvens().size() + 1);
    }

    @Test
    void csvQuotesCellsWithCommasAndQuotes() {
        assertThat(Csv.cell("a,b")).as("comma").isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).as("quote").isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void htmlIsSelfContainedWithThreeCharts() {
        String html = HtmlReport.render(ReportFixtures.measured());

        assertThat(html)
                .as("charts")
                .contains("id=\"chart-cost-vs-runs\"", "id=\"chart-cost-vs-memory\"", "id=\"chart-durations\"");
        assertThat(html).as("no external resources").doesNotContain("src=\"http", "href=\"http", "<link", "@import");
        assertThat(html).as("title escaped").contains("Measured &lt;sample&gt; &amp; co");
        assertThat(count(html, "<g class='mark series'"))
                .as("one line per cost model")
                .isEqualTo(3);
        assertThat(html).as("cold and warm rows").contains("data-phase='cold'", "data-phase='warm'");
        assertThat(html)
                .as("a tooltip per line")
                .contains("<g class='mark series' data-variant='ec2-t3.micro-always-on'>"
                        + "<title>EC2 t3.micro always on</title>");
        assertThat(html)
                .as("the verdict's winner in strong, not Markdown")
                .contains("<strong>lambda-512mb-x86_64</strong> (duration modelled) is cheaper")
                .doesNotContain("**");
    }

    @Test
    void htmlMarksTheBreakEvenOnTheRunsPerDayChart() {
        String html = HtmlReport.render(ReportFixtures.seed());

        assertThat(count(html, "<g class='mark break-even'>"))
                .as("break-even marker group")
                .isEqualTo(ReportFixtures.seed().charts().breakEvenMarkers().size())
                .isPositive();
        assertThat(html).as("break-even label at 56.7 runs/day").contains("56.7/day");
    }

    @Test
    void everyFormatWritesTheVerdictOnceWithItsOwnEmphasis() {
        ReportSummary s = ReportFixtures.measured();
        Text verdict = Sentences.verdict(s.verdicts().get(0));

        assertThat(MarkdownReport.render(s)).as("Markdown").contains("- " + verdict.markdown());
        assertThat(HtmlReport.render(s)).as("HTML").contains("<p class=\"verdict\">" + verdict.html() + "</p>");
        assertThat(TextReport.render(s, false)).as("terminal").contains(verdict.plain() + "\n");
        assertThat(verdict.markdown()).as("Markdown emphasis").contains("**lambda-512mb-x86_64**");
        assertThat(verdict.plain()).as("no markup in plain text").doesNotContain("**", "<");
    }

    @Test
    void textSpansAreEscapedInHtmlAndMarkedPerFormat() {
        Text t = Text.builder()
                .plain("a < b, ")
                .strong("x & y")
                .plain(" in ")
                .code("f\"g")
                .build();

        assertThat(t.html()).isEqualTo("a &lt; b, <strong>x &amp; y</strong> in <code>f&quot;g</code>");
        assertThat(t.markdown()).isEqualTo("a < b, **x & y** in `f\"g`");
        assertThat(t.plain()).isEqualTo("a < b, x & y in f\"g");
    }

    @Test
    void writerWritesEveryFormat() throws Exception {
        ReportWriter.writeAll(ReportFixtures.seed(), tmp);

        for (String f : new String[] {
            ReportWriter.MARKDOWN,
            ReportWriter.HTML,
            ReportWriter.JSON,
            ReportWriter.COSTS_CSV,
            ReportWriter.MEASUREMENTS_CSV,
            ReportWriter.BREAK_EVEN_CSV
        }) {
            assertThat(tmp.resolve(f)).as(f).exists();
        }
        assertThat(JsonReport.read(tmp))
                .as("report.json read from the directory")
                .isEqualTo(ReportFixtures.seed());
        assertThat(Files.readString(tmp.resolve(ReportWriter.HTML)))
                .as("seed page without measurements")
                .contains("No measurements yet");
    }

    static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

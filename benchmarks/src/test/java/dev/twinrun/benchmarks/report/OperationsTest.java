package dev.twinrun.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.analysis.Comparison;
import dev.twinrun.pricing.Scenario;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations section: template facts from the built-in profile, measured artifact sizes, rendered everywhere. */
class OperationsTest {
    @TempDir
    Path dir;

    private ReportSummary summary(Operations.Artifacts artifacts) {
        Scenario s = Scenario.load("hourly-2026");
        ReportSummary base = Comparison.summarize(new Comparison.Request(
                s, List.of(), null, List.of(BigDecimal.ONE, BigDecimal.valueOf(100_000)), "t", "now", List.of()));
        return base.withOperations(Operations.build(base, s, artifacts));
    }

    private Path zip(String name, int entryBytes) throws IOException {
        Path p = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("lib/a.jar"));
            z.write(new byte[entryBytes]);
            z.closeEntry();
        }
        return p;
    }

    @Test
    void timeToInsightIsWhatTheArrivalRunMeasuredWhenThereWasOne() {
        FreshnessSummary.Row perEvent = new FreshnessSummary.Row(
                "lambda-s3-event",
                "Lambda per S3 event",
                "Lambda 1769 MB",
                BigDecimal.valueOf(6),
                20_000_000L,
                BigDecimal.valueOf(5_600),
                BigDecimal.valueOf(6_000),
                BigDecimal.ZERO,
                new BigDecimal("16.43"),
                0,
                null,
                null,
                "measured");
        FreshnessSummary.Row fargate = new FreshnessSummary.Row(
                "fargate",
                "Fargate task :05 (+ image pull)",
                "Fargate",
                BigDecimal.ONE,
                20_000_000L,
                BigDecimal.valueOf(365_000),
                BigDecimal.valueOf(366_000),
                BigDecimal.valueOf(57_000),
                new BigDecimal("9.02"),
                0,
                null,
                null,
                "pull modelled");
        FreshnessSummary f = new FreshnessSummary(
                "spread",
                "spread over the hour",
                6,
                600,
                4,
                null,
                List.of(perEvent, fargate),
                "fargate",
                "lambda-s3-event",
                null,
                List.of());

        OperationsSection without = summary(null).operations();
        OperationsSection with =
                summary(Operations.Artifacts.NONE.withFreshness(f)).operations();

        assertThat(cell(without, "insight.latency", "lambda").from()).startsWith("modelled");
        OperationsSection.Cell lambda = cell(with, "insight.latency", "lambda");
        assertThat(lambda.value()).startsWith("p50 5.6 s, p90 6.0 s").contains("Lambda per S3 event");
        assertThat(lambda.from()).startsWith("measured: ./twinrun compare --arrival spread, 4 hours of 6 files");
        assertThat(cell(with, "insight.latency", "fargate").from()).contains("57.0 s of it modelled");
        assertThat(cell(with, "insight.latency", "ec2").from())
                .as("a trigger the arrival run did not measure stays modelled")
                .startsWith("modelled");
        assertThat(cell(with, "insight.latency", "fanout").from()).startsWith("modelled");
    }

    private static OperationsSection.Cell cell(OperationsSection o, String key, String variant) {
        return o.rows().stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow()
                .cells()
                .get(o.variants().indexOf(variant));
    }

    @Test
    void everyVariantHasACellInEveryRowAndEveryCellSaysWhereItComesFrom() {
        OperationsSection o = summary(null).operations();
        assertThat(o.variants()).containsExactly("lambda", "ec2", "fanout", "ec2-per-run", "fargate");
        assertThat(o.rows())
                .extracting(OperationsSection.Row::key)
                .contains(
                        "operate.resources",
                        "operate.patch",
                        "observe.metrics",
                        "package.size",
                        "rollout.how",
                        "rollout.serving",
                        "scale.limit",
                        "insight.latency",
                        "insight.cost");
        for (OperationsSection.Row r : o.rows()) {
            assertThat(r.cells()).as(r.key()).hasSize(5).allSatisfy(c -> {
                assertThat(c.value()).isNotBlank();
                assertThat(c.from()).isNotBlank();
            });
        }
        assertThat(o.cell("operate.patch", "ec2").value()).contains("/aws/service/ami-amazon-linux-latest/al2023");
        assertThat(o.cell("operate.patch", "lambda").value()).contains("patched by AWS");
        assertThat(o.cell("operate.agent", "ec2").value()).startsWith("CloudWatch agent");
        assertThat(o.cell("rollout.serving", "ec2-per-run").value()).contains("40 s modelled");
        assertThat(o.cell("rollout.serving", "ec2-per-run").from()).contains("ec2.assumption.bootSeconds");
        assertThat(o.cell("observe.metrics", "lambda").from()).contains("deployment.emfMetrics");
        assertThat(o.cell("insight.cost", "ec2").value()).endsWith("/month");
        assertThat(o.cell("insight.cost", "ec2").from()).startsWith("cost row ec2");
        assertThat(o.cell("scale.limit", "lambda").from()).contains("SizeSweep");
        assertThat(o.cell("scale.limit", "fargate").value()).isEqualTo("not in the size model");
        assertThat(o.cell("package.size", "lambda").value()).startsWith("not measured");
    }

    @Test
    void theArtifactsAreMeasuredAgainstTheLimit() throws IOException {
        Path lambdaZip = zip("twinrun-lambda.zip", 5 << 20);
        Path jar = zip("twinrun-ec2.jar", 1 << 20);
        OperationsSection o =
                summary(Operations.Artifacts.of(lambdaZip, jar, null)).operations();
        OperationsSection.Cell lambda = o.cell("package.size", "lambda");
        assertThat(lambda.value())
                .contains("5 MB unzipped")
                .contains("2 % of the 250 MB unzipped limit")
                .containsPattern("Lambda zip [0-9.]+ KB zipped")
                .contains("under the 50 MB direct upload");
        assertThat(lambda.from()).startsWith("measured: twinrun-lambda.zip").contains("gettingstarted-limits");
        assertThat(o.cell("package.size", "ec2").value())
                .startsWith("runner jar")
                .contains("1 MB unzipped");
    }

    @Test
    void withoutAMeasuredDependencyTheRowNamesTheBenchThatMeasuresIt() {
        OperationsSection o = summary(null).operations();
        OperationsSection.Cell lambda = o.cell("package.dependency", "lambda");
        assertThat(lambda.value()).contains("250 MB unzipped limit").contains("not in this report");
        assertThat(lambda.from())
                .contains("./twinrun bench lambda --added-dependency-mb N")
                .contains("docs/BENCHMARKS.md");
    }

    @Test
    void aMeasuredDependencyIsQuotedWithItsCommandAndFile() throws IOException {
        Path json = dir.resolve("dependency.json");
        Files.writeString(json, """
                {"command": "./twinrun bench lambda --added-dependency-mb 20", "loadAverageAtStart": "1.00",
                 "loadAverageAtEnd": "2.00", "costs": [
                  {"memoryMb": 1769, "variant": "java 17", "loadedByInit": false, "jarBytes": 20971520,
                   "baseZipBytes": 10000000, "paddedZipBytes": 28400000, "rounds": 11,
                   "initMsPerMb": {"median": 1.25, "min": -3.5, "max": 6.0}},
                  {"memoryMb": 1769, "variant": "java 17", "loadedByInit": true, "jarBytes": 20971520,
                   "baseZipBytes": 10000000, "paddedZipBytes": 28400000, "rounds": 11,
                   "initMsPerMb": {"median": 270.4, "min": 250.0, "max": 300.0}}]}
                """);
        OperationsSection o = summary(Operations.Artifacts.NONE.withDependency(DependencyMeasure.read(json)))
                .operations();
        for (String v : List.of("lambda", "fanout")) {
            OperationsSection.Cell c = o.cell("package.dependency", v);
            assertThat(c.value())
                    .startsWith("+0.88 MB zip per MB added")
                    .contains("INIT +1.3 ms per MB (-3.5 to +6, 11 rounds) when INIT does not load its classes")
                    .contains("INIT +270.4 ms per MB (+250 to +300, 11 rounds) when INIT loads its classes");
            assertThat(c.from())
                    .startsWith("measured by ./twinrun bench lambda --added-dependency-mb 20 (" + json)
                    .contains("load average 1.00 to 2.00");
        }
        assertThat(o.cell("package.dependency", "ec2").value()).startsWith("its size in the jar");
    }

    @Test
    void aFileThatIsNotTheBenchsResultIsRefusedNamingIt() throws IOException {
        Path notJson = Files.writeString(dir.resolve("a.json"), "{not json");
        Path noCosts = Files.writeString(dir.resolve("b.json"), "{\"costs\": []}");
        Path noInit = Files.writeString(
                dir.resolve("c.json"),
                "{\"costs\": [{\"memoryMb\": 1, \"jarBytes\": 1, \"baseZipBytes\": 1, \"paddedZipBytes\": 2,"
                        + " \"rounds\": 1}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DependencyMeasure.read(notJson))
                .hasMessageStartingWith(notJson + ": not a readable JSON file");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DependencyMeasure.read(noCosts))
                .hasMessageStartingWith(noCosts + ": no \"costs\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DependencyMeasure.read(noInit))
                .hasMessage(noInit + ": costs[0]: \"initMsPerMb\" needs median, min and max");
    }

    @Test
    void everyFormatHasTheSection() throws IOException {
        ReportSummary s = summary(null);
        String md = MarkdownReport.render(s);
        assertThat(md).contains("## " + OperationsText.TITLE).contains("| What you operate | who patches what |");
        assertThat(HtmlReport.render(s))
                .contains("<table class=\"operations\">")
                .contains("<tr data-row=\"rollout.rollback\">");
        assertThat(TextReport.render(s, false)).contains(OperationsText.TITLE).contains("[");
        assertThat(JsonReport.parse(JsonReport.render(s)).operations()).isEqualTo(s.operations());
        List<Path> files = ReportWriter.writeAll(s, dir.resolve("out"));
        Path csv = dir.resolve("out").resolve(ReportWriter.OPERATIONS_CSV);
        assertThat(files).contains(csv);
        assertThat(Files.readAllLines(csv)).first().isEqualTo("group,key,row,variant,value,from");
        assertThat(Files.readAllLines(csv)).hasSize(1 + s.operations().rows().size() * 5);
    }
}

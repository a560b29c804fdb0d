package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.benchmarks.analysis.Comparison;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.RawRecords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code twinrun compare} end to end on the embedded target: the packaged zip and jar, 1 MB, 2 hours, 512 MB. */
class CompareIT {
    private static final Path ZIP = InProcess.lambdaZip();
    private static final Path JAR = InProcess.ec2Jar();

    @TempDir
    Path tmp;

    @Test
    void tinyEmbeddedCompareMeasuresBothVariantsAndNamesAWinner() throws Exception {
        Path out = tmp.resolve("report");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        var cl = TwinrunCli.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        int exit = cl.execute(
                "compare",
                "--size",
                "1MB",
                "--hours",
                "2",
                "--lambda-memory",
                "512",
                "--quiet",
                "--lambda-zip",
                ZIP.toString(),
                "--ec2-jar",
                JAR.toString(),
                "--out",
                out.toString());

        assertThat(exit)
                .as("exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr)
                .isZero();
        List<InvocationRecord> raw = RawRecords.read(out.resolve("raw.jsonl"));
        assertThat(raw)
                .as("Lambda cold record")
                .anyMatch(r -> r.platform() == Platform.LAMBDA
                        && r.phase() == Phase.COLD
                        && r.initMs() != null
                        && r.initMs() > 0);
        assertThat(raw)
                .as("Lambda warm record")
                .anyMatch(r -> r.platform() == Platform.LAMBDA && r.phase() == Phase.WARM);
        assertThat(raw.stream().filter(r -> r.platform() == Platform.EC2).count())
                .as("one EC2 tick per hour")
                .isEqualTo(2);
        assertThat(raw).as("no failed run").noneMatch(InvocationRecord::failed);
        assertThat(raw).as("every run read rows").allMatch(r -> r.rowsRead() != null && r.rowsRead() > 0);

        for (String f : List.of(
                ReportWriter.MARKDOWN,
                ReportWriter.HTML,
                ReportWriter.JSON,
                ReportWriter.COSTS_CSV,
                ReportWriter.MEASUREMENTS_CSV,
                ReportWriter.BREAK_EVEN_CSV,
                Comparison.STATS)) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        JsonNode report =
                new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        JsonNode verdicts = report.path("verdicts");
        assertThat(verdicts.size())
                .as("verdicts at the scenario's and the seed's schedule")
                .isEqualTo(2);
        for (JsonNode v : verdicts) {
            assertThat(v.path("cheapestVariantId").asText()).as("winner named").isNotBlank();
            assertThat(v.path("runnerUpVariantId").asText())
                    .as("runner-up of the other platform")
                    .isNotBlank();
        }
        assertThat(report.path("notes").toString())
                .as("output check in the notes")
                .contains("byte-identical summary.json for every hour");
        assertThat(stdout.toString())
                .as("summary names the cheaper variant and the report paths")
                .contains(" is cheaper: ")
                .contains("report.html");
        assertThat(Files.readString(out.resolve(ReportWriter.MARKDOWN)))
                .as("Markdown report")
                .contains("Lambda");
        JsonNode sizes = report.path("sizes");
        assertThat(sizes.path("rows").size())
                .as("the default sizes and the measured 1 MB")
                .isEqualTo(11);
        assertThat(sizes.path("workload").path("source").asText())
                .as("work per MB from this run, not the scenario")
                .contains("lambda-512mb");
        assertThat(out.resolve("sizes.csv")).isRegularFile();
        assertThat(stdout.toString())
                .as("size summary")
                .contains("as the hour grows")
                .contains("first limits:");

        // The report rebuilt from compare's own raw.jsonl with the two commands compare prints is the same report.
        Path rebuilt = tmp.resolve("rebuilt");
        List<List<String>> commands = RebuildLine.commands(stdout.toString(), rebuilt);
        assertThat(commands).as("report stats of both sizes, then report build").hasSize(3);
        assertThat(commands.get(0))
                .as("statistics from compare's raw records")
                .startsWith("report", "stats", out.resolve("raw.jsonl").toString());
        assertThat(commands.get(1))
                .as("statistics of the second size")
                .startsWith("report", "stats", out.resolve("fit/raw.jsonl").toString());
        assertThat(commands.get(2)).as("the build").startsWith("report", "build");
        for (List<String> c : commands) {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            var rcl = TwinrunCli.commandLine();
            rcl.setOut(new PrintWriter(o, true));
            rcl.setErr(new PrintWriter(e, true));
            assertThat(rcl.execute(c.toArray(String[]::new)))
                    .as(c + "\n" + o + e)
                    .isZero();
        }
        ObjectNode again = (ObjectNode)
                new ObjectMapper().readTree(rebuilt.resolve(ReportWriter.JSON).toFile());
        ObjectNode first = ((ObjectNode) report).deepCopy();
        // by nature different: when each report was generated
        assertThat(first.remove("generatedAt"))
                .as("compare's report has a generation time")
                .isNotNull();
        assertThat(again.remove("generatedAt")).as("the rebuilt report has one").isNotNull();
        assertThat(again.toPrettyString())
                .as("rebuilt report.json, figures included")
                .isEqualTo(first.toPrettyString());
    }

    @Test
    void compareWithAJobSpecRunsItOnBothVariantsAndTheyPublishTheSameBytes() throws Exception {
        Path out = tmp.resolve("job-report");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        var cl = TwinrunCli.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        int exit = cl.execute(
                "compare",
                "--size",
                "1MB",
                "--hours",
                "2",
                "--lambda-memory",
                "512",
                "--quiet",
                "--job",
                Path.of("../jobs/ecommerce.json").toString(),
                "--lambda-zip",
                ZIP.toString(),
                "--ec2-jar",
                JAR.toString(),
                "--out",
                out.toString());
        assertThat(exit)
                .as("exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr)
                .isZero();
        assertThat(stdout.toString()).as("the job named").contains("job: job:ecommerce from ");
        List<InvocationRecord> raw = RawRecords.read(out.resolve("raw.jsonl"));
        assertThat(raw).as("no failed run").noneMatch(InvocationRecord::failed);
        JsonNode report =
                new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertThat(report.path("notes").toString())
                .as("both variants published the same summary.json")
                .contains("byte-identical summary.json for every hour");
        try (var files = Files.walk(out.resolve("work"))) {
            List<Path> summaries = files.filter(f -> f.getFileName().toString().startsWith("summary.json"))
                    .toList();
            assertThat(summaries).as("summaries published").isNotEmpty();
            for (Path f : summaries) {
                assertThat(Files.readString(f))
                        .as("%s is the spec job's", f)
                        .contains("\"transformation\" : \"job:ecommerce\"");
            }
        }
    }
}

package dev.twinrun.cli;

import dev.twinrun.benchmarks.analysis.Analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.cli.TwinrunCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code twinrun compare} end to end on the embedded target: the packaged zip and jar, 1 MB, 2 hours, 512 MB. */
class CompareIT {
    private static final Path ZIP = Path.of(Objects.requireNonNull(System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));
    private static final Path JAR = Path.of(Objects.requireNonNull(System.getProperty("twinrun.ec2.jar"),
            "system property twinrun.ec2.jar (set by the failsafe configuration)"));

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
        int exit = cl.execute("compare", "--size", "1MB", "--hours", "2", "--lambda-memory", "512", "--quiet",
                "--lambda-zip", ZIP.toString(), "--ec2-jar", JAR.toString(), "--out", out.toString());

        assertThat(exit).as("exit code; stdout:\n" + stdout + "\nstderr:\n" + stderr).isZero();
        List<InvocationRecord> raw = RawRecords.read(out.resolve("raw.jsonl"));
        assertThat(raw).as("Lambda cold record").anyMatch(r -> r.platform().equals("lambda") && r.phase().equals("cold")
                && r.initMs() != null && r.initMs() > 0);
        assertThat(raw).as("Lambda warm record").anyMatch(r -> r.platform().equals("lambda") && r.phase().equals("warm"));
        assertThat(raw.stream().filter(r -> r.platform().equals("ec2")).count()).as("one EC2 tick per hour").isEqualTo(2);
        assertThat(raw).as("no failed run").noneMatch(InvocationRecord::failed);
        assertThat(raw).as("every run read rows").allMatch(r -> r.rowsRead() != null && r.rowsRead() > 0);

        for (String f : List.of(ReportWriter.MARKDOWN, ReportWriter.HTML, ReportWriter.JSON, ReportWriter.COSTS_CSV,
                ReportWriter.MEASUREMENTS_CSV, ReportWriter.BREAK_EVEN_CSV, Analysis.STATS)) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        JsonNode verdicts = report.path("verdicts");
        assertThat(verdicts.size()).as("verdicts at the scenario's and the seed's schedule").isEqualTo(2);
        for (JsonNode v : verdicts) {
            assertThat(v.path("cheapestVariantId").asText()).as("winner named").isNotBlank();
            assertThat(v.path("runnerUpVariantId").asText()).as("runner-up of the other platform").isNotBlank();
        }
        assertThat(report.path("notes").toString()).as("output check in the notes")
                .contains("byte-identical summary.json for every hour");
        assertThat(stdout.toString()).as("summary names the cheaper variant and the report paths")
                .contains(" is cheaper: ").contains("report.html");
        assertThat(Files.readString(out.resolve(ReportWriter.MARKDOWN))).as("Markdown report").contains("Lambda");
        JsonNode sizes = report.path("sizes");
        assertThat(sizes.path("rows").size()).as("the default sizes and the measured 1 MB").isEqualTo(11);
        assertThat(sizes.path("workload").path("source").asText()).as("work per MB from this run, not the scenario")
                .contains("lambda-512mb");
        assertThat(out.resolve("sizes.csv")).isRegularFile();
        assertThat(stdout.toString()).as("size summary").contains("as the hour grows").contains("first limits:");
    }
}

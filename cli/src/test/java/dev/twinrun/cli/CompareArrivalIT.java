package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.measure.ArrivalExperiment;
import dev.twinrun.benchmarks.report.FreshnessWriter;
import dev.twinrun.benchmarks.report.ReportWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --files-per-hour 3 --arrival spread} end to end on the embedded target, small: every trigger's time
 * to insight measured, priced, and the report's new section.
 */
class CompareArrivalIT {
    private static final Path ZIP = InProcess.lambdaZip();
    private static final Path JAR = InProcess.ec2Jar();

    @TempDir
    Path tmp;

    @Test
    void spreadArrivalsReportTimeToInsightAndCostForEveryTrigger() throws Exception {
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
                "--files-per-hour",
                "3",
                "--arrival",
                "spread",
                "--timescale",
                "1200",
                "--fresh-within",
                "10m",
                "--lambda-memory",
                "512",
                "--sizes",
                "100MB",
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
        assertThat(out.resolve(ArrivalExperiment.FILE)).exists();
        JsonNode f =
                new ObjectMapper().readTree(out.resolve(FreshnessWriter.JSON).toFile());
        Map<String, JsonNode> rows = new HashMap<>();
        f.path("rows").forEach(r -> rows.put(r.path("id").asText(), r));
        assertThat(rows)
                .containsOnlyKeys(
                        "lambda-s3-event",
                        "lambda-complete-marker",
                        "lambda-expected-files",
                        "lambda-schedule",
                        "lambda-fanout",
                        "ec2-cron",
                        "ec2-per-run",
                        "fargate");
        for (JsonNode r : rows.values()) {
            assertThat(r.path("unpublishedHours").asInt())
                    .as(r.path("id").asText())
                    .isZero();
            assertThat(r.path("p50Ms").isNumber()).as(r.path("id") + " p50").isTrue();
            assertThat(r.path("perMonthUsd").decimalValue())
                    .as(r.path("id") + " cost")
                    .isPositive();
            assertThat(r.path("bytesReadPerHour").asLong())
                    .as(r.path("id") + " bytes")
                    .isPositive();
        }
        assertThat(rows.get("lambda-s3-event").path("invocationsPerHour").decimalValue())
                .as("one invocation per file")
                .isEqualByComparingTo("3");
        // the deployed S3 trigger with its debounce: 3 file events, the marker's, and the rate rule every 5 min
        assertThat(rows.get("lambda-complete-marker").path("invocationsPerHour").decimalValue())
                .isGreaterThan(new java.math.BigDecimal("10"));
        for (JsonNode r : rows.values()) {
            assertThat(r.path("s3RequestsPerHour").path("LIST").decimalValue())
                    .as(r.path("id") + " LISTs counted")
                    .isPositive();
        }
        assertThat(rows.get("lambda-s3-event")
                        .path("s3RequestsPerHour")
                        .path("partials.PUT")
                        .decimalValue())
                .as("one partial written per file")
                .isEqualByComparingTo("3");
        // incremental: each event reads only its new file, so the hour's bytes are read about once, not 1+2+3 times
        assertThat(rows.get("lambda-s3-event").path("bytesReadPerHour").asLong())
                .isLessThan(rows.get("lambda-schedule").path("bytesReadPerHour").asLong() * 3 / 2);
        assertThat(rows.get("lambda-complete-marker").path("bytesReadPerHour").asLong())
                .as("deferred events parse their files too")
                .isLessThan(rows.get("lambda-schedule").path("bytesReadPerHour").asLong() * 3 / 2)
                .isGreaterThan(
                        rows.get("lambda-schedule").path("bytesReadPerHour").asLong() / 2);
        // the last file lands at 59:59; a :05 schedule cannot see it before 5 min later
        for (String scheduled :
                new String[] {"lambda-schedule", "lambda-fanout", "ec2-cron", "ec2-per-run", "fargate"}) {
            assertThat(rows.get(scheduled).path("p50Ms").asDouble())
                    .as(scheduled)
                    .isGreaterThan(300_000);
        }
        // the fan-out's :05 execution: Plan and PlanNext, one shard for a 1 MB hour, Merge, every execution cold
        JsonNode fan = rows.get("lambda-fanout");
        assertThat(fan.path("invocationsPerHour").decimalValue()).isEqualByComparingTo("4");
        assertThat(fan.path("note").asText())
                .contains("2 execution(s) of the state machine over 2 hour(s): 4 Plan/PlanNext, 2 Shard, 2 Merge");
        assertThat(fan.path("bytesReadPerHour").asLong())
                .as("the shard reads the hour once")
                .isLessThan(rows.get("lambda-schedule").path("bytesReadPerHour").asLong() * 3 / 2);
        assertThat(rows.get("lambda-s3-event").path("p50Ms").asDouble()).isLessThan(300_000);
        assertThat(rows.get("lambda-complete-marker").path("p50Ms").asDouble()).isLessThan(300_000);
        // the count of 3 files completes the hour at its last file's event, with no marker
        assertThat(rows.get("lambda-expected-files").path("p50Ms").asDouble()).isLessThan(300_000);
        assertThat(rows.get("lambda-expected-files").path("invocationsPerHour").decimalValue())
                .as("3 file events and the rate rule's ticks, no marker event")
                .isGreaterThan(new java.math.BigDecimal("10"))
                .isLessThan(rows.get("lambda-complete-marker")
                        .path("invocationsPerHour")
                        .decimalValue());
        assertThat(rows.get("fargate").path("p50Ms").asDouble())
                .isGreaterThan(rows.get("ec2-cron").path("p50Ms").asDouble());
        assertThat(f.path("freshest").asText()).isIn("lambda-s3-event", "lambda-complete-marker");
        assertThat(f.path("cheapestWithin").asText()).isNotEmpty();

        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertThat(md).contains("## Cost vs time to insight", "| Lambda per S3 event |", "cheapest fresh within");
        assertThat(Files.readString(out.resolve(ReportWriter.HTML))).contains("id=\"chart-cost-vs-freshness\"");
        assertThat(stdout.toString()).contains("cost vs time to insight", "cheapest:", "freshest:");
    }
}

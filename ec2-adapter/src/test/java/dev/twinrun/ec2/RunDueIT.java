package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner as cron starts it: a fresh JVM per tick, against an in-process S3 server. */
class RunDueIT {
    private static final HourId H10 = HourId.parse("2026-11-20T10");
    private static final HourId H11 = HourId.parse("2026-11-20T11");
    private static final HourId H12 = HourId.parse("2026-11-20T12");
    private static final HourId H13 = HourId.parse("2026-11-20T13");
    private static final String NOW = "2026-11-20T13:05:00Z";

    @TempDir
    Path tmp;

    CronHarness cron;

    @BeforeEach
    void start() throws Exception {
        cron = new CronHarness(tmp, "twinrun-it");
    }

    @AfterEach
    void stop() {
        cron.close();
    }

    @Test
    void threeMissedHoursAreCaughtUpOldestFirstInOneRunAndTheNextTickIsIdle() throws Exception {
        for (HourId h : List.of(H10, H11, H12, H13)) {
            cron.putHour(h, TestHours.csv(h, 200_000, 1));
        }

        CronHarness.Result first = cron.run("run-due", "--now", NOW);

        assertThat(first.exitCode()).as("catch-up run exit code; " + first).isEqualTo(ExitCode.OK.code());
        assertThat(cron.messages("hour ").stream()
                        .filter(n -> n.get("message").asText().contains(" published"))
                        .map(n -> n.get("hour").asText())
                        .toList())
                .as("hours published, oldest first")
                .containsExactly("2026-11-20T10", "2026-11-20T11", "2026-11-20T12");
        for (HourId h : List.of(H10, H11, H12)) {
            assertThat(cron.status(h)).as("status of " + h + " after the run").isEqualTo(HourStatus.CURRENT);
        }
        assertThat(cron.status(H13))
                .as("the current hour is not processed before it ends")
                .isEqualTo(HourStatus.DUE);
        JsonNode runMetrics = cron.metric("HoursDue").get(0);
        assertThat(runMetrics.get("HoursDue").asInt()).as("HoursDue").isEqualTo(3);
        assertThat(runMetrics.get("HoursProcessed").asInt())
                .as("HoursProcessed")
                .isEqualTo(3);
        assertThat(runMetrics.get("HoursFailed").asInt()).as("HoursFailed").isZero();
        List<JsonNode> hourMetrics = cron.metric("RowsRead");
        assertThat(hourMetrics).as("one EMF line per published hour").hasSize(3);
        assertThat(hourMetrics).as("rows and bytes measured").allSatisfy(m -> {
            assertThat(m.get("RowsRead").asLong()).as("RowsRead").isPositive();
            assertThat(m.get("RowsQuarantined").asLong())
                    .as("RowsQuarantined (bad rows in the fixture)")
                    .isPositive();
            assertThat(m.get("BytesRead").asLong()).as("BytesRead").isGreaterThanOrEqualTo(200_000);
            assertThat(m.get("Variant").asText()).as("Variant").isEqualTo("ec2");
        });
        JsonNode published = cron.messages("hour 2026-11-20T10 published").get(0);
        for (String field : List.of("requestId", "runId", "bucket", "key", "hour", "level", "message", "timestamp")) {
            assertThat(published.has(field))
                    .as("log line has " + field + ": " + published)
                    .isTrue();
        }
        assertThat(published.get("key").asText()).as("key").isEqualTo("incoming/dt=2026-11-20/hour=10/");
        assertThat(first.stdout()).as("the same JSON lines on stdout").contains("\"hour 2026-11-20T10 published");

        var outputsAfterFirst = cron.outputs();
        CronHarness.Result idle = cron.run("run-due", "--now", NOW);

        assertThat(idle.exitCode()).as("idle tick exit code; " + idle).isEqualTo(ExitCode.OK.code());
        assertThat(cron.messages("nothing due up to 2026-11-20T12"))
                .as("idle tick says so")
                .hasSize(1);
        assertThat(cron.metric("HoursDue").get(1).get("HoursDue").asInt())
                .as("HoursDue on the idle tick")
                .isZero();
        assertThat(cron.outputs()).as("idle tick writes nothing").containsOnlyKeys(outputsAfterFirst.keySet());

        CronHarness.Result next = cron.run("run-due", "--now", "2026-11-20T14:05:00Z");
        assertThat(next.exitCode()).as("next hour's tick; " + next).isEqualTo(ExitCode.OK.code());
        assertThat(cron.status(H13)).as("13:00 processed at 14:05").isEqualTo(HourStatus.CURRENT);
    }

    @Test
    void anUnusableFileIsSkippedNamedAndAlarmedAndItsFixRepublishesTheHourAndTheNext() throws Exception {
        cron.putHour(H10, TestHours.csv(H10, 50_000, 2));
        cron.putHour(H11, "event_id,price\n1,2\n".getBytes(StandardCharsets.US_ASCII));
        cron.putHour(H12, TestHours.csv(H12, 50_000, 2));

        CronHarness.Result first = cron.run("run-due", "--now", NOW);

        assertThat(first.exitCode())
                .as("an unusable file does not fail the tick; " + first)
                .isZero();
        assertThat(cron.status(H10)).isEqualTo(HourStatus.CURRENT);
        assertThat(cron.status(H11))
                .as("the hour is published without the file (here: with no rows)")
                .isEqualTo(HourStatus.CURRENT);
        assertThat(cron.status(H12)).isEqualTo(HourStatus.CURRENT);
        JsonNode warn = cron.messages("hour 2026-11-20T11: input ").get(0);
        assertThat(warn.get("level").asText()).as("level").isEqualTo("WARN");
        assertThat(warn.get("message").asText())
                .as("names the file and says why")
                .contains("dt=2026-11-20/hour=11/events-0001.csv")
                .contains("unusable_header")
                .contains("missing required column");
        assertThat(cron.metric("SkippedInputs").stream()
                        .mapToLong(n -> n.get("SkippedInputs").asLong())
                        .sum())
                .as("SkippedInputs, the metric the alarm watches")
                .isEqualTo(1);

        cron.putHour(H11, TestHours.csv(H11, 50_000, 2));
        CronHarness.Result fixed = cron.run("run-due", "--now", NOW);

        assertThat(fixed.exitCode()).as("after the fix; " + fixed).isEqualTo(ExitCode.OK.code());
        assertThat(cron.status(H11))
                .as("fixed hour republished on the next tick")
                .isEqualTo(HourStatus.CURRENT);
        assertThat(cron.status(H12))
                .as("the hour after it, whose change-vs-previous changed, republished in the same run")
                .isEqualTo(HourStatus.CURRENT);
        assertThat(cron.messages("hour 2026-11-20T12 due again after 2026-11-20T11"))
                .as("chain followed")
                .hasSize(1);
    }

    @Test
    void runOneHourBackfillsTheLookbackWindowBoundsRunDueAndAMissingBucketIsAConfigError() throws Exception {
        cron.putHour(H10, TestHours.csv(H10, 20_000, 3));

        CronHarness.Result one = cron.run("run", "--hour", "dt=2026-11-20/hour=10");
        CronHarness.Result again = cron.run("run", "--hour", "2026-11-20T10");
        HourId old = HourId.parse("2026-11-10T00");
        cron.putHour(old, TestHours.csv(old, 20_000, 3));
        CronHarness.Result windowed = cron.run("run-due", "--now", NOW, "--lookback-hours", "24");
        assertThat(windowed.exitCode()).as("windowed run-due; " + windowed).isZero();
        assertThat(cron.status(old))
                .as("an hour older than the lookback window is not checked")
                .isEqualTo(HourStatus.DUE);
        CronHarness.Result all = cron.run("run-due", "--now", NOW, "--lookback-hours", "0");
        assertThat(all.exitCode()).as("run-due over all history; " + all).isZero();
        assertThat(cron.status(old)).as("lookback 0 reaches all history").isEqualTo(HourStatus.CURRENT);

        Files.writeString(cron.configFile, "TWINRUN_INPUT_PREFIX=incoming/\n");
        CronHarness.Result noBucket = cron.run("run-due");
        CronHarness.Result badHour = cron.run("run", "--hour", "yesterday");

        assertThat(one.exitCode()).as("run --hour; " + one).isZero();
        assertThat(cron.status(H10)).as("backfilled hour").isEqualTo(HourStatus.CURRENT);
        assertThat(again.exitCode()).as("rerun of a current hour; " + again).isZero();
        assertThat(cron.messages("hour 2026-11-20T10 already_current"))
                .as("rerun finds it current")
                .hasSize(1);
        assertThat(noBucket.exitCode()).as("missing bucket; " + noBucket).isEqualTo(ExitCode.CONFIG_ERROR.code());
        assertThat(noBucket.stderr()).as("says what to fix").contains("TWINRUN_BUCKET is not set");
        assertThat(badHour.exitCode()).as("bad --hour; " + badHour).isEqualTo(ExitCode.CONFIG_ERROR.code());
        assertThat(badHour.stderr()).as("bad --hour message").contains("not an hour");
    }
}

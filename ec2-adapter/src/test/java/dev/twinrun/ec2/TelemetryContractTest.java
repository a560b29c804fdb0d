package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.adapter.Telemetry;
import dev.twinrun.adapter.TelemetryAssertions;
import dev.twinrun.core.HourId;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real hour through the runner (in-process, against the embedded S3 server), then the same hour again (it is
 * current): the result log line's keys, the EMF metrics with their units and the EMF properties are
 * {@link Telemetry}'s, as the Lambda adapter's are (its {@code TelemetryContractTest} holds it to the same lists).
 */
class TelemetryContractTest {
    private static final HourId HOUR = HourId.parse("2026-11-20T10");

    @TempDir
    Path tmp;

    CronHarness cron;

    @BeforeEach
    void start() throws Exception {
        cron = new CronHarness(tmp, "twinrun-contract", false);
    }

    @AfterEach
    void stop() {
        LogSetup.configure(null, false);
        cron.close();
    }

    @Test
    void oneHourWritesTheSharedLogKeysAndHourMetricsPublishedOrCurrent() throws Exception {
        cron.putHour(HOUR, TestHours.csv(HOUR, 50_000, 1));

        for (String outcome : List.of("published", "already_current")) {
            int before = cron.logLines().size();
            int code = RunnerMain.execute(env(), "run", "--hour", HOUR.toString());
            assertThat(code).as("exit code (" + outcome + ")").isEqualTo(ExitCode.OK.code());
            List<JsonNode> lines = cron.logLines().stream().skip(before).toList();

            JsonNode result = lines.stream()
                    .filter(n -> n.path("message").asText().startsWith("hour " + HOUR + " " + outcome + ":"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + outcome + " line in " + lines));
            TelemetryAssertions.assertHourLogLine(result, outcome);

            List<JsonNode> emf = lines.stream()
                    .filter(n -> n.has("_aws") && n.has("DurationMs"))
                    .toList();
            assertThat(emf).as("one hour EMF document (" + outcome + ")").hasSize(1);
            TelemetryAssertions.assertHourDocument(emf.get(0), outcome, "ec2");
            assertThat(emf.get(0).path("ColdStart").asInt())
                    .as("each tick is a fresh JVM: its first hour is cold")
                    .isEqualTo(1);
            assertThat(emf.get(0).path("requestId").asText())
                    .as("requestId: ec2- and the tick's run id")
                    .isEqualTo("ec2-" + emf.get(0).path("runId").asText());

            List<JsonNode> tick = lines.stream()
                    .filter(n -> n.has("_aws") && n.has("HoursDue"))
                    .toList();
            assertThat(tick).as("one tick EMF document").hasSize(1);
            assertThat(TelemetryAssertions.metrics(tick.get(0)))
                    .as("tick metrics and units")
                    .containsExactlyElementsOf(Telemetry.RUN_METRICS);
        }
    }

    /** The runner's environment in-process: the SDK reads keys only from the real one, so none (any key works). */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(cron.environment());
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        return env;
    }
}

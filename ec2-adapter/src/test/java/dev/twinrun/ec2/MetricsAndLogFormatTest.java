package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.Telemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class MetricsAndLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AfterEach
    void resetLogging() {
        MDC.clear();
        LogSetup.configure(null, false);
    }

    @Test
    void logLinesAreJsonWithTheSharedFieldsAndMetricsAreRawEmfInTheSameFile() throws Exception {
        Path log = tmp.resolve("logs/runner.log");
        assertThat(LogSetup.configure(log, true)).as("no warning").isEmpty();

        MDC.put("runId", "r-1");
        MDC.put("requestId", "r-1");
        MDC.put("bucket", "b");
        MDC.put("hour", "2026-11-26T13");
        MDC.put("rowsRead", "42");
        LoggerFactory.getLogger("test").info("hour published");
        MDC.clear();
        Map<Metric, Long> m = new LinkedHashMap<>();
        m.put(Telemetry.HOURS_DUE, 3L);
        m.put(Telemetry.HOURS_PROCESSED, 2L);
        m.put(Telemetry.HOURS_FAILED, 1L);
        EmfWriter.toLog(Runner.VARIANT).write(m, Map.of("runId", "r-1"));
        LogSetup.shutdown();

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).as("one log line and one EMF line").hasSize(2);
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.get("message").asText()).as("message").isEqualTo("hour published");
        assertThat(line.get("level").asText()).as("level").isEqualTo("INFO");
        assertThat(line.get("runId").asText()).as("runId").isEqualTo("r-1");
        assertThat(line.get("requestId").asText()).as("requestId").isEqualTo("r-1");
        assertThat(line.get("bucket").asText()).as("bucket").isEqualTo("b");
        assertThat(line.get("hour").asText()).as("hour").isEqualTo("2026-11-26T13");
        assertThat(line.get("rowsRead").isNumber())
                .as("numeric MDC values stay numbers")
                .isTrue();
        assertThat(line.has("timestamp")).as("timestamp").isTrue();
        JsonNode emf = JSON.readTree(lines.get(1));
        assertThat(emf.get("HoursDue").asLong()).as("HoursDue").isEqualTo(3);
        assertThat(emf.get("HoursProcessed").asLong()).as("HoursProcessed").isEqualTo(2);
        assertThat(emf.get("HoursFailed").asLong()).as("HoursFailed").isEqualTo(1);
        assertThat(line.get("variant").asText()).as("variant").isEqualTo("ec2");
        assertThat(emf.get("Variant").asText()).as("EMF Variant").isEqualTo("ec2");
    }

    @Test
    void logLinesNameTheDeployedVariant() throws Exception {
        Path log = tmp.resolve("logs/runner.log");
        assertThat(LogSetup.configure(log, true, false, "fargate")).isEmpty();
        LoggerFactory.getLogger("test").info("hour published");
        LogSetup.shutdown();

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(JSON.readTree(lines.get(0)).get("variant").asText())
                .as("the log line's variant is the deployment's TWINRUN_VARIANT, as its EMF dimension is")
                .isEqualTo("fargate");
    }

    @Test
    void anUnwritableDefaultLogFileIsAWarningButAnExplicitOneIsAnError() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");

        assertThat(LogSetup.configure(notADir.resolve("runner.log"), false))
                .as("default path: warning")
                .hasValueSatisfying(w -> assertThat(w).contains("stdout only"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LogSetup.configure(notADir.resolve("runner.log"), true))
                .as("explicit path: error")
                .isInstanceOf(ConfigError.class);
    }
}

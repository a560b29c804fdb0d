package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import org.junit.jupiter.api.Test;

class LambdaReportLineTest {
    private static final String COLD = "REPORT RequestId: 3f1c2a9e-8d1b-4c3e-9a6f-0b2d4e6f8a10\tDuration: 1234.56 ms\t"
            + "Billed Duration: 1692 ms\tMemory Size: 512 MB\tMax Memory Used: 187 MB\tInit Duration: 456.78 ms\t";
    private static final String WARM = "REPORT RequestId: 7b9d1f3e-2a4c-4e6a-8c0e-1f3a5c7e9b2d\tDuration: 88.01 ms\t"
            + "Billed Duration: 89 ms\tMemory Size: 1769 MB\tMax Memory Used: 201 MB\t";

    @Test
    void parsesAColdStartLine() {
        LambdaReportLine r = LambdaReportLine.parse(COLD).orElseThrow();
        assertThat(r.requestId()).as("request id").isEqualTo("3f1c2a9e-8d1b-4c3e-9a6f-0b2d4e6f8a10");
        assertThat(r.durationMs()).as("Duration, not Billed or Init Duration").isEqualTo(1234.56);
        assertThat(r.billedMs()).as("Billed Duration").isEqualTo(1692);
        assertThat(r.memorySizeMb()).as("Memory Size").isEqualTo(512);
        assertThat(r.maxMemoryUsedMb()).as("Max Memory Used").isEqualTo(187);
        assertThat(r.initMs()).as("Init Duration").isEqualTo(456.78);
        assertThat(r.cold()).as("cold").isTrue();
        assertThat(r.status()).as("no status").isNull();
    }

    @Test
    void parsesAWarmLineWithoutInit() {
        LambdaReportLine r = LambdaReportLine.parse(WARM).orElseThrow();
        assertThat(r.cold()).as("no Init Duration: warm").isFalse();
        assertThat(r.initMs()).as("init").isNull();
        assertThat(r.durationMs()).as("duration").isEqualTo(88.01);
        assertThat(r.memorySizeMb()).as("memory").isEqualTo(1769);
    }

    @Test
    void parsesTimeoutStatusAndSpaceSeparatedCopies() {
        String line = "REPORT RequestId: abc-123 Duration: 900000.00 ms Billed Duration: 900000 ms Memory Size: 128 MB "
                + "Max Memory Used: 128 MB Status: timeout";
        LambdaReportLine r = LambdaReportLine.parse(line).orElseThrow();
        assertThat(r.durationMs()).as("duration with spaces instead of tabs").isEqualTo(900000.0);
        assertThat(r.billedMs()).as("billed").isEqualTo(900000);
        assertThat(r.status()).as("status").isEqualTo("timeout");
    }

    @Test
    void findsTheReportLineInALogTail() {
        String tail = "START RequestId: 7b9d1f3e-2a4c-4e6a-8c0e-1f3a5c7e9b2d Version: $LATEST\n"
                + "{\"level\":\"INFO\",\"message\":\"hour 2026-01-05T01 published\"}\n"
                + "END RequestId: 7b9d1f3e-2a4c-4e6a-8c0e-1f3a5c7e9b2d\n" + WARM + "\n";
        assertThat(LambdaReportLine.find(tail))
                .as("REPORT among START/END and JSON lines")
                .isPresent()
                .get()
                .extracting(LambdaReportLine::billedMs)
                .isEqualTo(89L);
    }

    @Test
    void parsesTheJsonLogFormatsPlatformReport() {
        String json = "{\"time\":\"2026-11-26T13:05:01.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":"
                + "\"6d3ae1f0-1111-4a5b-9c2d-3e4f5a6b7c8d\",\"metrics\":{\"durationMs\":2310.45,\"billedDurationMs\":3015,"
                + "\"memorySizeMB\":1769,\"maxMemoryUsedMB\":212,\"initDurationMs\":704.12},\"status\":\"success\"}}";
        LambdaReportLine r =
                LambdaReportLine.find("{\"type\":\"platform.start\"}\n" + json).orElseThrow();
        assertThat(r.requestId()).as("request id").isEqualTo("6d3ae1f0-1111-4a5b-9c2d-3e4f5a6b7c8d");
        assertThat(r.durationMs()).as("durationMs").isEqualTo(2310.45);
        assertThat(r.billedMs()).as("billedDurationMs").isEqualTo(3015);
        assertThat(r.memorySizeMb()).as("memorySizeMB").isEqualTo(1769);
        assertThat(r.maxMemoryUsedMb()).as("maxMemoryUsedMB").isEqualTo(212);
        assertThat(r.initMs()).as("initDurationMs").isEqualTo(704.12);
        assertThat(r.status()).as("success is no status").isNull();
        assertThat(LambdaReportLine.parse(json.replace("\"success\"", "\"timeout\""))
                        .orElseThrow()
                        .status())
                .as("timeout")
                .isEqualTo("timeout");
        assertThat(LambdaReportLine.parse("{\"type\":\"platform.start\",\"record\":{}}"))
                .as("platform.start")
                .isEmpty();
    }

    @Test
    void rejectsLinesThatAreNotReports() {
        assertThat(LambdaReportLine.parse("START RequestId: x Version: $LATEST"))
                .as("START line")
                .isEmpty();
        assertThat(LambdaReportLine.parse("REPORT RequestId: x\tMemory Size: 512 MB"))
                .as("no durations")
                .isEmpty();
        assertThat(LambdaReportLine.find(null)).as("no text").isEmpty();
    }

    @Test
    void reportBecomesARawRecord() {
        String payload =
                "{\"hours\":[{\"hour\":\"2026-01-05T00\",\"outcome\":\"PUBLISHED\",\"rowsRead\":8386,\"bytesRead\":1048637}]}";
        InvocationRecord r = AwsTarget.fromReport(LambdaReportLine.parse(COLD).orElseThrow(), null, payload, "arm64");
        assertThat(r.platform()).as("platform").isEqualTo(Platform.LAMBDA);
        assertThat(r.phase()).as("phase from Init Duration").isEqualTo(Phase.COLD);
        assertThat(r.wallMs()).as("wall = Duration").isEqualTo(1234.56);
        assertThat(r.billedMs()).as("billed").isEqualTo(1692.0);
        assertThat(r.initMs()).as("init").isEqualTo(456.78);
        assertThat(r.maxMemoryUsedMb()).as("max memory").isEqualTo(187);
        assertThat(r.rowsRead()).as("rows from the response").isEqualTo(8386L);
        assertThat(r.variantId()).as("variant").isEqualTo("lambda-512mb-arm64");
        assertThat(r.failed()).as("failed").isFalse();

        assertThat(AwsTarget.fromReport(LambdaReportLine.parse(WARM).orElseThrow(), "Unhandled", "{}", "x86_64")
                        .failed())
                .as("a function error is a failed run")
                .isTrue();
        assertThat(AwsTarget.fromReport(null, null, null, "x86_64").failed())
                .as("no REPORT line: failed")
                .isTrue();
    }
}

package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.HourId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EC2 figures: a cron tick on a 100 MB hour and an idle tick, each a fresh JVM under
 * {@code /usr/bin/time}, raw records to {@code target/bench/ec2-runs.jsonl}. Runs only with
 * {@code -Dtwinrun.bench=true}; sizes and repetitions via {@code twinrun.bench.mb}, {@code twinrun.bench.runs}.
 */
class Ec2RunBenchmarkIT {
    private static final HourId HOUR = HourId.parse("2026-11-22T09");
    private static final String NOW = "2026-11-22T10:05:00Z";
    /** A t3.micro has 2 vCPUs and 1 GiB: cap the heap as MaxRAMPercentage=60 would there. */
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx614m", "-XX:ActiveProcessorCount=2");

    @TempDir
    Path tmp;

    @Test
    void cronTickOnA100MbHourAndAnIdleTick() throws Exception {
        assumeTrue(Boolean.getBoolean("twinrun.bench"), "benchmark: run with -Dtwinrun.bench=true");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "needs /usr/bin/time");
        long mb = Long.getLong("twinrun.bench.mb", 100);
        int runs = Integer.getInteger("twinrun.bench.runs", 5);
        Path out = Files.createDirectories(Path.of("target/bench")).resolve("ec2-runs.jsonl");
        Files.deleteIfExists(out);

        try (CronHarness cron = new CronHarness(tmp, "twinrun-bench")) {
            cron.generateHour(HOUR, mb * 1_000_000, 1, 42);
            for (int i = 1; i <= runs; i++) {
                cron.deleteOutputs();
                record(out, cron, "hour" + mb + "MB", i, true, JVM);
            }
            for (int i = 1; i <= runs; i++) {
                record(out, cron, "idle", i, false, JVM);
            }
            // The same idle tick with an AppCDS archive of the runner's classes (one training run first);
            // on Java 19+ the unit could use -XX:+AutoCreateSharedArchive for this.
            Path jsa = tmp.resolve("twinrun-ec2.jsa");
            List<String> train = new ArrayList<>(JVM);
            train.add("-XX:ArchiveClassesAtExit=" + jsa);
            cron.startWith(List.of(), train, "run-due", "--now", NOW).await(600);
            List<String> cds = new ArrayList<>(JVM);
            cds.add("-XX:SharedArchiveFile=" + jsa);
            for (int i = 1; i <= runs; i++) {
                record(out, cron, "idle-appcds", i, false, cds);
            }
        }
        System.out.println(Files.readString(out));
    }

    private void record(Path out, CronHarness cron, String phase, int run, boolean expectWork, List<String> jvm)
            throws Exception {
        Path timeFile = tmp.resolve("time-" + phase + "-" + run);
        int before = cron.logLines().size();
        CronHarness.Result r = cron.startWith(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f", "%e %M %U %S"),
                jvm, "run-due", "--now", NOW).await(600);
        assertThat(r.exitCode()).as(phase + " run " + run + "; " + r).isZero();
        List<JsonNode> lines = new ArrayList<>(cron.logLines().subList(before, cron.logLines().size()));
        JsonNode fin = lines.stream().filter(n -> n.path("message").asText().startsWith("run-due finished")).findFirst()
                .orElseThrow();
        assertThat(fin.get("hoursProcessed").asInt()).as(phase + " hours processed").isEqualTo(expectWork ? 1 : 0);
        String[] t = Files.readString(timeFile).strip().split("\\s+");
        ObjectNode rec = CronHarness.JSON.createObjectNode();
        rec.put("platform", "ec2-cron-local");
        rec.put("phase", phase);
        rec.put("run", run);
        rec.put("loadAvg1m", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        rec.put("exitCode", r.exitCode());
        rec.put("wallMsExternal", Math.round(Double.parseDouble(t[0]) * 1000));
        rec.put("maxRssKbExternal", Long.parseLong(t[1]));
        rec.put("cpuUserMs", Math.round(Double.parseDouble(t[2]) * 1000));
        rec.put("cpuSysMs", Math.round(Double.parseDouble(t[3]) * 1000));
        rec.put("wallMsJvm", fin.get("wallMs").asLong());
        rec.put("jvmStartToFirstRowMs", fin.get("jvmStartToFirstRowMs").asLong());
        rec.put("peakRssKb", fin.get("peakRssKb").asLong());
        JsonNode hour = lines.stream().filter(n -> n.has("rowsRead")).findFirst().orElse(null);
        rec.put("rowsRead", hour == null ? 0 : hour.get("rowsRead").asLong());
        rec.put("bytesRead", hour == null ? 0 : hour.get("bytesRead").asLong());
        rec.put("jobDurationMs", hour == null ? 0 : hour.get("durationMs").asLong());
        Files.writeString(out, rec + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

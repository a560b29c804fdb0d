package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never two at once, and a kill -9 leaves nothing half-published; each run a fresh JVM as cron starts it. */
class LockAndCrashIT {
    private static final List<HourId> HOURS =
            List.of(HourId.parse("2026-11-21T05"), HourId.parse("2026-11-21T06"), HourId.parse("2026-11-21T07"));
    private static final String NOW = "2026-11-21T08:05:00Z";

    @TempDir
    Path tmp;

    CronHarness cron;

    @BeforeEach
    void start() throws Exception {
        cron = new CronHarness(tmp, "twinrun-lock");
    }

    @AfterEach
    void stop() {
        cron.close();
    }

    @Test
    void aRunStartedWhileTheLockIsHeldExits75AtOnceAndDoesNothing() throws Exception {
        cron.putHour(HOURS.get(0), TestHours.csv(HOURS.get(0), 20_000, 4));

        CronHarness.Result busy;
        try (RunnerLock held = RunnerLock.tryAcquire(cron.lockFile).orElseThrow()) {
            busy = cron.run("run-due", "--now", NOW);
            assertThat(held.path()).as("lock held by the test").isEqualTo(cron.lockFile);
        }

        assertThat(busy.exitCode()).as("lock busy exit code; " + busy).isEqualTo(ExitCode.LOCK_BUSY.code());
        assertThat(busy.stderr())
                .as("clear message")
                .contains("another twinrun run holds " + cron.lockFile)
                .contains("pid " + ProcessHandle.current().pid());
        assertThat(busy.wallMs()).as("exits quickly (ms, JVM start included)").isLessThan(10_000);
        assertThat(cron.status(HOURS.get(0))).as("nothing processed").isEqualTo(HourStatus.DUE);
    }

    @Test
    void twoRunsStartedTogetherProcessEachHourExactlyOnce() throws Exception {
        for (HourId h : HOURS) {
            cron.putHour(h, TestHours.csv(h, 8_000_000, 5));
        }

        CronHarness.Started a = cron.start("run-due", "--now", NOW);
        CronHarness.Started b = cron.start("run-due", "--now", NOW);
        CronHarness.Result ra = a.await(300);
        CronHarness.Result rb = b.await(300);

        assertThat(List.of(ra.exitCode(), rb.exitCode()))
                .as("exit codes; a: " + ra + "\nb: " + rb)
                .containsAnyOf(ExitCode.OK.code())
                .allMatch(c -> c == ExitCode.OK.code() || c == ExitCode.LOCK_BUSY.code());
        List<String> publishedHours = cron.logLines().stream()
                .filter(n -> n.has("message") && n.get("message").asText().matches("hour \\S+ published.*"))
                .map(n -> n.get("hour").asText())
                .toList();
        assertThat(publishedHours)
                .as("each hour published exactly once across both runs")
                .containsExactlyInAnyOrder("2026-11-21T05", "2026-11-21T06", "2026-11-21T07");
        int processed = cron.metric("HoursProcessed").stream()
                .mapToInt(n -> n.get("HoursProcessed").asInt())
                .sum();
        assertThat(processed).as("HoursProcessed summed over both runs").isEqualTo(3);
        for (HourId h : HOURS) {
            assertThat(cron.status(h)).as("status " + h).isEqualTo(HourStatus.CURRENT);
        }
    }

    @Test
    void killMinus9MidRunThenRerunGivesByteIdenticalOutputs() throws Exception {
        HourId hour = HOURS.get(1);
        cron.putHour(HOURS.get(0), TestHours.csv(HOURS.get(0), 100_000, 6));
        cron.generateHour(hour, 60_000_000, 2, 6);

        CronHarness.Result reference = cron.run("run-due", "--now", NOW);
        assertThat(reference.exitCode()).as("uninterrupted run; " + reference).isZero();
        Map<String, byte[]> expected = cron.outputs();
        assertThat(expected.keySet())
                .as("reference outputs include the big hour")
                .anyMatch(k -> k.contains(hour.path()));
        cron.deleteOutputs();
        assertThat(cron.status(hour)).as("outputs deleted: due again").isEqualTo(HourStatus.DUE);
        int linesBefore = cron.logLines().size();

        CronHarness.Started victim = cron.start("run-due", "--now", NOW);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline
                && cron.logLines().stream()
                        .skip(linesBefore)
                        .noneMatch(n ->
                                n.has("message") && n.get("message").asText().equals("hour " + hour + " started"))) {
            assertThat(victim.process().isAlive())
                    .as("runner still running while waiting for the big hour")
                    .isTrue();
            Thread.sleep(20);
        }
        Thread.sleep(400); // into the big hour's read
        assertThat(victim.process().isAlive())
                .as("runner still mid-hour when killed")
                .isTrue();
        victim.process().destroyForcibly(); // SIGKILL, as kill -9
        victim.process().waitFor();

        assertThat(victim.process().exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(cron.logLines().stream()
                        .skip(linesBefore)
                        .map(n -> n.path("message").asText()))
                .as("the killed run did not publish the big hour")
                .noneMatch(m -> m.startsWith("hour " + hour + " published"));
        assertThat(cron.status(hour))
                .as("nothing half-published: the hour is still due")
                .isEqualTo(HourStatus.DUE);

        CronHarness.Result rerun = cron.run("run-due", "--now", NOW);

        assertThat(rerun.exitCode())
                .as("rerun after kill -9 (lock released by the kernel); " + rerun)
                .isZero();
        Map<String, byte[]> actual = cron.outputs();
        assertThat(actual.keySet())
                .as("same output objects as the uninterrupted run")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as("bytes of " + e.getKey()).isEqualTo(e.getValue());
        }
        JsonNode last =
                cron.metric("HoursProcessed").get(cron.metric("HoursProcessed").size() - 1);
        assertThat(last.get("HoursProcessed").asInt())
                .as("the rerun processed the killed hour")
                .isGreaterThanOrEqualTo(1);
    }
}

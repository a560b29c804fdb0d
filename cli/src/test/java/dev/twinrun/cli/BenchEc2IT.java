package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.bench.Ec2Bench;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.RawRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code twinrun bench ec2}: the packaged runner jar, one busy and one idle tick on a 2 MB hour. */
class BenchEc2IT {
    private static final Path JAR = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.ec2.jar"),
            "system property twinrun.ec2.jar (set by the failsafe configuration)"));

    @TempDir
    Path tmp;

    @Test
    void aBusyAndAnIdleTickAreRecordedWithWallCpuAndPeakRss() throws Exception {
        Path out = tmp.resolve("ec2");
        String printed =
                run("bench", "ec2", "--size", "2MB", "--runs", "1", "--jar", JAR.toString(), "--out", out.toString());

        List<InvocationRecord> raw = RawRecords.read(out.resolve(Ec2Bench.RAW));
        assertThat(raw).extracting(InvocationRecord::variant).containsExactly(Ec2Bench.BUSY, Ec2Bench.IDLE);
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        assertThat(raw).allSatisfy(r -> {
            assertThat(r.platform()).isEqualTo(Platform.EC2);
            assertThat(r.phase()).as("every tick is a fresh JVM").isEqualTo(Phase.COLD);
            assertThat(r.failed()).isFalse();
            assertThat(r.wallMs()).isPositive();
            assertThat(r.maxMemoryUsedMb()).as("peak RSS").isBetween(16, 1024);
            if (timed) {
                assertThat(r.cpuMs()).as("CPU user + sys").isPositive();
            }
        });
        InvocationRecord busy = raw.get(0);
        assertThat(busy.rowsRead()).as("the busy tick ran the hour").isPositive();
        assertThat(busy.bytesRead()).isBetween(2L << 20, (2L << 20) + 4096);
        assertThat(raw.get(1).rowsRead()).as("the idle tick found nothing due").isZero();
        assertThat(printed)
                .containsPattern("ec2-tick-busy 1: wall \\d+ ms .*hours processed 1, exit 0")
                .containsPattern("ec2-tick-idle 1: wall \\d+ ms .*hours processed 0, exit 0")
                .containsPattern("\\| ec2-tick-busy \\| java \\d+ \\| 1 \\| [\\d,]+ \\[")
                .containsPattern("\\| ec2-tick-idle \\| java \\d+ \\| 1 \\| [\\d,]+ \\[");
    }

    /** Runs the CLI in this JVM; asserts exit 0 and returns what it printed. */
    static String run(String... args) {
        StringWriter stderr = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            var cl = TwinrunCli.commandLine();
            cl.setErr(new PrintWriter(stderr, true));
            exit = cl.execute(args);
        } finally {
            System.setOut(original);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(exit)
                .as("exit code; stdout:\n" + printed + "\nstderr:\n" + stderr)
                .isZero();
        return printed;
    }
}

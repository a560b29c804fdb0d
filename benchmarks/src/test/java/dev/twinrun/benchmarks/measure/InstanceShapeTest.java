package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** compare's local cron tick runs the JVM flags the instance's unit runs, so its measured time is the deployed one. */
class InstanceShapeTest {
    private static final Path UNIT = Path.of("..", "ec2-adapter", "src", "main", "install", "twinrun-run-due.service");

    @org.junit.jupiter.api.Test
    void aTickHasTheUnitsJvmFlagsWithTheInstancesHeapAndCores() throws IOException {
        String execStart = Files.readAllLines(UNIT, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("ExecStart="))
                .findFirst()
                .orElseThrow();
        List<String> unitFlags = Arrays.stream(execStart.split("\\s+"))
                .filter(w -> w.startsWith("-XX:") && !w.startsWith("-XX:MaxRAMPercentage"))
                .toList();
        assertThat(unitFlags).as("the unit's flags").contains("-XX:+UseSerialGC");

        List<String> tick = InstanceShape.of("t4g.micro").jvmOptions();

        assertThat(tick).containsAll(unitFlags);
        assertThat(execStart).contains("-XX:MaxRAMPercentage=60");
        assertThat(tick).contains("-Xmx614m");
    }
}

package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.report.DependencyMeasure;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bench lambda --added-dependency-mb} writes is what {@code compare --dependency-cost} reads. */
class DependencyResultTest {
    @TempDir
    Path tmp;

    @Test
    void theBenchsDependencyJsonReadsBackWithItsCommand() throws Exception {
        LambdaBench.Settings s = new LambdaBench.Settings(
                tmp.resolve("f.zip"), List.of(1769), 2L << 20, 1, 42, 0.001, 5, 2, tmp, List.of(), List.of(), 10, true);
        LambdaBench.DependencyCost cost = new LambdaBench.DependencyCost(
                1769,
                "java 17.0.15, C1 (default)",
                true,
                9_000_000,
                17_900_000,
                10_000_000,
                20_485_760,
                10L << 20,
                7_000,
                21_000_000,
                5,
                1_000,
                3_800,
                new LambdaBench.Spread(270.25, 250, 301),
                new LambdaBench.Spread(280, 255, 310));
        Path json = Files.writeString(
                tmp.resolve(LambdaBench.DEPENDENCY_RESULT), LambdaBench.dependencyJson(s, List.of(cost), "1.0", "2.0"));

        DependencyMeasure m = DependencyMeasure.read(json);
        assertThat(m.command())
                .isEqualTo("./twinrun bench lambda --size 2097152 --lambda-memory 1769 --cold 5 --warm 2"
                        + " --added-dependency-mb 10 --added-dependency-loaded");
        assertThat(m.load()).isEqualTo("1.0 to 2.0");
        DependencyMeasure.Cost c = m.costs().get(0);
        assertThat(c.loadedByInit()).isTrue();
        assertThat(c.rounds()).isEqualTo(5);
        assertThat(c.jarBytes()).isEqualTo(10L << 20);
        assertThat(c.initMsPerMb()).isEqualByComparingTo(new BigDecimal("270.25"));
        assertThat(c.initMsPerMbMax()).isEqualByComparingTo("301");
        assertThat(c.zipMbPerMb()).isBetween(0.84, 0.86);
    }
}

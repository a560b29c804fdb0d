package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad options are refused with a message naming the option. */
class FanoutSettingsTest {
    private static FanoutBench.Settings settings(List<Integer> shards, List<Integer> merge, int memoryMb, int reps) {
        return new FanoutBench.Settings(
                Path.of("missing.zip"), 1_000_000, 0.01, 2, 7, shards, merge, memoryMb, reps, 2, false, Path.of("out"));
    }

    @Test
    void validSettingsSizeThePoolForBothSeries() {
        assertThat(settings(List.of(1, 2, 3, 4), List.of(1, 64), 1769, 1).poolSize())
                .isEqualTo(4);
        assertThat(settings(List.of(1), List.of(1, 64), 1769, 1).poolSize()).isEqualTo(2);
        assertThat(settings(List.of(1), List.of(), 1769, 1).poolSize()).isEqualTo(1);
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> settings(List.of(), List.of(), 1769, 1)).hasMessageContaining("--shards");
        assertThatThrownBy(() -> settings(List.of(0, 2), List.of(), 1769, 1)).hasMessageContaining("--shards");
        assertThatThrownBy(() -> settings(List.of(1), List.of(500), 1769, 1)).hasMessageContaining("--merge-shards");
        assertThatThrownBy(() -> settings(List.of(1, 1), List.of(), 1769, 1)).hasMessageContaining("twice");
        assertThatThrownBy(() -> settings(List.of(1, 32), List.of(), 1769, 1)).hasMessageContaining("at most 16");
        assertThatThrownBy(() -> settings(List.of(1), List.of(), 64, 1)).hasMessageContaining("--memory-mb");
        assertThatThrownBy(() -> settings(List.of(1), List.of(), 1769, 0)).hasMessageContaining("--repetitions");
    }

    @Test
    void aMissingZipIsNamedBeforeAnythingRuns() {
        assertThatThrownBy(() -> FanoutBench.run(settings(List.of(1), List.of(), 1769, 1), line -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.zip not found");
    }
}

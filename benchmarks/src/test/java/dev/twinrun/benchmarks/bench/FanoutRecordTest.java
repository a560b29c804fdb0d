package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanoutRecordTest {
    @TempDir
    Path tmp;

    @Test
    void recordsRoundTripThroughJsonLines() throws IOException {
        Path raw = tmp.resolve("out/raw.jsonl");
        FanoutRecord a = new FanoutRecord(
                "speedup", 2, 1, "cold", "shard", 1, 123.5, 900.25, 110L, 180L, 4096L, 512L, 100L, false, null);
        FanoutRecord b = FanoutRecord.span("merge", 8, 2, "warm", "end-to-end", 4567.0, true);
        FanoutRecord.append(raw, List.of(a));
        FanoutRecord.append(raw, List.of(b));

        assertThat(FanoutRecord.read(raw)).containsExactly(a, b);
        assertThat(Files.readAllLines(raw).get(1)).as("nulls left out").doesNotContain("null");
    }

    @Test
    void aBadLineIsNamedByItsNumber() throws IOException {
        Path raw = tmp.resolve("raw.jsonl");
        Files.writeString(
                raw,
                "\n{\"series\":\"speedup\",\"shards\":0,\"repetition\":1,\"phase\":\"warm\","
                        + "\"step\":\"plan\",\"durationMs\":1,\"failed\":false}\n");
        assertThatThrownBy(() -> FanoutRecord.read(raw))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("shards must be >= 1");
    }

    @Test
    void badFieldsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> FanoutRecord.span("fast", 1, 1, "warm", "end-to-end", 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("series");
        assertThatThrownBy(() -> FanoutRecord.span("speedup", 1, 1, "hot", "end-to-end", 1, false))
                .hasMessageContaining("phase");
        assertThatThrownBy(() -> FanoutRecord.span("speedup", 1, 1, "warm", "shard", 1, false))
                .as("a shard record needs its index")
                .hasMessageContaining("shardIndex");
        assertThatThrownBy(() -> FanoutRecord.span("speedup", 1, 1, "warm", "end-to-end", -1, false))
                .hasMessageContaining("durationMs");
    }
}

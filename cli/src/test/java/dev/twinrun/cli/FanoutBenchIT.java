package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.bench.FanoutBench;
import dev.twinrun.benchmarks.bench.FanoutRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny {@code twinrun bench fanout} end to end: the packaged zip's Plan, Shard and Merge handlers in forked Lambda
 * runtimes (shards at the same time), 8 MB, shards 1 and 2, merge series 1 and 4 shards, one repetition.
 */
class FanoutBenchIT {
    private static final Path ZIP = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));

    @TempDir
    Path tmp;

    @Test
    void tinyFanoutMeasuresEveryShardAndPublishesTheBytesOfOneRun() throws Exception {
        Path out = tmp.resolve("fanout");
        StringWriter stderr = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            var cl = TwinrunCli.commandLine();
            cl.setErr(new PrintWriter(stderr, true));
            exit = cl.execute(
                    "bench",
                    "fanout",
                    "--size",
                    "8MB",
                    "--shards",
                    "1,2",
                    "--merge-shards",
                    "1,4",
                    "--repetitions",
                    "1",
                    "--zip",
                    ZIP.toString(),
                    "--out",
                    out.toString());
        } finally {
            System.setOut(original);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(exit)
                .as("exit code; stdout:\n" + printed + "\nstderr:\n" + stderr)
                .isZero();

        List<FanoutRecord> raw = FanoutRecord.read(out.resolve(FanoutBench.RAW));
        assertThat(raw).as("no failed invocation").noneMatch(FanoutRecord::failed);
        assertThat(raw).as("every duration positive").allMatch(r -> r.durationMs() > 0);
        // Passes: the cold warm-up (2 shards), speedup 1 and 2, merge series 1 and 4.
        record Pass(String series, int shards, int repetition) {}
        Set<Pass> passes = raw.stream()
                .map(r -> new Pass(r.series(), r.shards(), r.repetition()))
                .collect(Collectors.toSet());
        assertThat(passes)
                .containsExactlyInAnyOrder(
                        new Pass("speedup", 2, 0),
                        new Pass("speedup", 1, 1),
                        new Pass("speedup", 2, 1),
                        new Pass("merge", 1, 1),
                        new Pass("merge", 4, 1));
        for (Pass p : passes) {
            List<FanoutRecord> rs = raw.stream()
                    .filter(r -> new Pass(r.series(), r.shards(), r.repetition()).equals(p))
                    .toList();
            assertThat(rs.stream()
                            .filter(r -> r.step().equals(FanoutRecord.SHARD))
                            .map(FanoutRecord::shardIndex))
                    .as("a record for every shard of %s", p)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, p.shards()).boxed().toList());
            assertThat(rs)
                    .as("plan, merge, shard phase and end-to-end of %s", p)
                    .extracting(FanoutRecord::step)
                    .contains(
                            FanoutRecord.PLAN,
                            FanoutRecord.MERGE_STEP,
                            FanoutRecord.SHARD_PHASE,
                            FanoutRecord.END_TO_END);
            assertThat(rs)
                    .as("shards of %s parsed input and wrote a result", p)
                    .filteredOn(r -> r.step().equals(FanoutRecord.SHARD))
                    .allMatch(r -> r.inputBytes() > 0 && r.resultBytes() > 0);
        }
        assertThat(raw)
                .as("the warm-up pass is every runtime's cold start, with its init")
                .filteredOn(r -> r.repetition() == 0 && r.step().equals(FanoutRecord.SHARD))
                .allMatch(r -> r.phase().equals(FanoutRecord.COLD) && r.initMs() != null && r.initMs() > 0);
        assertThat(raw)
                .as("the measured passes are warm")
                .filteredOn(r -> r.repetition() > 0)
                .allMatch(FanoutRecord::warm);

        JsonNode summary =
                new ObjectMapper().readTree(out.resolve(FanoutBench.SUMMARY).toFile());
        assertThat(summary.path("outputsIdentical").asBoolean())
                .as("every publication identical to the single run")
                .isTrue();
        assertThat(summary.path("outputComparisons").asInt()).isEqualTo(5);
        assertThat(summary.path("availableProcessors").asInt()).isPositive();
        JsonNode warm = summary.path("statistics").path("warm");
        assertThat(warm.size()).isEqualTo(2);
        assertThat(warm.get(0).path("speedup").asDouble()).isEqualTo(1.0);
        assertThat(warm.get(1).path("speedup").asDouble()).as("a 2-shard ratio").isPositive();
        assertThat(summary.path("statistics").path("merge").size()).isEqualTo(2);
        assertThat(printed)
                .contains("availableProcessors = ")
                .contains("output check: OK")
                .contains("| 2 | 1 |")
                .contains("Merge time vs shard count");
    }
}

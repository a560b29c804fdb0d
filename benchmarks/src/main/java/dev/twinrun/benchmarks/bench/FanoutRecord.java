package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One raw measurement of the fan-out benchmark, written to {@code raw.jsonl} as soon as it is measured, before any
 * statistic: one Lambda invocation (plan, one shard, merge) with its REPORT-line figures, or one wall-clock span of a
 * pass (the parallel shard phase, the whole plan-shards-merge pass).
 *
 * @param series          {@link #SPEEDUP} (N shards in parallel) or {@link #MERGE} (merge time vs shard count)
 * @param shards          the pass's shard count (as planned)
 * @param repetition      0 for the throw-away warm-up pass, then 1, 2, ...
 * @param phase           {@code cold} when the invocation started its runtime (for a span: when any invocation of the
 *                        pass was cold), else {@code warm}
 * @param step            {@link #PLAN}, {@link #SHARD}, {@link #MERGE_STEP}, {@link #SHARD_PHASE} or {@link #END_TO_END}
 * @param shardIndex      the shard's index for a {@link #SHARD} record, else null
 * @param durationMs      REPORT Duration of an invocation, or the wall time of a span
 * @param initMs          REPORT Init Duration of a cold invocation, else null
 * @param cpuMs           CPU time of the runtime during the invocation, null for a span or when unknown
 * @param maxMemoryUsedMb REPORT Max Memory Used, null for a span
 * @param inputBytes      CSV bytes the shard parsed / the merge accounted for, else null
 * @param resultBytes     the shard's result size; for a merge, the sum of the results it read; else null
 * @param jobMs           the handler's own figure ({@code durationMs} in its answer: shard parse + write, merge +
 *                        publish), null for a span
 * @param failed          true when the invocation failed (or a span contains a failure)
 * @param error           what failed, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FanoutRecord(
        String series,
        int shards,
        int repetition,
        String phase,
        String step,
        Integer shardIndex,
        double durationMs,
        Double initMs,
        Long cpuMs,
        Long maxMemoryUsedMb,
        Long inputBytes,
        Long resultBytes,
        Long jobMs,
        boolean failed,
        String error) {

    public static final String SPEEDUP = "speedup";
    public static final String MERGE = "merge";
    public static final String PLAN = "plan";
    public static final String SHARD = "shard";
    public static final String MERGE_STEP = "merge";
    public static final String SHARD_PHASE = "shard-phase";
    public static final String END_TO_END = "end-to-end";
    public static final String COLD = "cold";
    public static final String WARM = "warm";

    private static final Set<String> SERIES = Set.of(SPEEDUP, MERGE);
    private static final Set<String> STEPS = Set.of(PLAN, SHARD, MERGE_STEP, SHARD_PHASE, END_TO_END);
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public FanoutRecord {
        requireNonNull(series, "series");
        requireNonNull(phase, "phase");
        requireNonNull(step, "step");
        if (!SERIES.contains(series)) {
            throw new IllegalArgumentException("series must be one of " + SERIES + ", was '" + series + "'");
        }
        if (!STEPS.contains(step)) {
            throw new IllegalArgumentException("step must be one of " + STEPS + ", was '" + step + "'");
        }
        if (!phase.equals(COLD) && !phase.equals(WARM)) {
            throw new IllegalArgumentException("phase must be cold or warm, was '" + phase + "'");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, was " + shards);
        }
        if (repetition < 0) {
            throw new IllegalArgumentException("repetition must be >= 0, was " + repetition);
        }
        if (Double.isNaN(durationMs) || durationMs < 0) {
            throw new IllegalArgumentException("durationMs must be >= 0, was " + durationMs);
        }
        if (step.equals(SHARD) != (shardIndex != null)) {
            throw new IllegalArgumentException(
                    "shardIndex is set exactly for shard records (step " + step + ", shardIndex " + shardIndex + ")");
        }
    }

    /** A wall-clock span of a pass (shard phase, end to end). */
    public static FanoutRecord span(
            String series, int shards, int repetition, String phase, String step, double wallMs, boolean failed) {
        return new FanoutRecord(
                series,
                shards,
                repetition,
                phase,
                step,
                null,
                wallMs,
                null,
                null,
                null,
                null,
                null,
                null,
                failed,
                null);
    }

    public boolean warm() {
        return phase.equals(WARM);
    }

    /** Appends records to a JSON Lines file, creating it (and its folder) if needed. */
    public static void append(Path file, List<FanoutRecord> records) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (FanoutRecord r : records) {
                w.write(MAPPER.writeValueAsString(r));
                w.write('\n');
            }
        }
    }

    /** Every record of a JSON Lines file; blank lines are skipped, a bad line is an error naming its number. */
    public static List<FanoutRecord> read(Path file) throws IOException {
        List<FanoutRecord> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readValue(line, FanoutRecord.class));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + " line " + n + ": not a fan-out record: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}

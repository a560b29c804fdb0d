package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.transform.SkippedInput;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of one hour did; rows read always equal rows aggregated plus rows quarantined.
 *
 * <p>{@code inputChangedSince}: the input listing changed after this result was published (it is correct for the
 * listing its manifest names; a newer run is due).
 *
 * <p>{@code skippedInputs}: the listed files the published hour does not read (unusable, or a duplicate of another
 * file), with their reasons, as its manifest names them; {@code files} counts the files read.
 *
 * <p>{@code bytesRead}: the input bytes this run read from the input store. A single pass reads the whole hour; an
 * incremental run ({@link HourJob#withIncremental}) only the files that had no partial yet (the rows are still the
 * hour's, merged from the partials); a merge of shard results the bytes its shards read; 0 when the hour was current
 * or had no input. The hour's own total is in its manifest ({@code accounting.bytesRead}).
 */
public record RunResult(
        String runId,
        HourId hour,
        Outcome outcome,
        int files,
        long bytesRead,
        long rowsRead,
        long rowsAggregated,
        long rowsQuarantined,
        Map<String, Long> quarantinedByReason,
        long durationMs,
        List<String> publishedKeys,
        boolean inputChangedSince,
        List<SkippedInput> skippedInputs) {

    /** How the run ended. */
    public enum Outcome {
        /** Outputs and manifest were written. */
        PUBLISHED,
        /** A manifest for exactly this input was already there; nothing was written. */
        ALREADY_CURRENT,
        /** The hour has no input file; nothing was written. */
        NO_INPUT
    }

    /** A result whose input did not change after it was published. */
    public RunResult(
            String runId,
            HourId hour,
            Outcome outcome,
            int files,
            long bytesRead,
            long rowsRead,
            long rowsAggregated,
            long rowsQuarantined,
            Map<String, Long> quarantinedByReason,
            long durationMs,
            List<String> publishedKeys) {
        this(
                runId,
                hour,
                outcome,
                files,
                bytesRead,
                rowsRead,
                rowsAggregated,
                rowsQuarantined,
                quarantinedByReason,
                durationMs,
                publishedKeys,
                false,
                List.of());
    }

    public RunResult {
        skippedInputs = List.copyOf(skippedInputs);
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(outcome, "outcome");
        quarantinedByReason = Map.copyOf(quarantinedByReason);
        publishedKeys = List.copyOf(publishedKeys);
        if (rowsRead != rowsAggregated + rowsQuarantined) {
            throw new IllegalStateException("accounting broken for " + hour + ": read " + rowsRead + " != aggregated "
                    + rowsAggregated + " + quarantined " + rowsQuarantined);
        }
    }
}

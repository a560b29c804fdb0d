package dev.twinrun.core.transform;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where every row of an hour went; {@code rowsRead == rowsAggregated + rowsQuarantined} always. {@code files} and
 * {@code bytesRead} count the files read; {@code skippedInputs} the listed files that were not (sorted by key).
 */
public record Accounting(
        int files,
        long bytesRead,
        long rowsRead,
        long rowsAggregated,
        long rowsQuarantined,
        Map<String, Long> quarantinedByReason,
        List<SkippedInput> skippedInputs) {
    /** An accounting in which every listed file was read. */
    public Accounting(
            int files,
            long bytesRead,
            long rowsRead,
            long rowsAggregated,
            long rowsQuarantined,
            Map<String, Long> quarantinedByReason) {
        this(files, bytesRead, rowsRead, rowsAggregated, rowsQuarantined, quarantinedByReason, List.of());
    }

    public Accounting {
        skippedInputs = Objects.requireNonNull(skippedInputs, "skippedInputs").stream()
                .sorted(Comparator.comparing(SkippedInput::key))
                .toList();
        quarantinedByReason = Collections.unmodifiableMap(
                new TreeMap<>(Objects.requireNonNull(quarantinedByReason, "quarantinedByReason")));
        if (rowsRead != rowsAggregated + rowsQuarantined) {
            throw new IllegalStateException(
                    "rows read " + rowsRead + " != aggregated " + rowsAggregated + " + quarantined " + rowsQuarantined);
        }
        long byReason =
                quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (byReason != rowsQuarantined) {
            throw new IllegalStateException("quarantine reasons add up to " + byReason + ", not " + rowsQuarantined);
        }
    }
}

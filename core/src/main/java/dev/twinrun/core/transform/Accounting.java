package dev.twinrun.core.transform;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where every row of an hour went; {@code rowsRead == rowsAggregated + rowsQuarantined} always.
 */
public record Accounting(
        int files,
        long bytesRead,
        long rowsRead,
        long rowsAggregated,
        long rowsQuarantined,
        Map<String, Long> quarantinedByReason) {
    public Accounting {
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

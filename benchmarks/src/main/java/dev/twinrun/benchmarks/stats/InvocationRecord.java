package dev.twinrun.benchmarks.stats;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One invocation as measured, one JSON line in the raw file: {@code platform} is {@code lambda} or {@code ec2},
 * {@code phase} is {@code cold} or {@code warm}; durations in ms, counts may be null when not measured; {@code variant}
 * (default: derived from platform, memory, arch, instance type) and {@code provenance} (default measured) are optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationRecord(
        Platform platform,
        Phase phase,
        double wallMs,
        Double cpuMs,
        Double billedMs,
        Double initMs,
        Integer memoryMb,
        Integer maxMemoryUsedMb,
        Long rowsRead,
        Long bytesRead,
        boolean failed,
        String variant,
        String arch,
        String instanceType,
        String runId,
        Provenance provenance) {

    public InvocationRecord {
        requireNonNull(platform, "platform");
        requireNonNull(phase, "phase");
        if (wallMs < 0) {
            throw new IllegalArgumentException("wallMs must not be negative: " + wallMs);
        }
        provenance = provenance == null ? Provenance.MEASURED : provenance;
    }

    /** A minimal measured record, for tests and simple runners. */
    public static InvocationRecord of(Platform platform, Phase phase, double wallMs) {
        return new InvocationRecord(
                platform, phase, wallMs, null, null, null, null, null, null, null, false, null, null, null, null, null);
    }

    /** The variant this record belongs to: {@code variant}, else e.g. {@code lambda-1024mb-x86_64} or {@code ec2-t3.micro}. */
    public String variantId() {
        if (variant != null && !variant.isBlank()) {
            return variant;
        }
        return VariantId.of(platform, memoryMb, arch, instanceType).value();
    }
}

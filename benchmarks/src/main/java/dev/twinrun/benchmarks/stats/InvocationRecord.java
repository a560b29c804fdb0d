package dev.twinrun.benchmarks.stats;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;

/**
 * One invocation as measured, one JSON line in the raw file: {@code platform} is {@code lambda} or {@code ec2},
 * {@code phase} is {@code cold} or {@code warm}; durations in ms, counts may be null when not measured; {@code variant}
 * (default: derived from platform, memory, arch, instance type) and {@code provenance} (default measured) are optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationRecord(
    String platform,
    String phase,
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

  private static final Set<String> PLATFORMS = Set.of("lambda", "ec2");
  private static final Set<String> PHASES = Set.of("cold", "warm");

  public InvocationRecord {
    requireNonNull(platform, "platform");
    requireNonNull(phase, "phase");
    if (!PLATFORMS.contains(platform)) {
      throw new IllegalArgumentException("platform must be one of " + PLATFORMS + ": " + platform);
    }
    if (!PHASES.contains(phase)) {
      throw new IllegalArgumentException("phase must be one of " + PHASES + ": " + phase);
    }
    if (wallMs < 0) {
      throw new IllegalArgumentException("wallMs must not be negative: " + wallMs);
    }
    provenance = provenance == null ? Provenance.MEASURED : provenance;
  }

  /** A minimal measured record, for tests and simple runners. */
  public static InvocationRecord of(String platform, String phase, double wallMs) {
    return new InvocationRecord(
        platform, phase, wallMs, null, null, null, null, null, null, null, false, null, null, null, null, null);
  }

  /** The variant this record belongs to: {@code variant}, else e.g. {@code lambda-1024mb-x86_64} or {@code ec2-t3.micro}. */
  public String variantId() {
    if (variant != null && !variant.isBlank()) {
      return variant;
    }
    if (platform.equals("lambda")) {
      return "lambda-" + (memoryMb == null ? "unknown" : memoryMb + "mb") + "-" + (arch == null ? "x86_64" : arch);
    }
    return "ec2-" + (instanceType == null ? "unknown" : instanceType);
  }
}

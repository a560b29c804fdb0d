package dev.twinrun.benchmarks.stats;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Measured (or modelled) statistics of one variant: a Lambda function at a memory size and arch, or an EC2 instance
 * type; cold and warm phases are kept apart.
 */
public record VariantStats(
        String variantId,
        Platform platform,
        Integer memoryMb,
        String arch,
        String instanceType,
        Provenance provenance,
        long coldRuns,
        long warmRuns,
        long failedRuns,
        List<PhaseStats> phases) {

    public VariantStats {
        requireNonNull(variantId, "variantId");
        requireNonNull(platform, "platform");
        provenance = provenance == null ? Provenance.MEASURED : provenance;
        phases = List.copyOf(phases);
    }

    /** The statistics of one phase, if the variant has runs in it. */
    public Optional<PhaseStats> phase(Phase name) {
        return phases.stream().filter(p -> p.phase() == name).findFirst();
    }
}

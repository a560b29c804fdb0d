package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Set;

/**
 * One ECS Fargate task started for each run: its size ({@code vcpu}, {@code memoryGb}), {@code arch}
 * ({@code arm64}|{@code x86_64}), ephemeral storage ({@code ephemeralStorageGb}, 20 to 200), whether it gets a public
 * IPv4 address while it runs ({@code publicIpv4}: a public subnet without NAT), the image pull time
 * ({@code imagePullSeconds}; null: the book's {@code fargate.assumption.imagePullSeconds}) and the job's time in the
 * task ({@code durationMs}; null: the scenario's EC2 duration, else its run duration).
 */
public record FargateTask(
        BigDecimal vcpu,
        BigDecimal memoryGb,
        String arch,
        int ephemeralStorageGb,
        boolean publicIpv4,
        BigDecimal imagePullSeconds,
        BigDecimal durationMs) {
    private static final Set<String> ARCHES = Set.of("x86_64", "arm64");

    /**
     * What the Fargate stack deploys by default (infra {@code fargateCpu=512}, {@code fargateMemoryMb=1024}): arm64,
     * 0.5 vCPU, 1 GB, the included 20 GiB, a public IPv4 address, the book's pull time, the scenario's run.
     */
    public static final FargateTask DEFAULT =
            new FargateTask(new BigDecimal("0.5"), BigDecimal.ONE, "arm64", 20, true, null, null);

    public FargateTask {
        requireNonNull(vcpu, "vcpu");
        requireNonNull(memoryGb, "memoryGb");
        requireNonNull(arch, "arch");
        if (!ARCHES.contains(arch)) {
            throw new IllegalArgumentException("fargate arch must be one of " + ARCHES + ": " + arch);
        }
        if (vcpu.signum() <= 0 || memoryGb.signum() <= 0) {
            throw new IllegalArgumentException("fargate vcpu and memoryGb must be positive: " + vcpu + ", " + memoryGb);
        }
        if (ephemeralStorageGb < 20 || ephemeralStorageGb > 200) {
            throw new IllegalArgumentException("fargate ephemeralStorageGb must be 20..200: " + ephemeralStorageGb);
        }
        if (imagePullSeconds != null && imagePullSeconds.signum() < 0) {
            throw new IllegalArgumentException("fargate imagePullSeconds must not be negative: " + imagePullSeconds);
        }
        if (durationMs != null && durationMs.signum() < 0) {
            throw new IllegalArgumentException("fargate durationMs must not be negative: " + durationMs);
        }
    }

    /** This task with the job's time in it. */
    public FargateTask withDurationMs(BigDecimal v) {
        return new FargateTask(vcpu, memoryGb, arch, ephemeralStorageGb, publicIpv4, imagePullSeconds, v);
    }

    /** This task with another size. */
    public FargateTask withSize(BigDecimal vcpuV, BigDecimal memoryGbV) {
        return new FargateTask(vcpuV, memoryGbV, arch, ephemeralStorageGb, publicIpv4, imagePullSeconds, durationMs);
    }

    /** This task on another architecture. */
    public FargateTask withArch(String v) {
        return new FargateTask(vcpu, memoryGb, v, ephemeralStorageGb, publicIpv4, imagePullSeconds, durationMs);
    }

    /** This task with or without a public IPv4 address. */
    public FargateTask withPublicIpv4(boolean v) {
        return new FargateTask(vcpu, memoryGb, arch, ephemeralStorageGb, v, imagePullSeconds, durationMs);
    }

    /**
     * Whether Fargate offers this CPU and memory pair: 0.25 vCPU with 0.5, 1 or 2 GB; 0.5 vCPU with 1-4 GB; 1 vCPU with
     * 2-8 GB; 2 vCPU with 4-16 GB; 4 vCPU with 8-30 GB (1 GB steps); 8 vCPU with 16-60 GB (4 GB steps); 16 vCPU with
     * 32-120 GB (8 GB steps).
     */
    public boolean validSize() {
        double c = vcpu.doubleValue();
        double m = memoryGb.doubleValue();
        if (c == 0.25) {
            return m == 0.5 || m == 1 || m == 2;
        }
        if (m != Math.rint(m)) {
            return false;
        }
        if (c == 0.5) {
            return m >= 1 && m <= 4;
        }
        if (c == 1) {
            return m >= 2 && m <= 8;
        }
        if (c == 2) {
            return m >= 4 && m <= 16;
        }
        if (c == 4) {
            return m >= 8 && m <= 30;
        }
        if (c == 8) {
            return m >= 16 && m <= 60 && m % 4 == 0;
        }
        if (c == 16) {
            return m >= 32 && m <= 120 && m % 8 == 0;
        }
        return false;
    }
}

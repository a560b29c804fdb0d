package dev.twinrun.benchmarks.stats;

import static java.util.Objects.requireNonNull;

/**
 * The id of a measured variant, the one place it is spelled: {@code lambda-1024mb-x86_64} (a function at a memory
 * size and architecture) or {@code ec2-t3.micro} (an instance type).
 */
public record VariantId(String value) {
    /** The architecture assumed when a Lambda record names none. */
    public static final String DEFAULT_ARCH = "x86_64";

    public VariantId {
        requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a variant id must not be blank");
        }
    }

    /** {@code lambda-<memory>mb-<arch>}; an unknown memory is {@code unknown}, an unknown arch {@link #DEFAULT_ARCH}. */
    public static VariantId lambda(Integer memoryMb, String arch) {
        return new VariantId("lambda-" + (memoryMb == null ? "unknown" : memoryMb + "mb") + "-"
                + (arch == null ? DEFAULT_ARCH : arch));
    }

    /** {@code ec2-<instance type>}; an unknown type is {@code unknown}. */
    public static VariantId ec2(String instanceType) {
        return new VariantId("ec2-" + (instanceType == null ? "unknown" : instanceType));
    }

    /** The id a variant of this platform gets from its memory, arch and instance type. */
    public static VariantId of(Platform platform, Integer memoryMb, String arch, String instanceType) {
        return platform == Platform.LAMBDA ? lambda(memoryMb, arch) : ec2(instanceType);
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.twinrun.benchmarks.measure;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * vCPUs and memory of the EC2 instance types the price books know, so a local cron tick runs with the JVM the
 * instance would give it: {@code -XX:ActiveProcessorCount=vCPUs}, heap 60 % of memory (the unit's
 * {@code MaxRAMPercentage=60}), serial GC.
 */
public record InstanceShape(String instanceType, int vcpus, int memoryMb) {
    private static final Map<String, int[]> SHAPES = Map.of(
            "t2.micro", new int[] {1, 1024},
            "t3.nano", new int[] {2, 512},
            "t3.micro", new int[] {2, 1024},
            "t3.small", new int[] {2, 2048},
            "t4g.nano", new int[] {2, 512},
            "t4g.micro", new int[] {2, 1024},
            "t4g.small", new int[] {2, 2048});

    /** The shape of a known type; unknown types get 2 vCPUs and 1 GiB (a micro). */
    public static InstanceShape of(String instanceType) {
        int[] s = SHAPES.getOrDefault(instanceType.toLowerCase(Locale.ROOT), new int[] {2, 1024});
        return new InstanceShape(instanceType, s[0], s[1]);
    }

    /** The JVM options of a cron tick on this instance. */
    public List<String> jvmOptions() {
        int cores = Math.min(vcpus, Runtime.getRuntime().availableProcessors());
        // The instance unit's flags (ec2-adapter/src/main/install/twinrun-run-due.service): serial GC and C1 only.
        return List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx" + (memoryMb * 60 / 100) + "m",
                "-XX:ActiveProcessorCount=" + Math.max(1, cores));
    }
}

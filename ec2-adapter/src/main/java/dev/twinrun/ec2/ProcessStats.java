package dev.twinrun.ec2;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What this process cost so far: time since the JVM started and peak resident memory. */
public final class ProcessStats {
    private ProcessStats() {}

    /**
     * When the JVM started, in ms ({@code RuntimeMXBean}); the OS process start time is not used because
     * Linux gives it relative to a boot time with 1 s resolution.
     */
    public static Instant jvmStart() {
        return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Peak resident set size in kB ({@code VmHWM} of {@code /proc/self/status}), or -1 where unknown. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }
}

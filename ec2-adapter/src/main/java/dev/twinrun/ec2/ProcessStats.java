package dev.twinrun.ec2;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What this process cost so far: time since the JVM started and peak resident memory. */
public final class ProcessStats {
    private ProcessStats() {
    }

    /** When the JVM process started (from the OS, 10 ms resolution), or the JVM's own start time. */
    public static Instant jvmStart() {
        return ProcessHandle.current().info().startInstant()
                .orElseGet(() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
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

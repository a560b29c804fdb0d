package dev.twinrun.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a process's memory and CPU time from Linux {@code /proc}; elsewhere answers "unknown". */
final class ProcStats {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux the JDK ships for. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    /** Resident set now and at its peak ({@code VmRSS}, {@code VmHWM}), KiB. */
    record Memory(long rssKb, long hwmKb) {}

    private ProcStats() {}

    static Memory memory(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            long rss = -1;
            long hwm = -1;
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                }
            }
            return rss < 0 || hwm < 0 ? null : new Memory(rss, hwm);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** User + system CPU time of all the process's threads, in clock ticks; -1 when unknown. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long kb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }
}

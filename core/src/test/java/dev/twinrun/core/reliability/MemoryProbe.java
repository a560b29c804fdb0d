package dev.twinrun.core.reliability;

import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/** Runs one hour in its own small-heap JVM and prints its accounting and peak heap: {@code in out tmp}. */
public final class MemoryProbe {
    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        RunResult r = new HourJob(
                        new LocalObjectStore(Path.of(args[0])),
                        new LocalObjectStore(Path.of(args[1])),
                        new EcommerceInsights(),
                        JobOptions.defaults()
                                .withThreads(2)
                                .withMinSplitBytes(4 << 20)
                                .withTempDir(Path.of(args[2])))
                .run(AdversarialCsv.HOUR);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.println("result " + r.outcome() + " " + r.rowsRead() + " " + r.rowsAggregated() + " "
                + r.rowsQuarantined() + " " + r.bytesRead() + " peakHeapBytes " + peak);
    }
}

package dev.twinrun.core.reliability;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Runs one hour of a local folder in its own small-heap JVM, counting the input GETs, and prints {@code result
 * OUTCOME files rowsRead rowsAggregated rowsQuarantined bytesRead inputGets peakHeapBytes}: {@code in out tmp}.
 */
public final class SmallFilesProbe {
    private SmallFilesProbe() {}

    public static void main(String[] args) throws Exception {
        CountingStore in = new CountingStore(new LocalObjectStore(Path.of(args[0])), 0);
        RunResult r = new HourJob(
                        in,
                        new LocalObjectStore(Path.of(args[1])),
                        new EcommerceInsights(),
                        JobOptions.defaults().withThreads(2).withTempDir(Path.of(args[2])))
                .run(TestData.HOUR);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.println("result " + r.outcome() + " " + r.files() + " " + r.rowsRead() + " " + r.rowsAggregated()
                + " " + r.rowsQuarantined() + " " + r.bytesRead() + " " + in.gets.get() + " " + peak);
    }
}

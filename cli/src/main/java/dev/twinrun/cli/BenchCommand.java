package dev.twinrun.cli;

import dev.twinrun.benchmarks.bench.FanoutBench;
import dev.twinrun.benchmarks.bench.FanoutSummary;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twinrun bench core}: the core's throughput against DuckDB and {@code cat} on one generated hour. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed benchmarks that print figures.",
        subcommands = {BenchCommand.Core.class, BenchCommand.CoreRun.class, BenchCommand.DuckdbRun.class,
            BenchCommand.Fanout.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The hour every benchmark file belongs to. */
    static final HourId HOUR = HourId.parse("2026-11-26T13");

    @Command(name = "core", mixinStandardHelpOptions = true,
            description = {"Generate one hour (no bad rows), then time, each in a fresh JVM: `cat file`, the core "
                    + "job (-Xmx256m by default), and DuckDB read_csv + the same GROUP BYs. Prints MB/s and ratios."})
    static final class Core implements Callable<Integer> {
        @Option(names = "--size", defaultValue = "1GB", converter = Sizes.class,
                description = "Input size (default: ${DEFAULT-VALUE}).")
        long sizeBytes;

        @Option(names = "--dir", defaultValue = "target/bench-core",
                description = "Work folder; the input is reused when its size matches (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--xmx", defaultValue = "256m", description = "Heap of the core's JVM (default: ${DEFAULT-VALUE}).")
        String xmx;

        @Option(names = "--repetitions", defaultValue = "1", description = "Runs of each contender; the best is kept.")
        int repetitions;

        @Option(names = "--skip-duckdb", description = "Do not run DuckDB.")
        boolean skipDuckdb;

        @Override
        public Integer call() throws Exception {
            Path input = dir.resolve("incoming");
            Path file = input.resolve(HOUR.path()).resolve("part-0000.csv");
            if (!Files.exists(file) || Math.abs(Files.size(file) - sizeBytes) > sizeBytes / 100 + 4096) {
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    new EventGenerator(7, 0.0).write(HOUR, 0, sizeBytes, out);
                }
            }
            long size = Files.size(file);
            double mb = size / 1e6;
            System.out.printf(Locale.ROOT, "input: %s (%d bytes), %d cores, java %s%n", file, size,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            long floorMs = best(() -> time(List.of("cat", file.toString())));
            List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
                    "-cp", System.getProperty("java.class.path"), TwinrunCli.class.getName(), "bench");
            Path out = dir.resolve("out");
            List<String> coreCmd = new ArrayList<>(java);
            coreCmd.addAll(List.of("core-run", "--input", input.toString(), "--output", out.toString()));
            long coreMs = best(() -> time(coreCmd));
            String coreLine = lastLine;
            long duckMs = -1;
            String duckLine = "";
            if (!skipDuckdb) {
                List<String> duckCmd = new ArrayList<>(java.subList(0, 1));
                duckCmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TwinrunCli.class.getName(), "bench",
                        "duckdb-run", "--file", file.toString()));
                duckMs = best(() -> time(duckCmd));
                duckLine = lastLine;
            }
            System.out.printf(Locale.ROOT, "%-28s %10s %10s %8s  %s%n", "contender", "wall ms", "MB/s", "vs duckdb", "notes");
            print("floor: cat file > /dev/null", floorMs, mb, duckMs, "");
            print("twinrun core (-Xmx" + xmx + ")", coreMs, mb, duckMs, coreLine);
            if (duckMs > 0) {
                print("duckdb read_csv + group by", duckMs, mb, duckMs, duckLine);
            }
            return 0;
        }

        private void print(String name, long ms, double mb, long duckMs, String notes) {
            System.out.printf(Locale.ROOT, "%-28s %10d %10.1f %8s  %s%n", name, ms, mb / (ms / 1000.0),
                    duckMs > 0 ? String.format(Locale.ROOT, "%.2fx", duckMs / (double) ms) : "-", notes);
        }

        private String lastLine = "";

        private long best(Callable<Long> run) throws Exception {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < Math.max(1, repetitions); i++) {
                best = Math.min(best, run.call());
            }
            return best;
        }

        private long time(List<String> cmd) throws IOException, InterruptedException {
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (cmd.get(0).equals("cat")) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD); // the floor: cat file > /dev/null
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int rc = p.waitFor();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (rc != 0) {
                String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
                throw new IOException("benchmark step failed (exit " + rc + "): " + cmd.get(cmd.size() - 3) + " "
                        + cmd.get(cmd.size() - 2) + " ...\n" + tail);
            }
            String[] lines = out.strip().split("\n");
            lastLine = cmd.get(0).equals("cat") ? "" : lines[lines.length - 1];
            return ms;
        }
    }

    @Command(name = "core-run", description = {"Core runs in this JVM on an hour `bench core` generated, printing "
            + "rows and peak heap; with --repeat, each run's wall time and MB per CPU-second (JIT warm-up visible).",
        "e.g. ./twinrun bench core-run --input target/bench-core/incoming --output /tmp/out --threads 1 --repeat 6"})
    static final class CoreRun implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Option(names = "--output", required = true)
        Path output;

        @Option(names = "--threads", description = "Parser threads (default: available processors).")
        Integer threads;

        @Option(names = "--repeat", defaultValue = "1", description = "Runs in this JVM (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Override
        public Integer call() throws Exception {
            JobOptions options = JobOptions.defaults().withForce(true);
            if (threads != null) {
                options = options.withThreads(threads);
            }
            HourJob job = new HourJob(new LocalObjectStore(input), new LocalObjectStore(output), new EcommerceInsights(),
                    options);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            RunResult r = null;
            for (int i = 0; i < Math.max(1, repeat); i++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                r = job.run(HOUR);
                long wallNs = System.nanoTime() - t0;
                long cpuNs = os.getProcessCpuTime() - cpu0;
                if (repeat > 1) {
                    System.out.printf(Locale.ROOT, "run %d: wall %d ms, cpu %d ms, %.1f MB/s wall, %.1f MB per cpu-second%n",
                            i, wallNs / 1_000_000, cpuNs / 1_000_000, r.bytesRead() / 1e6 / (wallNs / 1e9),
                            r.bytesRead() / 1e6 / (cpuNs / 1e9));
                }
            }
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peakHeap += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "rows=%d quarantined=%d job_ms=%d peak_heap_mb=%.0f max_heap_mb=%d%n",
                    r.rowsRead(), r.rowsQuarantined(), r.durationMs(), peakHeap / 1048576.0,
                    Runtime.getRuntime().maxMemory() >> 20);
            return 0;
        }
    }

    @Command(name = "duckdb-run", hidden = true, description = "DuckDB read_csv + the core's GROUP BYs.")
    static final class DuckdbRun implements Callable<Integer> {
        @Option(names = "--file", required = true)
        Path file;

        @Override
        public Integer call() throws Exception {
            Class.forName("org.duckdb.DuckDBDriver");
            long rows;
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                StringBuilder columns = new StringBuilder();
                for (String col : EcommerceInsights.COLUMNS) {
                    columns.append(columns.length() == 0 ? "" : ", ").append('\'').append(col).append("': 'VARCHAR'");
                }
                // Dialect given, not sniffed: the input mixes LF and CRLF and has quoted newlines.
                s.execute("CREATE TEMP TABLE e AS SELECT * FROM read_csv('" + file.toString().replace("'", "''")
                        + "', header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
                        + "strict_mode = false, columns = {" + columns + "})");
                String amount = "CASE WHEN event_type IN ('purchase','refund') THEN CAST(price AS DECIMAL(18,4)) * "
                        + "CAST(quantity AS INTEGER) END";
                String measures = "count(*), count(*) FILTER (WHERE event_type='page_view'), "
                        + "count(*) FILTER (WHERE event_type='purchase'), sum(" + amount + ")";
                String[] queries = {
                    "SELECT count(DISTINCT session_id), count(DISTINCT user_id) FROM e",
                    "SELECT currency, " + measures + " FROM e GROUP BY ALL",
                    "SELECT channel, campaign, currency, " + measures + " FROM e GROUP BY ALL",
                    "SELECT category, currency, " + measures + " FROM e GROUP BY ALL",
                    "SELECT country, currency, " + measures + " FROM e GROUP BY ALL",
                    "SELECT device, currency, " + measures + " FROM e GROUP BY ALL",
                    "SELECT product_id, currency, " + measures + " FROM e WHERE event_type IN ('purchase','refund') GROUP BY ALL"
                };
                for (String q : queries) {
                    try (ResultSet rs = s.executeQuery(q)) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM e")) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            System.out.printf(Locale.ROOT, "rows=%d threads=%d%n", rows, Runtime.getRuntime().availableProcessors());
            return 0;
        }
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = {"The Lambda fan-out from the deployment zip: plan, N shards at the same time (each in its own "
                    + "forked Lambda runtime, its own JVM), merge, against the in-process S3 server. Prints per-shard "
                    + "and merge durations, the speedup for each N against 1 shard (warm runtimes), and merge time vs "
                    + "shard count; checks every publication is byte-identical to a single run of the hour.",
                "e.g. ./twinrun bench fanout --size 400MB --shards 1,2,3,4 --repetitions 3"})
    static final class Fanout implements Callable<Integer> {
        @Option(names = "--size", defaultValue = "400MB", converter = Sizes.class,
                description = "Size of the one generated hour (default: ${DEFAULT-VALUE}).")
        long sizeBytes;

        @Option(names = "--files", defaultValue = "2", description = "CSV files of the hour (default: ${DEFAULT-VALUE}).")
        int files;

        @Option(names = "--bad-rows", defaultValue = "0.01", description = "Share of bad rows generated (default: ${DEFAULT-VALUE}).")
        double badRows;

        @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--shards", defaultValue = "1,2,3,4", split = ",", paramLabel = "N[,N...]",
                description = "Speedup series: shard counts, each run as N runtimes at the same time (default: ${DEFAULT-VALUE}).")
        List<Integer> shards;

        @Option(names = "--merge-shards", defaultValue = "1,2,4,8,16,32,64", split = ",", paramLabel = "K[,K...]",
                description = "Merge series: shard counts whose merge is timed (default: ${DEFAULT-VALUE}); 0 for none.")
        List<Integer> mergeShards;

        @Option(names = "--merge-concurrency", defaultValue = "2",
                description = "Merge series: shard runtimes used at the same time (default: ${DEFAULT-VALUE}).")
        int mergeConcurrency;

        @Option(names = "--memory-mb", defaultValue = "1769", description = "Memory size of every function (default: ${DEFAULT-VALUE}).")
        int memoryMb;

        @Option(names = "--repetitions", defaultValue = "3",
                description = "Measured passes per shard count, after one throw-away pass that warms every runtime (default: ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--cap-cores", description = "Pin every runtime after its init to the cores its memory buys, as "
                + "the harness does for `compare` (taskset; on this machine all runtimes get the SAME highest-numbered "
                + "core(s), so parallel shards share them). Default: off, the OS spreads the runtimes over all cores.")
        boolean capCores;

        @Option(names = "--out", defaultValue = "twinrun-fanout", paramLabel = "DIR",
                description = "raw.jsonl (every invocation, written first), summary.json, and the S3 server's files (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--zip", paramLabel = "ZIP", description = "Lambda deployment zip (default: lambda-adapter/target/twinrun-lambda.zip).")
        Path zip;

        @Override
        public Integer call() throws Exception {
            Path home = Path.of(System.getenv().getOrDefault("TWINRUN_HOME", "."));
            List<Integer> merge = mergeShards.equals(List.of(0)) ? List.of() : mergeShards;
            FanoutBench.Settings s = new FanoutBench.Settings(
                    zip != null ? zip : home.resolve("lambda-adapter/target/twinrun-lambda.zip"), sizeBytes, badRows,
                    files, seed, shards, merge, memoryMb, repetitions, mergeConcurrency, capCores, out);
            int cpus = Runtime.getRuntime().availableProcessors();
            double vcpu = Math.min(6, memoryMb / 1769.0);
            int cores = (int) Math.max(1, Math.ceil(vcpu));
            String loadBefore = FanoutBench.loadAverage();
            System.out.printf(Locale.ROOT, "availableProcessors = %d, java %s, load average before: %s%n", cpus,
                    System.getProperty("java.version"), loadBefore);
            System.out.printf(Locale.ROOT, "functions: %d MB = %.2f vCPU on Lambda; each runtime JVM gets "
                    + "-XX:ActiveProcessorCount=%d (so %d parser thread(s) per shard)%n", memoryMb, vcpu, cores, cores);
            if (capCores && cores < cpus) {
                System.out.printf(Locale.ROOT, "--cap-cores: every runtime is pinned after its init to core(s) %d-%d, "
                        + "ALL of them to the same core(s): parallel shards share %d core(s) here%n", cpus - cores,
                        cpus - 1, cores);
            } else {
                System.out.printf(Locale.ROOT, "runtimes not pinned: the OS spreads the %d shard runtime(s) over all %d "
                        + "cores, shared with the in-process S3 server and this JVM%n", s.poolSize(), cpus);
            }
            if (Collections.max(shards) * cores > cpus) {
                System.out.printf(Locale.ROOT, "NOTE: this machine has %d cores: more than %d shard(s) at the same "
                        + "time cannot be faster here (on Lambda each execution environment has its own %.2f vCPU)%n",
                        cpus, Math.max(1, cpus / cores), vcpu);
            }
            FanoutBench.Result r = FanoutBench.run(s, line -> System.out.println("  " + line));
            String loadAfter = FanoutBench.loadAverage();
            Path summary = FanoutBench.writeSummary(s, r, loadBefore, loadAfter);
            FanoutSummary st = r.summary();

            System.out.printf(Locale.ROOT, "%nSpeedup series: WARM runtimes (after one throw-away pass), medians of %d "
                    + "pass(es) per N; hour %s of %,d bytes, %,d rows; per-shard and merge = REPORT Duration; shard "
                    + "phase and end-to-end = wall time seen by the driver%n", repetitions, FanoutBench.HOUR,
                    r.reference().bytesRead(), r.reference().rowsRead());
            System.out.print(FanoutSummary.speedupTable(st.warm()));
            System.out.printf(Locale.ROOT, "%nCold pass (throw-away, every runtime's first invocation, the shards ONE "
                    + "AFTER THE OTHER, so its shard phase is a sum, not a parallel wall; not in the table above):%n");
            System.out.print(FanoutSummary.speedupTable(st.cold()));
            if (!st.merge().isEmpty()) {
                System.out.printf(Locale.ROOT, "%nMerge time vs shard count (warm merge runtime, medians of %d; the "
                        + "shards ran %d at a time before each merge):%n", repetitions, mergeConcurrency);
                System.out.print(FanoutSummary.mergeTable(st.merge()));
            }
            if (st.failedRecords() > 0) {
                System.out.printf(Locale.ROOT, "%d failed record(s) left out of the statistics%n", st.failedRecords());
            }
            System.out.printf(Locale.ROOT, "%nload average after: %s; benchmark wall time %,d ms%n", loadAfter, r.wallMs());
            System.out.printf(Locale.ROOT, "raw records: %s%nsummary:     %s%n", r.rawFile(), summary);
            if (r.outputCheck().identical()) {
                System.out.printf(Locale.ROOT, "output check: OK, every fan-out publication (%d) is byte-identical to "
                        + "the single run's %d files (summary.json included)%n", r.outputCheck().comparisons(),
                        r.referenceFiles().size());
                return 0;
            }
            System.out.printf(Locale.ROOT, "output check: FAILED, %d difference(s) over %d publication(s) compared with the single run:%n  %s%n",
                    r.outputCheck().differences().size(), r.outputCheck().comparisons(),
                    String.join("\n  ", r.outputCheck().differences()));
            return 1;
        }
    }
}

package dev.twinrun.cli;

import dev.twinrun.benchmarks.bench.CoreBench;
import dev.twinrun.benchmarks.bench.CoreRun;
import dev.twinrun.benchmarks.bench.Ec2Bench;
import dev.twinrun.benchmarks.bench.FanoutBench;
import dev.twinrun.benchmarks.bench.FanoutSummary;
import dev.twinrun.benchmarks.bench.LambdaBench;
import dev.twinrun.benchmarks.bench.VerdictStability;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.core.spec.SpecTransformation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code twinrun bench core|core-run|fanout|lambda|ec2|verdict-stability}: options, then one call into
 * {@code benchmarks.bench}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Speed benchmarks that print figures.",
        subcommands = {
            BenchCommand.Core.class,
            BenchCommand.CoreRunCommand.class,
            BenchCommand.Fanout.class,
            BenchCommand.Lambda.class,
            BenchCommand.Ec2.class,
            BenchCommand.Stability.class
        })
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    private static Path home() {
        return Path.of(System.getenv().getOrDefault("TWINRUN_HOME", "."));
    }

    @Command(
            name = "core",
            mixinStandardHelpOptions = true,
            description = {
                "Generate one hour (no bad rows), then time, each in a fresh process under /usr/bin/time, "
                        + "alternating round after round: `cat file`, the core job (-Xmx256m by default), and DuckDB "
                        + "in each formulation (VARCHAR temp table, typed projected temp table, the same with GROUPING "
                        + "SETS, typed projected scans with GROUPING SETS). Prints median wall and CPU, MB/s, MB per "
                        + "CPU-second and the core's per-round ratios against each; raw records (one per timed process) "
                        + "in DIR/raw.jsonl."
            })
    static final class Core implements Callable<Integer> {
        @Option(
                names = "--size",
                defaultValue = "1GB",
                converter = Sizes.class,
                description = "Input size (default: ${DEFAULT-VALUE}).")
        long sizeBytes;

        @Option(
                names = "--dir",
                defaultValue = "target/bench-core",
                description = "Work folder; the input is reused when its size matches (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(
                names = "--xmx",
                defaultValue = "256m",
                description = "Heap of the core's JVM (default: ${DEFAULT-VALUE}).")
        String xmx;

        @Option(
                names = "--repetitions",
                defaultValue = "1",
                description = "Rounds (each runs every contender once); medians are printed.")
        int repetitions;

        @Option(names = "--skip-duckdb", description = "Do not run DuckDB.")
        boolean skipDuckdb;

        @Option(
                names = "--job",
                paramLabel = "FILE",
                description = "Also time this job spec (docs/JOBS.md) on the same bytes, beside the built-in.")
        Path job;

        @Override
        public Integer call() throws Exception {
            if (job != null) {
                SpecTransformation.fromFile(job); // an invalid spec fails here, before anything is timed
            }
            CoreBench.run(new CoreBench.Settings(sizeBytes, dir, xmx, repetitions, skipDuckdb, job), System.out);
            return 0;
        }
    }

    @Command(
            name = "core-run",
            description = {
                "Core runs in this JVM on an hour `bench core` generated, printing "
                        + "rows and peak heap; with --repeat, each run's wall time and MB per CPU-second (JIT warm-up visible).",
                "e.g. ./twinrun bench core-run --input target/bench-core/incoming --output /tmp/out --threads 1 --repeat 6"
            })
    static final class CoreRunCommand implements Callable<Integer> {
        @Option(names = "--input", required = true)
        Path input;

        @Option(names = "--output", required = true)
        Path output;

        @Option(names = "--threads", description = "Parser threads (default: available processors).")
        Integer threads;

        @Option(names = "--repeat", defaultValue = "1", description = "Runs in this JVM (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--job", paramLabel = "FILE", description = "Run this job spec instead of the built-in.")
        Path job;

        @Override
        public Integer call() throws Exception {
            CoreRun.run(input, output, threads, repeat, System.out, job);
            return 0;
        }
    }

    @Command(
            name = "lambda",
            mixinStandardHelpOptions = true,
            description = {
                "The deployment zip's S3 handler in the forked Lambda runtime against the in-process S3 "
                        + "server, on one generated hour: for each memory size, cold invocations (a new execution "
                        + "environment each), then warm ones in the last environment. Prints the zip's size and three "
                        + "largest entries, every REPORT line (Init Duration, Duration, Max Memory Used, CPU) and a table; "
                        + "raw records (the stats schema, one per invocation) in DIR/raw.jsonl. With "
                        + "--added-dependency-mb it also runs a copy of the zip with one more jar of generated classes "
                        + "in lib/, alternately with the zip, and prints what the jar costs: zip and unzipped bytes, "
                        + "and INIT and cold-excess delta per MB added (also in DIR/dependency.json).",
                "e.g. ./twinrun bench lambda --size 100MB --lambda-memory 512,1769 --cold 3 --warm 5",
                "     ./twinrun bench lambda --size 20MB --lambda-memory 1769 --cold 7 --warm 3 --added-dependency-mb 10"
            })
    static final class Lambda implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BenchHourOptions hour = new BenchHourOptions("100MB", 1, 0.001);

        @Option(
                names = "--lambda-memory",
                defaultValue = "512,1769",
                split = ",",
                paramLabel = "MB[,MB...]",
                description = "Memory sizes of the function (default: ${DEFAULT-VALUE}).")
        List<Integer> memoryMbs;

        @Option(
                names = "--cold",
                defaultValue = "3",
                description = "Cold invocations per memory size (default: ${DEFAULT-VALUE}).")
        int cold;

        @Option(
                names = "--warm",
                defaultValue = "5",
                description = "Warm invocations after the last cold one, per memory size (default: ${DEFAULT-VALUE}).")
        int warm;

        @Option(
                names = "--out",
                defaultValue = "target/bench-lambda",
                paramLabel = "DIR",
                description = "Folder of raw.jsonl (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--zip",
                paramLabel = "ZIP",
                description = "Lambda deployment zip (default: lambda-adapter/target/twinrun-lambda.zip).")
        Path zip;

        @Option(
                names = "--java-home",
                split = ",",
                paramLabel = "DIR[,DIR...]",
                description = "JDKs to run the runtime with, e.g. /usr/lib/jvm/temurin-25-jdk-amd64 (default: the one "
                        + "running twinrun); several are measured alternately in one run.")
        List<Path> javaHomes;

        @Option(
                names = "--java-tool-options",
                paramLabel = "OPTS",
                description = "The function's JAVA_TOOL_OPTIONS, e.g. -XX:TieredStopAtLevel=4 for C2 (default: none, "
                        + "the runtime's C1 only); repeat it to compare settings alternately in one run, 'default' "
                        + "standing for none.")
        List<String> toolOptions;

        @Option(
                names = "--added-dependency-mb",
                defaultValue = "0",
                paramLabel = "MB",
                description = "Also measure the zip with one more jar in lib/ of about MB MB (2^20 bytes) of generated "
                        + "classes that INIT does not load (the cost of carrying a dependency), alternately with the "
                        + "zip (default: 0, off).")
        int addedDependencyMb;

        @Option(
                names = "--added-dependency-loaded",
                description =
                        "With --added-dependency-mb, also measure the padded zip with every class of the added jar "
                                + "loaded at INIT (the jar as a -javaagent that loads them before the runtime's main).")
        boolean addedDependencyLoaded;

        @Override
        public Integer call() throws Exception {
            LambdaBench.Result r = LambdaBench.run(settings(), System.out);
            return r.records().stream().anyMatch(InvocationRecord::failed) ? 1 : 0;
        }

        LambdaBench.Settings settings() {
            if (addedDependencyMb < 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--added-dependency-mb must be >= 0 (0: off): " + addedDependencyMb);
            }
            if (addedDependencyLoaded && addedDependencyMb == 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--added-dependency-loaded needs --added-dependency-mb MB");
            }
            return new LambdaBench.Settings(
                    zip != null ? zip : home().resolve("lambda-adapter/target/twinrun-lambda.zip"),
                    memoryMbs,
                    hour.size.bytes(),
                    hour.files,
                    hour.seed,
                    hour.badRows,
                    cold,
                    warm,
                    out,
                    javaHomes,
                    toolOptions == null
                            ? List.of()
                            : toolOptions.stream()
                                    .map(o -> o.strip().equals("default") ? "" : o)
                                    .toList(),
                    addedDependencyMb,
                    addedDependencyLoaded);
        }
    }

    @Command(
            name = "ec2",
            mixinStandardHelpOptions = true,
            description = {
                "What a cron tick of the EC2 runner costs: fresh `java -jar twinrun-ec2.jar run-due` JVMs "
                        + "(-Xmx614m, as on a 1 GiB t3.micro) under /usr/bin/time against the in-process S3 server, on a "
                        + "busy tick (one generated hour due) and an idle tick (nothing due), back to back round after "
                        + "round; --appcds and --aot add both ticks with an AppCDS archive or a Java 25 AOT cache, "
                        + "--java-home runs them on other JDKs. Prints wall, CPU and peak RSS per tick and a table; raw records (the "
                        + "stats schema, one per tick) in DIR/raw.jsonl.",
                "e.g. ./twinrun bench ec2 --size 20MB --runs 5 --appcds --aot --java-home "
                        + "/usr/lib/jvm/java-17-openjdk-amd64,/usr/lib/jvm/temurin-25-jdk-amd64"
            })
    static final class Ec2 implements Callable<Integer> {
        @Mixin
        BenchHourOptions hour = new BenchHourOptions("100MB", 1, 0.01);

        @Option(names = "--runs", defaultValue = "5", description = "Ticks of each kind (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(
                names = "--appcds",
                description =
                        "Also the ticks with an AppCDS archive of the runner's classes (one training tick first).")
        boolean appcds;

        @Option(
                names = "--aot",
                description = "Also the ticks with a Java 25 AOT cache (JEP 483/514), made by one training run with "
                        + "-XX:AOTCacheOutput (--aot-training); JDKs before 25 are skipped.")
        boolean aot;

        @Option(
                names = "--aot-training",
                defaultValue = Ec2Bench.AOT_TRAINING_RUN_DUE,
                paramLabel = "run-due|status",
                description = "The AOT cache's training run: a `run-due` tick as install.sh runs it (the hour is due "
                        + "then: a busy tick), or `status` (S3 reads only) (default: ${DEFAULT-VALUE}).")
        String aotTraining;

        @Option(
                names = "--java-home",
                split = ",",
                paramLabel = "DIR[,DIR...]",
                description = "JDKs to run the runner jar with, e.g. /usr/lib/jvm/temurin-25-jdk-amd64 (default: the "
                        + "one running twinrun); several are measured round after round in one run.")
        List<Path> javaHomes;

        @Option(
                names = "--jvm-options",
                paramLabel = "OPTS",
                description = "JVM options added to every tick's (and archive training run's) after the unit's "
                        + "(serial GC, C1 only), e.g. -XX:TieredStopAtLevel=4 for C2; repeat it to compare settings "
                        + "round after round in one run, 'default' standing for none.")
        List<String> jvmOptions;

        @Option(
                names = "--out",
                defaultValue = "target/bench-ec2",
                paramLabel = "DIR",
                description = "Folder of raw.jsonl and each tick's output and log (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--jar",
                paramLabel = "JAR",
                description = "Runner jar (default: ec2-adapter/target/twinrun-ec2.jar).")
        Path jar;

        @Override
        public Integer call() throws Exception {
            Ec2Bench.Result r = Ec2Bench.run(
                    new Ec2Bench.Settings(
                            jar != null ? jar : home().resolve("ec2-adapter/target/twinrun-ec2.jar"),
                            hour.size.bytes(),
                            hour.files,
                            hour.seed,
                            hour.badRows,
                            runs,
                            appcds,
                            aot,
                            aotTraining,
                            javaHomes,
                            jvmOptions,
                            out),
                    System.out);
            return r.ticks().stream().anyMatch(t -> t.record().failed()) ? 1 : 0;
        }
    }

    @Command(
            name = "fanout",
            mixinStandardHelpOptions = true,
            description = {
                "The Lambda fan-out from the deployment zip: plan, N shards at the same time (each in its own "
                        + "forked Lambda runtime, its own JVM), merge, against the in-process S3 server. Prints per-shard "
                        + "and merge durations, the speedup for each N against 1 shard (warm runtimes), and merge time vs "
                        + "shard count; checks every publication is byte-identical to a single run of the hour.",
                "e.g. ./twinrun bench fanout --size 400MB --shards 1,2,3,4 --repetitions 3"
            })
    static final class Fanout implements Callable<Integer> {
        @Mixin
        BenchHourOptions hour = new BenchHourOptions("400MB", 2, 0.01);

        @Option(
                names = "--shards",
                defaultValue = "1,2,3,4",
                split = ",",
                paramLabel = "N[,N...]",
                description =
                        "Speedup series: shard counts, each run as N runtimes at the same time (default: ${DEFAULT-VALUE}).")
        List<Integer> shards;

        @Option(
                names = "--merge-shards",
                defaultValue = "1,2,4,8,16,32,64",
                split = ",",
                paramLabel = "K[,K...]",
                description =
                        "Merge series: shard counts whose merge is timed (default: ${DEFAULT-VALUE}); 0 for none.")
        List<Integer> mergeShards;

        @Option(
                names = "--merge-concurrency",
                defaultValue = "2",
                description = "Merge series: shard runtimes used at the same time (default: ${DEFAULT-VALUE}).")
        int mergeConcurrency;

        @Option(
                names = "--lambda-memory",
                defaultValue = "1769",
                description = "Memory size of every function, MB (default: ${DEFAULT-VALUE}).")
        int memoryMb;

        @Option(
                names = "--repetitions",
                defaultValue = "3",
                description =
                        "Measured passes per shard count, after one throw-away pass that warms every runtime (default: ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(
                names = "--cap-cores",
                description =
                        "Pin every runtime after its init to the cores its memory buys, as "
                                + "the harness does for `compare` (taskset; on this machine all runtimes get the SAME highest-numbered "
                                + "core(s), so parallel shards share them). Default: off, the OS spreads the runtimes over all cores.")
        boolean capCores;

        @Option(
                names = "--out",
                defaultValue = "twinrun-fanout",
                paramLabel = "DIR",
                description =
                        "raw.jsonl (every invocation, written first), summary.json, and the S3 server's files (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--zip",
                paramLabel = "ZIP",
                description = "Lambda deployment zip (default: lambda-adapter/target/twinrun-lambda.zip).")
        Path zip;

        @Override
        public Integer call() throws Exception {
            List<Integer> merge = mergeShards.equals(List.of(0)) ? List.of() : mergeShards;
            FanoutBench.Settings s = new FanoutBench.Settings(
                    zip != null ? zip : home().resolve("lambda-adapter/target/twinrun-lambda.zip"),
                    hour.size.bytes(),
                    hour.badRows,
                    hour.files,
                    hour.seed,
                    shards,
                    merge,
                    memoryMb,
                    repetitions,
                    mergeConcurrency,
                    capCores,
                    out);
            int cpus = Runtime.getRuntime().availableProcessors();
            double vcpu = Math.min(6, memoryMb / 1769.0);
            int cores = (int) Math.max(1, Math.ceil(vcpu));
            String loadBefore = FanoutBench.loadAverage();
            System.out.printf(
                    Locale.ROOT,
                    "availableProcessors = %d, java %s, load average before: %s%n",
                    cpus,
                    System.getProperty("java.version"),
                    loadBefore);
            System.out.printf(
                    Locale.ROOT,
                    "functions: %d MB = %.2f vCPU on Lambda; each runtime JVM gets "
                            + "-XX:ActiveProcessorCount=%d (so %d parser thread(s) per shard)%n",
                    memoryMb,
                    vcpu,
                    cores,
                    cores);
            if (capCores && cores < cpus) {
                System.out.printf(
                        Locale.ROOT,
                        "--cap-cores: every runtime is pinned after its init to core(s) %d-%d, "
                                + "ALL of them to the same core(s): parallel shards share %d core(s) here%n",
                        cpus - cores,
                        cpus - 1,
                        cores);
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "runtimes not pinned: the OS spreads the %d shard runtime(s) over all %d "
                                + "cores, shared with the in-process S3 server and this JVM%n",
                        s.poolSize(),
                        cpus);
            }
            if (Collections.max(shards) * cores > cpus) {
                System.out.printf(
                        Locale.ROOT,
                        "NOTE: this machine has %d cores: more than %d shard(s) at the same "
                                + "time cannot be faster here (on Lambda each execution environment has its own %.2f vCPU)%n",
                        cpus,
                        Math.max(1, cpus / cores),
                        vcpu);
            }
            FanoutBench.Result r = FanoutBench.run(s, line -> System.out.println("  " + line));
            String loadAfter = FanoutBench.loadAverage();
            Path summary = FanoutBench.writeSummary(s, r, loadBefore, loadAfter);
            FanoutSummary st = r.summary();

            System.out.printf(
                    Locale.ROOT,
                    "%nSpeedup series: WARM runtimes (after one throw-away pass), medians of %d "
                            + "pass(es) per N; hour %s of %,d bytes, %,d rows; per-shard and merge = REPORT Duration; shard "
                            + "phase and end-to-end = wall time seen by the driver%n",
                    repetitions,
                    FanoutBench.HOUR,
                    r.reference().bytesRead(),
                    r.reference().rowsRead());
            System.out.print(FanoutSummary.speedupTable(st.warm()));
            System.out.printf(
                    Locale.ROOT,
                    "%nCold pass (throw-away, every runtime's first invocation, the shards ONE "
                            + "AFTER THE OTHER, so its shard phase is a sum, not a parallel wall; not in the table above):%n");
            System.out.print(FanoutSummary.speedupTable(st.cold()));
            if (!st.merge().isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "%nMerge time vs shard count (warm merge runtime, medians of %d; the "
                                + "shards ran %d at a time before each merge):%n",
                        repetitions,
                        mergeConcurrency);
                System.out.print(FanoutSummary.mergeTable(st.merge()));
            }
            if (st.failedRecords() > 0) {
                System.out.printf(Locale.ROOT, "%d failed record(s) left out of the statistics%n", st.failedRecords());
            }
            System.out.printf(
                    Locale.ROOT, "%nload average after: %s; benchmark wall time %,d ms%n", loadAfter, r.wallMs());
            System.out.printf(Locale.ROOT, "raw records: %s%nsummary:     %s%n", r.rawFile(), summary);
            if (r.outputCheck().identical()) {
                System.out.printf(
                        Locale.ROOT,
                        "output check: OK, every fan-out publication (%d) is byte-identical to "
                                + "the single run's %d files (summary.json included)%n",
                        r.outputCheck().comparisons(),
                        r.referenceFiles().size());
                return 0;
            }
            System.out.printf(
                    Locale.ROOT,
                    "output check: FAILED, %d difference(s) over %d publication(s) compared with the single run:%n  %s%n",
                    r.outputCheck().differences().size(),
                    r.outputCheck().comparisons(),
                    String.join("\n  ", r.outputCheck().differences()));
            return 1;
        }
    }

    @Command(
            name = "verdict-stability",
            mixinStandardHelpOptions = true,
            description = {
                "Run `compare` twice, on a quiet machine and with one core kept busy by a load generator (a shell busy"
                        + " loop, pinned by taskset), and print both verdicts, the winner's cost ratio and the fitted"
                        + " per-MB CPU work of each. Exits 1 when the winner or the cheapest variant at any size changes,"
                        + " or the winner's monthly cost moves by more than 10 %%.",
                "Options it does not know are passed to both compare runs, e.g. --size 20MB --hours 4.",
                "e.g. ./twinrun bench verdict-stability --out twinrun-stability"
            })
    static final class Stability implements Callable<Integer> {
        @Option(
                names = "--out",
                defaultValue = "twinrun-stability",
                paramLabel = "DIR",
                description = "Where both reports go: DIR/quiet, DIR/loaded (default: ${DEFAULT-VALUE}).")
        Path out;

        @Unmatched
        List<String> compareArgs = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            return VerdictStability.run(
                    dir -> {
                        List<String> args = new ArrayList<>(List.of("compare", "--quiet", "--out", dir.toString()));
                        args.addAll(compareArgs);
                        StringWriter sink = new StringWriter();
                        CommandLine cl = TwinrunCli.commandLine();
                        cl.setOut(new PrintWriter(sink, true));
                        cl.setErr(spec.commandLine().getErr());
                        return cl.execute(args.toArray(String[]::new));
                    },
                    out,
                    w);
        }
    }
}

package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.ecommerce.EventGenerator;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code twinrun bench core}: generates one hour (no bad rows; reused when its size matches), then runs, each in a
 * fresh process under {@code /usr/bin/time}: {@code cat file > /dev/null} (the floor), the core job ({@link CoreRun},
 * heap {@code xmx}) and DuckDB in each {@link DuckDbBaseline.Formulation}. The contenders alternate, one round of all
 * of them per repetition, so a change in the machine's load hits them alike; the table gives each one's median wall
 * and CPU time, MB/s, MB per CPU-second and peak RSS, and the core's ratio against each DuckDB formulation as the
 * median of the per-round ratios (wall and CPU), the fastest formulation named.
 *
 * <p>Every timed JVM (the core's and DuckDB's) runs with {@link #WORKER_JVM_FLAGS} and, when the class path is jars
 * only, an AppCDS archive of its own made by an untimed training run on a small hour ({@code dir/cds}); the header
 * prints both, so the comparison is made with the settings named.
 *
 * <p>Raw records: one {@link CoreRecord} per timed process in {@code dir/raw.jsonl}, written as measured. Not the
 * stats module's {@code InvocationRecord}: a contender is neither a Lambda nor an EC2 invocation.
 */
public final class CoreBench {
    /** The hour every benchmark file belongs to. */
    public static final HourId HOUR = HourId.parse("2026-11-26T13");

    public static final String RAW = "raw.jsonl";
    public static final String FLOOR = "floor";
    public static final String CORE = "core";
    public static final String DUCKDB = "duckdb";
    public static final String SPEC = "spec";

    /**
     * The JVM flags of every timed worker, chosen by measurement of the whole process's CPU (docs/BENCHMARKS.md): the
     * serial collector (the heap is small and the job allocates little; no concurrent GC threads) and C2 kept for the
     * methods that stay hot (a higher tier-4 threshold: the JIT does not spend the short process's CPU compiling
     * start-up code twice). C1 only ({@code -XX:TieredStopAtLevel=1}) saves CPU on a small hour but loses it on 1 GB.
     */
    public static final List<String> WORKER_JVM_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-XX:Tier4InvocationThreshold=100000",
            "-XX:Tier4MinInvocationThreshold=20000",
            "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    /** Size of the hour the AppCDS training runs read. */
    static final long TRAINING_BYTES = 2_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "/usr/bin/time";
    private static final String TIME_TAG = "twinrun-time";

    private CoreBench() {}

    /** The benchmark's settings ({@code twinrun bench core}'s options); {@code job}: a job spec timed beside, or null. */
    public record Settings(long sizeBytes, Path dir, String xmx, int repetitions, boolean skipDuckdb, Path job) {
        public Settings {
            requireNonNull(dir, "dir");
            requireNonNull(xmx, "xmx");
        }

        public Settings(long sizeBytes, Path dir, String xmx, int repetitions, boolean skipDuckdb) {
            this(sizeBytes, dir, xmx, repetitions, skipDuckdb, null);
        }
    }

    /**
     * One timed process.
     *
     * @param contender  {@link #FLOOR}, {@link #CORE}, or {@code duckdb:FORMULATION}
     * @param repetition 1, 2, ... (the round)
     * @param wallMs     the whole process, JVM start included
     * @param inputBytes the size of the hour's file
     * @param notes      the process's last output line (rows, job ms, peak heap), empty for the floor
     * @param cpuMs      user + system CPU of the process ({@code /usr/bin/time}), -1 when unknown
     * @param maxRssKb   peak resident set, KiB, -1 when unknown
     */
    public record CoreRecord(
            String contender, int repetition, long wallMs, long inputBytes, String notes, long cpuMs, long maxRssKb) {}

    /** Runs the benchmark, printing its table to {@code out}; returns the raw file. */
    public static Path run(Settings s, PrintStream out) throws IOException, InterruptedException {
        Path input = s.dir().resolve("incoming");
        Path file = input.resolve(HOUR.path()).resolve("part-0000.csv");
        long target = s.sizeBytes();
        if (!Files.exists(file) || Math.abs(Files.size(file) - target) > target / 100 + 4096) {
            Files.createDirectories(file.getParent());
            try (OutputStream o = Files.newOutputStream(file)) {
                new EventGenerator(7, 0.0).write(HOUR, 0, target, o);
            }
        }
        long size = Files.size(file);
        double mb = size / 1e6;
        out.printf(
                Locale.ROOT,
                "input: %s (%d bytes), %d cores, java %s, load average %s%n",
                file,
                size,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                FanoutBench.loadAverage());
        Path raw = s.dir().resolve(RAW);
        Files.deleteIfExists(raw);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jars = workerClassPath(System.getProperty("java.class.path"));
        String cp = jars != null ? jars : System.getProperty("java.class.path");
        List<String> core = List.of(
                BenchWorker.class.getName(),
                "core",
                input.toString(),
                s.dir().resolve("out").toString());
        List<String> duck = List.of(BenchWorker.class.getName(), "duckdb", file.toString());
        Map<String, Worker> workers = new LinkedHashMap<>();
        String cds = appCds(s.dir(), java, jars, s.job(), workers);
        out.printf(
                Locale.ROOT,
                "worker JVMs (core and DuckDB): %s; AppCDS: %s%n",
                String.join(" ", WORKER_JVM_FLAGS),
                cds);
        Worker fallback = new Worker(cp, null);
        Path gcLogs = Files.createDirectories(s.dir().resolve("gc"));
        Map<String, List<String>> contenders = new LinkedHashMap<>();
        contenders.put(FLOOR, List.of("cat", file.toString()));
        Worker coreWorker = workers.getOrDefault(CORE, fallback);
        contenders.put(
                CORE,
                jvm(
                        java,
                        coreWorker.archive(),
                        List.of("-Xmx" + s.xmx(), gcLog(gcLogs.resolve(CORE + ".log"))),
                        coreWorker.classPath(),
                        core));
        if (s.job() != null) {
            Worker spec = workers.getOrDefault(SPEC, fallback);
            contenders.put(
                    SPEC,
                    jvm(
                            java,
                            spec.archive(),
                            List.of("-Xmx" + s.xmx(), gcLog(gcLogs.resolve(SPEC + ".log"))),
                            spec.classPath(),
                            List.of(
                                    BenchWorker.class.getName(),
                                    "core",
                                    input.toString(),
                                    s.dir().resolve("out-spec").toString(),
                                    s.job().toAbsolutePath().toString())));
        }
        if (!s.skipDuckdb()) {
            Worker duckWorker = workers.getOrDefault(DUCKDB, fallback);
            for (DuckDbBaseline.Formulation f : DuckDbBaseline.Formulation.values()) {
                List<String> args = new ArrayList<>(duck);
                args.add(f.label());
                contenders.put(
                        DUCKDB + ":" + f.label(),
                        jvm(java, duckWorker.archive(), List.of(), duckWorker.classPath(), args));
            }
        }
        boolean timed = Files.isExecutable(Path.of(TIME));
        Map<String, List<CoreRecord>> runs = new LinkedHashMap<>();
        contenders.keySet().forEach(k -> runs.put(k, new ArrayList<>()));
        try (BufferedWriter w = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
            for (int round = 1; round <= Math.max(1, s.repetitions()); round++) {
                for (Map.Entry<String, List<String>> c : contenders.entrySet()) {
                    Path gc = c.getKey().equals(CORE) || c.getKey().equals(SPEC)
                            ? gcLogs.resolve(c.getKey() + ".log")
                            : null;
                    CoreRecord r = time(c.getKey(), round, c.getValue(), size, timed, gc);
                    w.write(JSON.writeValueAsString(r));
                    w.write('\n');
                    w.flush();
                    runs.get(c.getKey()).add(r);
                }
                out.printf(Locale.ROOT, "round %d done, load average %s%n", round, FanoutBench.loadAverage());
            }
        }
        out.printf(
                Locale.ROOT,
                "%-36s %9s %9s %8s %10s %9s  %s%n",
                "contender (median of rounds)",
                "wall ms",
                "CPU ms",
                "MB/s",
                "MB/CPU-s",
                "RSS MB",
                "notes");
        runs.forEach((name, rs) -> {
            long wall = median(rs.stream().mapToLong(CoreRecord::wallMs).toArray());
            long cpu = median(rs.stream().mapToLong(CoreRecord::cpuMs).toArray());
            out.printf(
                    Locale.ROOT,
                    "%-36s %9d %9s %8.1f %10s %9s  %s%n",
                    name.equals(CORE)
                            ? "core (-Xmx" + s.xmx() + ")"
                            : name.equals(SPEC) ? "job " + s.job().getFileName() : name,
                    wall,
                    cpu >= 0 ? Long.toString(cpu) : "-",
                    mb / (wall / 1000.0),
                    cpu > 0 ? String.format(Locale.ROOT, "%.0f", mb / (cpu / 1000.0)) : "-",
                    rs.get(0).maxRssKb() >= 0
                            ? Long.toString(rs.stream()
                                            .mapToLong(CoreRecord::maxRssKb)
                                            .max()
                                            .orElse(0)
                                    / 1024)
                            : "-",
                    rs.get(rs.size() - 1).notes());
        });
        if (s.job() != null) {
            out.println();
            out.printf(
                    Locale.ROOT,
                    "job spec vs built-in (median of the per-round ratios spec / built-in; the built-in is that many"
                            + " times faster): wall %.2fx, CPU %s; load average %s%n",
                    pairedRatio(runs.get(SPEC), runs.get(CORE), CoreRecord::wallMs),
                    Double.isNaN(pairedRatio(runs.get(SPEC), runs.get(CORE), CoreRecord::cpuMs))
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2fx",
                                    pairedRatio(runs.get(SPEC), runs.get(CORE), CoreRecord::cpuMs)),
                    FanoutBench.loadAverage());
        }
        List<String> ducks =
                runs.keySet().stream().filter(k -> k.startsWith(DUCKDB)).toList();
        if (!ducks.isEmpty()) {
            out.println();
            out.println(
                    "core vs each DuckDB formulation (median of the per-round ratios DuckDB / core; > 1: core faster)");
            String fastest = null;
            double fastestWall = Double.MAX_VALUE;
            for (String d : ducks) {
                double wallRatio = pairedRatio(runs.get(d), runs.get(CORE), CoreRecord::wallMs);
                double cpuRatio = pairedRatio(runs.get(d), runs.get(CORE), CoreRecord::cpuMs);
                long wall = median(
                        runs.get(d).stream().mapToLong(CoreRecord::wallMs).toArray());
                if (wall < fastestWall) {
                    fastestWall = wall;
                    fastest = d;
                }
                out.printf(
                        Locale.ROOT,
                        "  %-34s wall %.2fx  CPU %s%n",
                        d,
                        wallRatio,
                        Double.isNaN(cpuRatio) ? "-" : String.format(Locale.ROOT, "%.2fx", cpuRatio));
            }
            out.printf(Locale.ROOT, "fastest DuckDB formulation (median wall): %s%n", fastest);
        }
        out.printf(Locale.ROOT, "raw records: %s%n", raw);
        return raw;
    }

    /** A worker JVM's command: java, {@link #WORKER_JVM_FLAGS}, the AppCDS archive (or none), {@code extra}, the class. */
    static List<String> jvm(
            String java, List<String> archive, List<String> extra, String cp, List<String> mainAndArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(WORKER_JVM_FLAGS);
        if (archive != null) {
            cmd.addAll(archive);
        }
        cmd.addAll(extra);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.addAll(mainAndArgs);
        return cmd;
    }

    /**
     * The workers' class path when the AppCDS archive can be made: the jar entries of {@code classPath}, provided the
     * workers' own code (this module and the core) comes from jars; else null (a build's tests run from class
     * directories, and the JVM archives classes from jars only).
     */
    static String workerClassPath(String classPath) {
        for (Class<?> c : List.of(BenchWorker.class, EcommerceInsights.class)) {
            CodeSource src = c.getProtectionDomain().getCodeSource();
            if (src == null || !src.getLocation().getPath().endsWith(".jar")) {
                return null;
            }
        }
        return jarEntries(classPath);
    }

    /** The entries of {@code classPath} that are jar files, in order; null when there are none. */
    static String jarEntries(String classPath) {
        if (classPath == null) {
            return null;
        }
        String jars = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && Files.isRegularFile(Path.of(e)))
                .collect(Collectors.joining(File.pathSeparator));
        return jars.isEmpty() ? null : jars;
    }

    /** A timed JVM's class path and AppCDS flags (null: none). */
    record Worker(String classPath, List<String> archive) {}

    /** The unified-logging flag that writes a worker's collections and its heap at exit to {@code file}. */
    static String gcLog(Path file) {
        return "-Xlog:gc,gc+heap+exit:file=" + file;
    }

    private static final Pattern GC_PAUSE = Pattern.compile("Pause .*? (\\d+)([KMG])->\\d+[KMG]\\(");
    private static final Pattern HEAP_AT_EXIT = Pattern.compile("\\[gc,heap,exit\\].* total \\d+K, used (\\d+)K");

    /**
     * The peak heap in use, MiB, from a worker's GC log ({@link #gcLog}): the heap grows only between collections, so
     * its peak is the largest heap before a collection or the heap at exit (the sum of its generations); -1 when the
     * log has neither.
     */
    static long peakHeapMb(List<String> gcLog) {
        long peak = -1;
        long atExitKb = -1;
        for (String line : gcLog) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                long v = Long.parseLong(m.group(1));
                long kb = m.group(2).equals("K") ? v : m.group(2).equals("M") ? v << 10 : v << 20;
                peak = Math.max(peak, (kb + 1023) >> 10);
            }
            Matcher e = HEAP_AT_EXIT.matcher(line);
            if (e.find()) {
                atExitKb = Math.max(0, atExitKb) + Long.parseLong(e.group(1));
            }
        }
        return atExitKb < 0 ? peak : Math.max(peak, (atExitKb + 1023) / 1024);
    }

    private static final Pattern LOADED_FROM_JAR = Pattern.compile(" source: (?:jar:)?file:(.+?\\.jar)");

    /**
     * The entries of {@code classPath} that a worker loaded classes from, in class-path order, read from its
     * {@code -Xlog:class+load} log; null when it names none. A deployment carries only the jars its code needs; with
     * the whole command line's class path, every resource lookup at start-up (logging's configuration and service
     * files) opens every jar, a cost of the bench's launcher that the job would not pay.
     */
    static String loadedJars(String classPath, List<String> classLoadLog) {
        Set<String> used = new HashSet<>();
        for (String line : classLoadLog) {
            Matcher m = LOADED_FROM_JAR.matcher(line);
            if (m.find()) {
                used.add(Path.of(m.group(1)).toAbsolutePath().normalize().toString());
            }
        }
        String kept = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e ->
                        used.contains(Path.of(e).toAbsolutePath().normalize().toString()))
                .collect(Collectors.joining(File.pathSeparator));
        return kept.isEmpty() ? null : kept;
    }

    /**
     * Sets up each worker (core, DuckDB, and the job spec's when {@code job} is given) by two untimed runs on a small
     * hour, as an install would: the first, with the whole class path, logs which jars it loads classes from; the
     * second, with only those, makes its AppCDS archive ({@code -XX:ArchiveClassesAtExit}). Puts each worker's class
     * path and {@code -XX:SharedArchiveFile} flag in {@code workers}; returns what the header prints.
     */
    private static String appCds(Path dir, String java, String cp, Path job, Map<String, Worker> workers)
            throws IOException, InterruptedException {
        if (cp == null) {
            return "off (the workers' classes are not in jars; the JVM archives classes from jars only)";
        }
        Path cdsDir = dir.resolve("cds");
        Path trainInput = cdsDir.resolve("incoming");
        Path trainFile = trainInput.resolve(HOUR.path()).resolve("part-0000.csv");
        if (!Files.exists(trainFile)) {
            Files.createDirectories(trainFile.getParent());
            try (OutputStream o = Files.newOutputStream(trainFile)) {
                new EventGenerator(11, 0.0).write(HOUR, 0, TRAINING_BYTES, o);
            }
        }
        Map<String, List<String>> training = new LinkedHashMap<>();
        training.put(
                CORE,
                List.of(
                        BenchWorker.class.getName(),
                        "core",
                        trainInput.toString(),
                        cdsDir.resolve("out").toString()));
        if (job != null) {
            training.put(
                    SPEC,
                    List.of(
                            BenchWorker.class.getName(),
                            "core",
                            trainInput.toString(),
                            cdsDir.resolve("out-spec").toString(),
                            job.toAbsolutePath().toString()));
        }
        training.put(
                DUCKDB,
                List.of(
                        BenchWorker.class.getName(),
                        "duckdb",
                        trainFile.toString(),
                        DuckDbBaseline.Formulation.TYPED_SCAN_GROUPING_SETS.label()));
        List<String> jarCounts = new ArrayList<>();
        for (Map.Entry<String, List<String>> t : training.entrySet()) {
            Path classes = cdsDir.resolve(t.getKey() + "-classes.log");
            Files.deleteIfExists(classes);
            if (!train(jvm(java, List.of("-Xlog:class+load=info:file=" + classes), List.of(), cp, t.getValue()))
                    || !Files.isRegularFile(classes)) {
                workers.clear();
                return "off (the training run of " + t.getKey() + " failed)";
            }
            String jars = loadedJars(cp, Files.readAllLines(classes, StandardCharsets.UTF_8));
            String workerCp = jars != null ? jars : cp;
            Path jsa = cdsDir.resolve(t.getKey() + ".jsa");
            Files.deleteIfExists(jsa);
            if (!train(jvm(java, List.of("-XX:ArchiveClassesAtExit=" + jsa), List.of(), workerCp, t.getValue()))
                    || !Files.isRegularFile(jsa)) {
                workers.clear();
                return "off (the training run of " + t.getKey() + " made no archive)";
            }
            workers.put(t.getKey(), new Worker(workerCp, List.of("-XX:SharedArchiveFile=" + jsa)));
            jarCounts.add(t.getKey() + " " + workerCp.split(File.pathSeparator).length);
        }
        return "one archive per worker from an untimed run on a " + TRAINING_BYTES / 1_000_000 + " MB hour (" + cdsDir
                + "); each worker's class path is the jars its training run loaded classes from, of "
                + cp.split(File.pathSeparator).length + " (" + String.join(", ", jarCounts) + ")";
    }

    private static boolean train(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor() == 0;
    }

    /** The median over rounds of {@code a[i] / b[i]}; NaN when a figure is unknown. */
    static double pairedRatio(List<CoreRecord> a, List<CoreRecord> b, ToLongFunction<CoreRecord> f) {
        int n = Math.min(a.size(), b.size());
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            long x = f.applyAsLong(a.get(i));
            long y = f.applyAsLong(b.get(i));
            if (x < 0 || y <= 0) {
                return Double.NaN;
            }
            r[i] = x / (double) y;
        }
        Arrays.sort(r);
        return n == 0 ? Double.NaN : n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length == 0 ? -1 : c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** Times one process; {@code gcLog}: the worker's GC log (see {@link #gcLog}), read for its peak heap, or null. */
    private static CoreRecord time(
            String contender, int repetition, List<String> cmd, long inputBytes, boolean timed, Path gcLog)
            throws IOException, InterruptedException {
        if (gcLog != null) {
            Files.deleteIfExists(gcLog);
        }
        List<String> full = new ArrayList<>();
        if (timed) {
            full.addAll(List.of(TIME, "-f", TIME_TAG + " %e %U %S %M"));
        }
        full.addAll(cmd);
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(full);
        boolean floor = contender.equals(FLOOR);
        if (floor) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD); // the floor: cat file > /dev/null
        } else {
            pb.redirectErrorStream(true);
        }
        Process p = pb.start();
        String output = new String(
                floor ? p.getErrorStream().readAllBytes() : p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (rc != 0) {
            String tail = output.length() > 2000 ? output.substring(output.length() - 2000) : output;
            throw new IOException("benchmark step failed (exit " + rc + "): " + contender + "\n" + tail);
        }
        long cpuMs = -1;
        long rssKb = -1;
        List<String> lines = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            if (line.startsWith(TIME_TAG + " ")) {
                String[] f = line.split(" ");
                cpuMs = Math.round((Double.parseDouble(f[2]) + Double.parseDouble(f[3])) * 1000);
                rssKb = Long.parseLong(f[4]);
            } else {
                lines.add(line);
            }
        }
        String notes = floor || lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (gcLog != null && Files.isRegularFile(gcLog)) {
            notes += " peak_heap_mb=" + peakHeapMb(Files.readAllLines(gcLog, StandardCharsets.UTF_8));
        }
        return new CoreRecord(contender, repetition, ms, inputBytes, notes, cpuMs, rssKb);
    }
}

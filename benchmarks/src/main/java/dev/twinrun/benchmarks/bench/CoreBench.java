package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code twinrun bench core}: generates one hour (no bad rows; reused when its size matches), then times, each in a
 * fresh JVM one after the other: {@code cat file > /dev/null} (the floor), the core job ({@link CoreRun}, heap
 * {@code xmx}) and DuckDB ({@link DuckDbBaseline}); best of {@code repetitions}, printed as MB/s and ratios.
 *
 * <p>Raw records: one {@link CoreRecord} per timed process in {@code dir/raw.jsonl}, written as measured. Not the
 * stats module's {@code InvocationRecord}: a contender is neither a Lambda nor an EC2 invocation, and the figure is
 * the whole process's wall time, nothing else.
 */
public final class CoreBench {
    /** The hour every benchmark file belongs to. */
    public static final HourId HOUR = HourId.parse("2026-11-26T13");

    public static final String RAW = "raw.jsonl";
    public static final String FLOOR = "floor";
    public static final String CORE = "core";
    public static final String DUCKDB = "duckdb";
    /** The contender of {@code --job}: the core running a job spec on the same bytes. */
    public static final String SPEC = "spec";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CoreBench() {}

    /** The benchmark's settings ({@code twinrun bench core}'s options); {@code job} a job spec to time too, or null. */
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
     * @param contender  {@link #FLOOR}, {@link #CORE} or {@link #DUCKDB}
     * @param repetition 1, 2, ...
     * @param wallMs     the whole process, JVM start included
     * @param inputBytes the size of the hour's file
     * @param notes      the process's last output line (rows, job ms, peak heap), empty for the floor
     */
    public record CoreRecord(String contender, int repetition, long wallMs, long inputBytes, String notes) {}

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
                "input: %s (%d bytes), %d cores, java %s%n",
                file,
                size,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path raw = s.dir().resolve(RAW);
        Files.deleteIfExists(raw);
        try (BufferedWriter w = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
            Timer timer = new Timer(s.repetitions(), size, w);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            CoreRecord floor = timer.best(FLOOR, List.of("cat", file.toString()));
            CoreRecord core = timer.best(
                    CORE,
                    List.of(
                            java,
                            "-Xmx" + s.xmx(),
                            "-cp",
                            cp,
                            BenchWorker.class.getName(),
                            "core",
                            input.toString(),
                            s.dir().resolve("out").toString()));
            CoreRecord spec = s.job() == null
                    ? null
                    : timer.best(
                            SPEC,
                            List.of(
                                    java,
                                    "-Xmx" + s.xmx(),
                                    "-cp",
                                    cp,
                                    BenchWorker.class.getName(),
                                    "core",
                                    input.toString(),
                                    s.dir().resolve("out-spec").toString(),
                                    s.job().toAbsolutePath().toString()));
            CoreRecord duck = s.skipDuckdb()
                    ? null
                    : timer.best(
                            DUCKDB, List.of(java, "-cp", cp, BenchWorker.class.getName(), "duckdb", file.toString()));
            long duckMs = duck == null ? -1 : duck.wallMs();
            out.printf(Locale.ROOT, "%-28s %10s %10s %8s  %s%n", "contender", "wall ms", "MB/s", "vs duckdb", "notes");
            print(out, "floor: cat file > /dev/null", floor, mb, duckMs);
            print(out, "twinrun core (-Xmx" + s.xmx() + ")", core, mb, duckMs);
            if (spec != null) {
                print(out, "twinrun job " + s.job().getFileName(), spec, mb, duckMs);
            }
            if (duck != null) {
                print(out, "duckdb read_csv + group by", duck, mb, duckMs);
            }
            if (spec != null) {
                printSpecRatio(out, core, spec, mb);
            }
        }
        out.printf(Locale.ROOT, "raw records: %s%n", raw);
        return raw;
    }

    private static void print(PrintStream out, String name, CoreRecord r, double mb, long duckMs) {
        long ms = r.wallMs();
        out.printf(
                Locale.ROOT,
                "%-28s %10d %10.1f %8s  %s%n",
                name,
                ms,
                mb / (ms / 1000.0),
                duckMs > 0 ? String.format(Locale.ROOT, "%.2fx", duckMs / (double) ms) : "-",
                r.notes());
    }

    /** The job spec's speed beside the built-in's: wall and CPU based (CPU is the fair one on a loaded machine). */
    private static void printSpecRatio(PrintStream out, CoreRecord core, CoreRecord spec, double mb) {
        out.printf(
                Locale.ROOT,
                "job spec vs built-in, wall: %.1f vs %.1f MB/s (built-in %.2fx the spec's speed)%n",
                mb / (spec.wallMs() / 1000.0),
                mb / (core.wallMs() / 1000.0),
                spec.wallMs() / (double) core.wallMs());
        long coreCpu = cpuMs(core.notes());
        long specCpu = cpuMs(spec.notes());
        if (coreCpu > 0 && specCpu > 0) {
            out.printf(
                    Locale.ROOT,
                    "job spec vs built-in, CPU: %.1f vs %.1f MB per CPU-second (built-in %.2fx the spec's speed;"
                            + " load average %s)%n",
                    mb / (specCpu / 1000.0),
                    mb / (coreCpu / 1000.0),
                    specCpu / (double) coreCpu,
                    loadAverage());
        }
    }

    /** The {@code cpu_ms=} figure of a worker's notes line, or -1. */
    static long cpuMs(String notes) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("cpu_ms=(\\d+)").matcher(notes);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
    }

    /** Times processes, writing a record for each; keeps the best of the repetitions. */
    private record Timer(int repetitions, long inputBytes, BufferedWriter raw) {
        CoreRecord best(String contender, List<String> cmd) throws IOException, InterruptedException {
            CoreRecord best = null;
            for (int i = 1; i <= Math.max(1, repetitions); i++) {
                CoreRecord r = time(contender, i, cmd);
                raw.write(JSON.writeValueAsString(r));
                raw.write('\n');
                raw.flush();
                if (best == null || r.wallMs() < best.wallMs()) {
                    best = r;
                }
            }
            return best;
        }

        private CoreRecord time(String contender, int repetition, List<String> cmd)
                throws IOException, InterruptedException {
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
            boolean floor = contender.equals(FLOOR);
            if (floor) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD); // the floor: cat file > /dev/null
            }
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (rc != 0) {
                String tail = output.length() > 2000 ? output.substring(output.length() - 2000) : output;
                throw new IOException("benchmark step failed (exit " + rc + "): " + contender + "\n" + tail);
            }
            String[] lines = output.strip().split("\n");
            return new CoreRecord(contender, repetition, ms, inputBytes, floor ? "" : lines[lines.length - 1]);
        }
    }
}

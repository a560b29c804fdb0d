package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.measure.Bucket;
import dev.twinrun.benchmarks.measure.Ec2Variant;
import dev.twinrun.benchmarks.measure.QuietLogging;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code twinrun bench ec2}: what one cron tick of the EC2 runner costs. Each tick is a fresh
 * {@code java -jar twinrun-ec2.jar run-due --now ...} under {@code /usr/bin/time}, as cron or the systemd timer starts
 * it, with the heap a 1 GiB t3.micro gives ({@code -Xmx614m}, 2 processors), against the in-process S3 server: a busy
 * tick (the generated hour is due: its outputs are deleted first) and an idle tick (nothing due), back to back round
 * after round for each launch: each JDK of {@code javaHomes}, plain, with {@code appcds} an AppCDS archive of the
 * runner's classes (one training tick first), with {@code aot} on Java 25+ an AOT cache (JEP 483/514) trained as
 * {@code install.sh} trains it (one {@code run-due} tick with {@code -XX:AOTCacheOutput}).
 *
 * <p>Raw records: the stats module's {@link InvocationRecord}, one JSON line per tick in {@code out/raw.jsonl}, written
 * as measured: {@code platform ec2}, {@code phase cold} (every tick is a new JVM), {@code variant} {@code ec2-tick-busy}
 * or {@code ec2-tick-idle}, then {@code -appcds} or {@code -aot}, then {@code -javaNN} when several JDKs run,
 * {@code wallMs} measured around the process, {@code cpuMs}
 * user + system and {@code maxMemoryUsedMb} the peak RSS from {@code /usr/bin/time} (without it: CPU unknown, peak RSS
 * from the runner's {@code VmHWM}), rows and bytes of the hour from the runner's log. The runner's own splits (JVM
 * start to exit, JVM start to the first row, the job's duration) have no field there: they are printed per tick and
 * stay in each tick's log under {@code out/ticks/}.
 */
public final class Ec2Bench {
    public static final String BUCKET = "twinrun-bench";
    public static final HourId HOUR = HourId.parse("2026-11-22T09");
    /** The tick's clock: ten past the hour after {@link #HOUR}. */
    public static final String NOW = "2026-11-22T10:05:00Z";

    public static final String RAW = "raw.jsonl";
    public static final String BUSY = "ec2-tick-busy";
    public static final String IDLE = "ec2-tick-idle";
    public static final String IDLE_APPCDS = IDLE + "-appcds";
    public static final String IDLE_AOT = IDLE + "-aot";
    /** The AOT cache's training command {@code install.sh} runs: a {@code run-due} tick (here a busy one). */
    public static final String AOT_TRAINING_RUN_DUE = "run-due";
    /** The other training command: {@code status} (the S3 reads of an idle tick, no lock, nothing written). */
    public static final String AOT_TRAINING_STATUS = "status";
    /** In {@code jvmOptions}: no options added. */
    public static final String DEFAULT_OPTIONS = "default";

    /**
     * The unit's flags (serial GC, C1 only) on a t3.micro (2 vCPUs and 1 GiB): the heap as the unit's
     * MaxRAMPercentage=60 would give it there.
     */
    public static final List<String> JVM =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx614m", "-XX:ActiveProcessorCount=2");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final String REGION = "us-east-1";

    private Ec2Bench() {}

    /** The benchmark's settings ({@code twinrun bench ec2}'s options). */
    public record Settings(
            Path jar,
            long sizeBytes,
            int files,
            long seed,
            double badRows,
            int runs,
            boolean appcds,
            boolean aot,
            String aotTraining,
            List<Path> javaHomes,
            List<String> jvmOptions,
            Path out) {
        public Settings {
            requireNonNull(jar, "jar");
            requireNonNull(out, "out");
            if (runs < 1 || files < 1) {
                throw new IllegalArgumentException("need runs >= 1 and files >= 1");
            }
            aotTraining = aotTraining == null ? AOT_TRAINING_RUN_DUE : aotTraining;
            if (!aotTraining.equals(AOT_TRAINING_STATUS) && !aotTraining.equals(AOT_TRAINING_RUN_DUE)) {
                throw new IllegalArgumentException("aotTraining must be status or run-due, was " + aotTraining);
            }
            javaHomes = javaHomes == null || javaHomes.isEmpty()
                    ? List.of(Path.of(System.getProperty("java.home")))
                    : List.copyOf(javaHomes);
            jvmOptions = jvmOptions == null || jvmOptions.isEmpty()
                    ? List.of("")
                    : jvmOptions.stream()
                            .map(o -> o.strip().equals(DEFAULT_OPTIONS) ? "" : o.strip())
                            .distinct()
                            .toList();
        }

        public Settings(
                Path jar,
                long sizeBytes,
                int files,
                long seed,
                double badRows,
                int runs,
                boolean appcds,
                boolean aot,
                String aotTraining,
                List<Path> javaHomes,
                Path out) {
            this(jar, sizeBytes, files, seed, badRows, runs, appcds, aot, aotTraining, javaHomes, List.of(), out);
        }

        /** The settings of earlier versions: this JVM's java, no AOT cache. */
        public Settings(
                Path jar, long sizeBytes, int files, long seed, double badRows, int runs, boolean appcds, Path out) {
            this(jar, sizeBytes, files, seed, badRows, runs, appcds, false, null, List.of(), List.of(), out);
        }
    }

    /**
     * How one kind of tick starts its JVM: the java home, and the class-data archive it uses.
     *
     * @param javaHome the JDK (or JRE) whose {@code bin/java} runs the tick
     * @param major    its feature version, from its {@code release} file
     * @param archive  {@code ""} none, {@code "appcds"} an AppCDS archive, {@code "aot"} a Java 25 AOT cache
     * @param options  JVM options added after {@link #JVM} (and given to the archive's training run too), {@code ""}
     *                 none
     */
    public record Launch(Path javaHome, int major, String archive, String options) {
        public Launch(Path javaHome, int major, String archive) {
            this(javaHome, major, archive, "");
        }

        Path java() {
            return javaHome.resolve("bin").resolve("java");
        }

        /** {@link #JVM} and the launch's options. */
        List<String> jvm() {
            List<String> jvm = new ArrayList<>(JVM);
            if (!options.isBlank()) {
                jvm.addAll(List.of(options.strip().split("\\s+")));
            }
            return jvm;
        }

        /**
         * The variant's suffix: {@code -appcds} or {@code -aot}, then {@code -javaNN} unless only one JDK is run,
         * then the options, if any, after a space.
         */
        String suffix(boolean oneJdk) {
            return (archive.isEmpty() ? "" : "-" + archive)
                    + (oneJdk ? "" : "-java" + major)
                    + (options.isBlank() ? "" : " " + options.strip());
        }
    }

    /**
     * One tick as measured: its raw record and the runner's own figures (-1 when absent).
     *
     * @param wallMsJvm            JVM start to exit, from the runner's last log line
     * @param jvmStartToFirstRowMs JVM start to the first byte of input read by the parser
     * @param jobDurationMs        the core's duration of the hour (0 when no hour ran)
     * @param cpuUserMs            user CPU from {@code /usr/bin/time}
     * @param cpuSysMs             system CPU from {@code /usr/bin/time}
     * @param hoursProcessed       hours the tick ran
     */
    public record Tick(
            String jvm,
            InvocationRecord record,
            long wallMsJvm,
            long jvmStartToFirstRowMs,
            long jobDurationMs,
            long cpuUserMs,
            long cpuSysMs,
            int hoursProcessed,
            double loadAverage) {}

    /** What the benchmark measured. */
    public record Result(long inputBytes, List<Tick> ticks, Path rawFile) {}

    /** Runs the benchmark, printing every tick and then the table to {@code out}. */
    public static Result run(Settings s, PrintStream out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(s.jar())) {
            throw new IOException("no runner jar at " + s.jar() + " (./mvnw -pl ec2-adapter -am package)");
        }
        QuietLogging.apply();
        Path raw = s.out().resolve(RAW);
        Path dir = Files.createDirectories(s.out().resolve("ticks"));
        Files.deleteIfExists(raw);
        List<Tick> ticks = new ArrayList<>();
        long inputBytes;
        try (EmbeddedS3 s3 = EmbeddedS3.start().createBucket(BUCKET)) {
            Bucket bucket = new Bucket(s3.endpoint(), s3.client(), BUCKET, EmbeddedS3.ACCESS_KEY, REGION);
            new EventGenerator(s.seed(), s.badRows())
                    .writeHour(
                            Stores.openS3("s3://" + BUCKET + "/" + Bucket.INPUT_PREFIX, s3.client()),
                            HOUR,
                            s.sizeBytes(),
                            s.files());
            inputBytes =
                    s3
                            .client()
                            .listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(Bucket.INPUT_PREFIX))
                            .contents()
                            .stream()
                            .mapToLong(S3Object::size)
                            .sum();
            out.printf(
                    Locale.ROOT,
                    "jar %s: %,d bytes; hour %s: %d file(s), %,d bytes; tick at %s; JVM %s; %s%n",
                    s.jar(),
                    Files.size(s.jar()),
                    HOUR,
                    s.files(),
                    inputBytes,
                    NOW,
                    String.join(" ", JVM),
                    Files.isExecutable(TIME)
                            ? "CPU and peak RSS by /usr/bin/time"
                            : "no /usr/bin/time: CPU unknown, peak RSS from the runner's VmHWM");
            Runner runner = new Runner(s.jar(), dir, bucket.jobEnvironment("", "ec2"), raw, out);
            boolean oneJdk = s.javaHomes().size() == 1;
            // Every kind of launch, its archive made first by a training run; then round after round, each launch's
            // busy tick and idle tick back to back, so that their ratios are of runs made under the same load.
            Map<Launch, List<String>> launches = new LinkedHashMap<>();
            for (Path home : s.javaHomes()) {
                int major = LambdaBench.Jvm.major(home);
                for (String opts : s.jvmOptions()) {
                    Launch plain = new Launch(home, major, "", opts);
                    launches.put(plain, plain.jvm());
                    // Every training run starts with the hour due (no outputs), as the first one does: otherwise
                    // a run-due training after the first would be an idle tick.
                    if (s.appcds()) {
                        Launch cds = new Launch(home, major, "appcds", opts);
                        deleteOutputs(s3);
                        launches.put(cds, runner.trainAppCds(cds));
                    }
                    if (s.aot() && major >= 25) {
                        Launch aot = new Launch(home, major, "aot", opts);
                        deleteOutputs(s3);
                        launches.put(aot, runner.trainAot(aot, s.aotTraining()));
                    }
                }
                if (s.aot()) {
                    if (major < 25) {
                        out.printf(
                                Locale.ROOT,
                                "--aot: skipped for %s (java %d): the AOT cache's one-step training "
                                        + "(-XX:AOTCacheOutput) needs Java 25+%n",
                                home,
                                major);
                    }
                }
            }
            for (int i = 1; i <= s.runs(); i++) {
                for (Map.Entry<Launch, List<String>> l : launches.entrySet()) {
                    String suffix = l.getKey().suffix(oneJdk);
                    deleteOutputs(s3);
                    ticks.add(runner.tick(l.getKey(), BUSY + suffix, i, l.getValue(), 1));
                    ticks.add(runner.tick(l.getKey(), IDLE + suffix, i, l.getValue(), 0));
                }
            }
        }
        out.println();
        out.print(table(ticks));
        out.println("raw records: " + raw);
        return new Result(inputBytes, ticks, raw);
    }

    private static void deleteOutputs(EmbeddedS3 s3) {
        for (S3Object o :
                s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            if (!o.key().startsWith(Bucket.INPUT_PREFIX)) {
                s3.client().deleteObject(b -> b.bucket(BUCKET).key(o.key()));
            }
        }
    }

    /** A variant as a file name: its options' characters other than letters, digits, '.', '_' and '-' as '_'. */
    static String fileName(String variant) {
        return variant.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String fileSuffix(Launch launch) {
        return launch.options().isBlank() ? "" : "-" + fileName(launch.options().strip());
    }

    /** Starts and measures ticks of the runner jar. */
    private record Runner(Path jar, Path dir, Map<String, String> jobEnv, Path raw, PrintStream out) {
        /**
         * An AppCDS archive of the runner's classes: one idle tick with {@code -XX:ArchiveClassesAtExit}. On the
         * instance, {@code install.sh} has Java 19+ make it with {@code -XX:+AutoCreateSharedArchive}.
         */
        List<String> trainAppCds(Launch launch) throws IOException, InterruptedException {
            String name = "java" + launch.major() + fileSuffix(launch);
            Path jsa = dir.resolve("twinrun-ec2-" + name + ".jsa");
            Files.deleteIfExists(jsa);
            List<String> train = launch.jvm();
            train.add("-XX:ArchiveClassesAtExit=" + jsa);
            training(launch.javaHome(), train, "appcds-training-" + name, List.of("run-due", "--now", NOW), jsa);
            List<String> cds = launch.jvm();
            cds.add("-XX:SharedArchiveFile=" + jsa);
            return cds;
        }

        /**
         * A Java 25 AOT cache (JEP 483, one-step training of JEP 514): one run of the runner's {@code command} with
         * {@code -XX:AOTCacheOutput}; a {@code run-due} tick is how {@code install.sh} makes it (here the generated
         * hour is due then: a busy tick).
         */
        List<String> trainAot(Launch launch, String command) throws IOException, InterruptedException {
            String name = "java" + launch.major() + fileSuffix(launch);
            Path aot = dir.resolve("twinrun-ec2-" + name + ".aot");
            Files.deleteIfExists(aot);
            List<String> train = launch.jvm();
            train.add("-XX:AOTCacheOutput=" + aot);
            training(launch.javaHome(), train, "aot-training-" + name, List.of(command, "--now", NOW), aot);
            List<String> cached = launch.jvm();
            cached.add("-XX:AOTCache=" + aot);
            return cached;
        }

        private void training(Path home, List<String> jvm, String name, List<String> command, Path archive)
                throws IOException, InterruptedException {
            Files.deleteIfExists(dir.resolve(name + ".log"));
            long t0 = System.nanoTime();
            Process p = start(home.resolve("bin").resolve("java"), jvm, dir.resolve(name), List.of(), command);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            if (!Files.isRegularFile(archive)) {
                throw new IOException("the training run made no " + archive + "; see " + dir.resolve(name + ".out"));
            }
            int hours = -1;
            Path log = dir.resolve(name + ".log");
            if (Files.exists(log)) {
                for (JsonNode n : Ec2Variant.jsonLines(log)) {
                    if (n.has("exitCode") && n.has("hoursProcessed") && !n.has("_aws")) {
                        hours = n.path("hoursProcessed").asInt(-1);
                    }
                }
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %s, %,d bytes, in %,.0f ms (%s; hours processed %s)%n",
                    name,
                    archive.getFileName(),
                    Files.size(archive),
                    (System.nanoTime() - t0) / 1e6,
                    String.join(" ", command),
                    hours < 0 ? "?" : Integer.toString(hours));
        }

        Process start(Path java, List<String> jvm, Path name, List<String> prefix, List<String> command)
                throws IOException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.add(java.toString());
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", jar.toString()));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of(name + ".out").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("TWINRUN_") || k.startsWith("AWS_"));
            env.putAll(jobEnv);
            env.put(
                    "TWINRUN_CONFIG",
                    Files.writeString(
                                    dir.resolve("twinrun.env"),
                                    "# written by twinrun bench ec2; the environment sets the job\n")
                            .toString());
            env.put("TWINRUN_LOCK_FILE", dir.resolve("runner.lock").toString());
            env.put("TWINRUN_LOG_FILE", name + ".log");
            env.put("TWINRUN_STATE_FILE", name + ".state.json");
            return pb.start();
        }

        Tick tick(Launch launch, String variant, int run, List<String> jvm, int expectedHours)
                throws IOException, InterruptedException {
            Path name = dir.resolve(fileName(variant) + "-" + run);
            Path timeFile = Path.of(name + ".time");
            Files.deleteIfExists(Path.of(name + ".log"));
            boolean useTime = Files.isExecutable(TIME);
            List<String> prefix =
                    useTime ? List.of(TIME.toString(), "-o", timeFile.toString(), "-f", "%e %M %U %S") : List.of();
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long t0 = System.nanoTime();
            Process p = start(launch.java(), jvm, name, prefix, List.of("run-due", "--now", NOW));
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            double wallMs = (System.nanoTime() - t0) / 1e6;
            int exit = p.isAlive() ? -1 : p.exitValue();
            long user = -1;
            long sys = -1;
            Long peakKb = null;
            if (useTime && Files.exists(timeFile)) {
                String[] lines = Files.readString(timeFile).strip().split("\\R");
                String[] t = lines[lines.length - 1].strip().split("\\s+");
                peakKb = Long.parseLong(t[1]);
                user = Math.round(Double.parseDouble(t[2]) * 1000);
                sys = Math.round(Double.parseDouble(t[3]) * 1000);
            }
            JsonNode fin = null;
            JsonNode hour = null;
            for (JsonNode n : Ec2Variant.jsonLines(Path.of(name + ".log"))) {
                if (n.has("exitCode") && n.has("hoursProcessed") && !n.has("_aws")) {
                    fin = n;
                }
                if (n.has("rowsRead") && n.has("outcome") && !n.has("_aws")) {
                    hour = n;
                }
            }
            int hours = fin == null ? -1 : fin.path("hoursProcessed").asInt(-1);
            if (peakKb == null && fin != null && fin.has("peakRssKb")) {
                peakKb = fin.path("peakRssKb").asLong();
            }
            boolean failed = exit != 0 || hours != expectedHours;
            InvocationRecord rec = new InvocationRecord(
                    Platform.EC2,
                    Phase.COLD,
                    wallMs,
                    user < 0 ? null : (double) (user + sys),
                    null,
                    null,
                    null,
                    peakKb == null ? null : (int) ((peakKb + 1023) / 1024),
                    hour == null ? 0L : hour.path("rowsRead").asLong(),
                    hour == null ? 0L : hour.path("bytesRead").asLong(),
                    failed,
                    variant,
                    null,
                    null,
                    fin == null ? null : fin.path("runId").asText(null),
                    null);
            RawRecords.append(raw, List.of(rec));
            Tick tick = new Tick(
                    "java " + launch.major() + (launch.archive().isEmpty() ? "" : ", " + launch.archive())
                            + (launch.options().isBlank()
                                    ? ""
                                    : ", " + launch.options().strip()),
                    rec,
                    fin == null ? -1 : fin.path("wallMs").asLong(-1),
                    fin == null ? -1 : fin.path("jvmStartToFirstRowMs").asLong(-1),
                    hour == null ? 0 : hour.path("durationMs").asLong(0),
                    user,
                    sys,
                    hours,
                    load);
            out.printf(
                    Locale.ROOT,
                    "%s %d: wall %.0f ms (JVM start to exit %d), first row %s, job %d ms, CPU %s, "
                            + "peak RSS %s MB, rows %,d, hours processed %d, exit %d, load %.1f%s%n",
                    variant,
                    run,
                    wallMs,
                    tick.wallMsJvm(),
                    tick.jvmStartToFirstRowMs() < 0 ? "-" : tick.jvmStartToFirstRowMs() + " ms",
                    tick.jobDurationMs(),
                    user < 0 ? "unknown" : user + " + " + sys + " ms",
                    rec.maxMemoryUsedMb() == null ? "?" : rec.maxMemoryUsedMb(),
                    rec.rowsRead(),
                    hours,
                    exit,
                    load,
                    failed
                            ? "  FAILED (expected " + expectedHours + " hour(s) processed; see " + name + ".out/.log)"
                            : "");
            return tick;
        }
    }

    /** A Markdown table, median [min-max] per tick kind, of the ticks that did not fail. */
    public static String table(List<Tick> ticks) {
        StringBuilder b = new StringBuilder();
        b.append("| tick | JVM | runs | wall ms | JVM start to exit ms | JVM start to first row ms | job ms "
                + "| CPU user + sys ms | peak RSS MB |\n");
        b.append("|---|---|---:|---|---|---|---|---|---|\n");
        ticks.stream().map(t -> t.record().variant()).distinct().forEach(v -> {
            List<Tick> ts = ticks.stream()
                    .filter(t -> t.record().variant().equals(v) && !t.record().failed())
                    .toList();
            if (ts.isEmpty()) {
                b.append("| ").append(v).append(" | | 0 | failed | | | | | |\n");
                return;
            }
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                    v,
                    ts.get(0).jvm(),
                    ts.size(),
                    range(ts, t -> t.record().wallMs()),
                    range(ts, Tick::wallMsJvm),
                    ts.get(0).jvmStartToFirstRowMs() < 0 ? "(no row read)" : range(ts, Tick::jvmStartToFirstRowMs),
                    ts.get(0).hoursProcessed() == 0 ? "-" : range(ts, Tick::jobDurationMs),
                    ts.get(0).cpuUserMs() < 0
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.0f + %.0f",
                                    median(ts, Tick::cpuUserMs),
                                    median(ts, Tick::cpuSysMs)),
                    ts.get(0).record().maxMemoryUsedMb() == null
                            ? "-"
                            : range(ts, t -> t.record().maxMemoryUsedMb())));
        });
        return b.toString();
    }

    private static String range(List<Tick> ts, ToDoubleFunction<Tick> f) {
        double[] v = ts.stream().mapToDouble(f).sorted().toArray();
        return String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", median(ts, f), v[0], v[v.length - 1]);
    }

    private static double median(List<Tick> ts, ToDoubleFunction<Tick> f) {
        double[] v = ts.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}

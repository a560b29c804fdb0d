package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.measure.Bucket;
import dev.twinrun.benchmarks.measure.LambdaVariant;
import dev.twinrun.benchmarks.measure.QuietLogging;
import dev.twinrun.benchmarks.measure.S3Events;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.lambda.Phase;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code twinrun bench lambda}: the deployment zip's S3 handler in the forked Lambda runtime ({@link ForkedLambda})
 * against the in-process S3 server, on one generated hour: for each memory size, {@code cold} invocations each in a
 * new execution environment, then {@code warm} ones in the last environment, as on Lambda. The hour's manifest is
 * deleted before every invocation so each one processes the whole hour.
 *
 * <p>Raw records: the stats module's {@link InvocationRecord} ({@code platform lambda}, the REPORT line's figures,
 * rows and bytes from the handler's answer), one JSON line per invocation in {@code out/raw.jsonl}, written as
 * measured, before the table; {@code twinrun report stats} reads them. The machine's load average is printed per
 * invocation, not recorded (the schema has no field for it).
 */
public final class LambdaBench {
    public static final String BUCKET = "twinrun-bench";
    public static final HourId HOUR = HourId.parse("2026-11-26T13");
    public static final String RAW = "raw.jsonl";
    private static final String REGION = "us-east-1";
    /** The init's CPU of each cold record this run measured (the stats schema has no field for it). */
    private static final Map<InvocationRecord, Double> INIT_CPU_MS =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private LambdaBench() {}

    /** The benchmark's settings ({@code twinrun bench lambda}'s options). */
    public record Settings(
            Path zip,
            List<Integer> memoryMbs,
            long sizeBytes,
            int files,
            long seed,
            double badRows,
            int cold,
            int warm,
            Path out,
            List<Path> javaHomes,
            List<String> toolOptions,
            int addedDependencyMb,
            boolean addedDependencyLoaded) {
        public Settings {
            requireNonNull(zip, "zip");
            requireNonNull(out, "out");
            memoryMbs = List.copyOf(memoryMbs);
            javaHomes = javaHomes == null || javaHomes.isEmpty()
                    ? List.of(Path.of(System.getProperty("java.home")))
                    : List.copyOf(javaHomes);
            toolOptions = toolOptions == null || toolOptions.isEmpty() ? List.of("") : List.copyOf(toolOptions);
            if (memoryMbs.isEmpty() || cold < 1 || warm < 0 || files < 1) {
                throw new IllegalArgumentException("need a memory size, cold >= 1, warm >= 0 and files >= 1");
            }
            if (addedDependencyMb < 0 || (addedDependencyLoaded && addedDependencyMb == 0)) {
                throw new IllegalArgumentException(
                        "--added-dependency-mb must be >= 1 (0: off), and is needed by --added-dependency-loaded");
            }
        }

        /** Several JVMs or option sets, no dependency added. */
        public Settings(
                Path zip,
                List<Integer> memoryMbs,
                long sizeBytes,
                int files,
                long seed,
                double badRows,
                int cold,
                int warm,
                Path out,
                List<Path> javaHomes,
                List<String> toolOptions) {
            this(zip, memoryMbs, sizeBytes, files, seed, badRows, cold, warm, out, javaHomes, toolOptions, 0, false);
        }

        /** One JVM and one option set, as before this benchmark compared several. */
        public Settings(
                Path zip,
                List<Integer> memoryMbs,
                long sizeBytes,
                int files,
                long seed,
                double badRows,
                int cold,
                int warm,
                Path out) {
            this(zip, memoryMbs, sizeBytes, files, seed, badRows, cold, warm, out, List.of(), List.of());
        }

        /** Every JVM with every option set: the configurations one run compares. */
        public List<Jvm> jvms() {
            List<Jvm> jvms = new ArrayList<>();
            for (Path home : javaHomes) {
                for (String options : toolOptions) {
                    jvms.add(new Jvm(home, options.strip()));
                }
            }
            return jvms;
        }
    }

    /**
     * The runtime's JVM: its home and the function's {@code JAVA_TOOL_OPTIONS} (empty: the managed runtime's defaults,
     * C1 only).
     */
    public record Jvm(Path javaHome, String toolOptions) {
        public Path java() {
            return javaHome.resolve("bin").resolve("java");
        }

        /** e.g. {@code java 17.0.15, C1 (default)} or {@code java 25.0.3, -XX:TieredStopAtLevel=4}. */
        public String label() {
            return "java " + version(javaHome) + ", " + (toolOptions.isEmpty() ? "C1 (default)" : toolOptions);
        }

        /** The feature version of the JDK at {@code javaHome} (17 for {@code 17.0.15}), 0 when its release file says none. */
        static int major(Path javaHome) {
            String v = version(javaHome);
            int end = 0;
            while (end < v.length() && Character.isDigit(v.charAt(end))) {
                end++;
            }
            return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
        }

        static String version(Path javaHome) {
            try {
                for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    }
                }
            } catch (IOException e) {
                // fall through: the folder's name is the label
            }
            return javaHome.getFileName().toString();
        }
    }

    /**
     * A zip the run measures: the function's own ({@code padding} null) or one with {@link PaddedZip#JAR} added,
     * whose classes INIT does not load or, with {@code loaded}, loads through {@link PaddedZip#LOAD_OPTION}.
     */
    public record Dependency(
            Path zip, String label, PaddedZip.Padding padding, boolean loaded, long zipBytes, long unzippedBytes) {}

    /** One function the run starts: a zip on a JVM. */
    record Config(Dependency dependency, Jvm jvm) {
        String toolOptions() {
            return dependency.loaded() ? (jvm.toolOptions() + " " + PaddedZip.LOAD_OPTION).strip() : jvm.toolOptions();
        }

        String label() {
            return jvm.label() + (dependency.label().isEmpty() ? "" : ", " + dependency.label());
        }
    }

    /**
     * What the added jar cost at one memory size on one JVM, from rounds measured back to back (base, padded, base,
     * ...): the zip's and the unzipped sizes, and per MB (2^20 bytes) of the jar the INIT delta and the cold-excess
     * delta, each the median of the rounds' differences with their minimum and maximum.
     */
    public record DependencyCost(
            int memoryMb,
            String jvm,
            boolean loaded,
            long baseZipBytes,
            long paddedZipBytes,
            long baseUnzippedBytes,
            long paddedUnzippedBytes,
            long jarBytes,
            int classes,
            long classBytes,
            int rounds,
            double baseInitMs,
            double paddedInitMs,
            Spread initMsPerMb,
            Spread coldExcessMsPerMb) {

        /** The jar's size in MB (2^20 bytes). */
        public double addedMb() {
            return jarBytes / (double) (1L << 20);
        }

        /** Zip bytes added per MB of the jar. */
        public double zipMbPerMb() {
            return (paddedZipBytes - baseZipBytes) / (double) jarBytes;
        }

        static DependencyCost of(
                int memoryMb,
                Jvm jvm,
                Dependency base,
                Dependency padded,
                List<InvocationRecord> baseCold,
                List<InvocationRecord> baseWarm,
                List<InvocationRecord> paddedCold,
                List<InvocationRecord> paddedWarm) {
            double mb = padded.padding().jarBytes() / (double) (1L << 20);
            List<InvocationRecord> bw =
                    baseWarm.stream().filter(r -> !r.failed()).toList();
            List<InvocationRecord> pw =
                    paddedWarm.stream().filter(r -> !r.failed()).toList();
            double warmDelta = bw.isEmpty() || pw.isEmpty()
                    ? 0
                    : median(pw, InvocationRecord::wallMs) - median(bw, InvocationRecord::wallMs);
            List<Double> init = new ArrayList<>();
            List<Double> excess = new ArrayList<>();
            List<InvocationRecord> bc = new ArrayList<>();
            List<InvocationRecord> pc = new ArrayList<>();
            for (int c = 0; c < Math.min(baseCold.size(), paddedCold.size()); c++) {
                InvocationRecord b = baseCold.get(c);
                InvocationRecord p = paddedCold.get(c);
                if (b.failed() || p.failed() || b.initMs() == null || p.initMs() == null) {
                    continue;
                }
                bc.add(b);
                pc.add(p);
                init.add((p.initMs() - b.initMs()) / mb);
                excess.add(((p.initMs() + p.wallMs()) - (b.initMs() + b.wallMs()) - warmDelta) / mb);
            }
            return new DependencyCost(
                    memoryMb,
                    jvm.label(),
                    padded.loaded(),
                    base.zipBytes(),
                    padded.zipBytes(),
                    base.unzippedBytes(),
                    padded.unzippedBytes(),
                    padded.padding().jarBytes(),
                    padded.padding().classes(),
                    padded.padding().classBytes(),
                    init.size(),
                    bc.isEmpty() ? Double.NaN : median(bc, InvocationRecord::initMs),
                    pc.isEmpty() ? Double.NaN : median(pc, InvocationRecord::initMs),
                    Spread.of(init),
                    Spread.of(excess));
        }
    }

    /** Median, minimum and maximum of some figures (NaN when there are none). */
    public record Spread(double median, double min, double max) {
        static Spread of(List<Double> values) {
            double[] v =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN);
            }
            double m = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Spread(m, v[0], v[v.length - 1]);
        }

        String text() {
            return String.format(Locale.ROOT, "%+.1f (%+.1f to %+.1f)", median, min, max);
        }
    }

    /** The file {@code --added-dependency-mb} writes into the output folder. */
    public static final String DEPENDENCY_RESULT = "dependency.json";

    /** The zips the run measures: the function's, then with {@code --added-dependency-mb} the padded one(s). */
    static List<Dependency> dependencies(Settings s, PrintStream out) throws IOException {
        List<Dependency> ds = new ArrayList<>();
        ds.add(new Dependency(s.zip(), "", null, false, Files.size(s.zip()), PaddedZip.unzippedBytes(s.zip())));
        if (s.addedDependencyMb() == 0) {
            return ds;
        }
        Path zip = Files.createDirectories(s.out().resolve("work"))
                .resolve("twinrun-lambda-plus-" + s.addedDependencyMb() + "mb.zip");
        PaddedZip.Padding p = PaddedZip.write(s.zip(), zip, s.addedDependencyMb() * (1L << 20), s.seed());
        long zipBytes = Files.size(zip);
        long unzipped = PaddedZip.unzippedBytes(zip);
        out.printf(
                Locale.ROOT,
                "added dependency: %s with %s: %,d bytes (%,d generated classes, %,d bytes of class files); zip %,d"
                        + " bytes (%,d unzipped) against %,d (%,d unzipped)%n",
                zip,
                PaddedZip.JAR,
                p.jarBytes(),
                p.classes(),
                p.classBytes(),
                zipBytes,
                unzipped,
                ds.get(0).zipBytes(),
                ds.get(0).unzippedBytes());
        String mb = "+" + s.addedDependencyMb() + " MB dependency";
        ds.add(new Dependency(zip, mb + " not loaded", p, false, zipBytes, unzipped));
        if (s.addedDependencyLoaded()) {
            ds.add(new Dependency(zip, mb + " loaded at INIT", p, true, zipBytes, unzipped));
        }
        return ds;
    }

    /** The added dependency's cost per memory size, JVM and whether INIT loads its classes. */
    public static String dependencyTable(List<DependencyCost> costs) {
        StringBuilder b = new StringBuilder();
        b.append("Added dependency: one more jar in lib/ of generated classes. \"not loaded\": on the classpath, opened"
                + " by the runtime, no class of it loaded by INIT (the cost of carrying a dependency); \"loaded\":"
                + " every class of it loaded, linked and initialized before the runtime's main ("
                + PaddedZip.LOAD_OPTION
                + "). Per MB = per 2^20 bytes of the jar; deltas are the median of the rounds' padded - base"
                + " differences (min to max).\n");
        b.append("| memory | variant | INIT loads it | jar MB | zip bytes base -> padded (MB per MB added)"
                + " | unzipped bytes base -> padded | rounds | INIT ms base -> padded (median)"
                + " | INIT delta ms per MB | cold excess delta ms per MB |\n");
        b.append("|---:|---|---|---:|---|---|---:|---|---:|---:|\n");
        for (DependencyCost c : costs) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %s | %.2f | %,d -> %,d (%.3f) | %,d -> %,d | %d | %.0f -> %.0f | %s | %s |%n",
                    c.memoryMb(),
                    c.jvm(),
                    c.loaded() ? "yes" : "no",
                    c.addedMb(),
                    c.baseZipBytes(),
                    c.paddedZipBytes(),
                    c.zipMbPerMb(),
                    c.baseUnzippedBytes(),
                    c.paddedUnzippedBytes(),
                    c.rounds(),
                    c.baseInitMs(),
                    c.paddedInitMs(),
                    c.initMsPerMb().text(),
                    c.coldExcessMsPerMb().text()));
        }
        return b.toString();
    }

    /** The figures of {@link #dependencyTable} as JSON, with the settings and the machine's load. */
    static String dependencyJson(Settings s, List<DependencyCost> costs, String loadAtStart, String loadAtEnd) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"command\": \"")
                .append(command(s).replace("\"", "\\\""))
                .append('"');
        b.append(",\n  \"addedDependencyMb\": ").append(s.addedDependencyMb());
        b.append(",\n  \"sizeBytes\": ").append(s.sizeBytes());
        b.append(",\n  \"cold\": ").append(s.cold());
        b.append(",\n  \"warm\": ").append(s.warm());
        b.append(",\n  \"loadAverageAtStart\": \"").append(loadAtStart).append('"');
        b.append(",\n  \"loadAverageAtEnd\": \"").append(loadAtEnd).append('"');
        b.append(",\n  \"costs\": [");
        for (int i = 0; i < costs.size(); i++) {
            DependencyCost c = costs.get(i);
            b.append(i == 0 ? "\n" : ",\n")
                    .append(String.format(
                            Locale.ROOT,
                            "    {\"memoryMb\": %d, \"variant\": \"%s\", \"loadedByInit\": %b, \"jarBytes\": %d,"
                                    + " \"classes\": %d, \"baseZipBytes\": %d, \"paddedZipBytes\": %d,"
                                    + " \"baseUnzippedBytes\": %d, \"paddedUnzippedBytes\": %d, \"rounds\": %d,"
                                    + " \"initMsPerMb\": %s, \"coldExcessMsPerMb\": %s}",
                            c.memoryMb(),
                            c.jvm().replace("\"", "\\\""),
                            c.loaded(),
                            c.jarBytes(),
                            c.classes(),
                            c.baseZipBytes(),
                            c.paddedZipBytes(),
                            c.baseUnzippedBytes(),
                            c.paddedUnzippedBytes(),
                            c.rounds(),
                            spreadJson(c.initMsPerMb()),
                            spreadJson(c.coldExcessMsPerMb())));
        }
        b.append("\n  ]\n}\n");
        return b.toString();
    }

    /** The command line that runs {@code s} (sizes in bytes, options at their defaults left out). */
    static String command(Settings s) {
        StringBuilder b = new StringBuilder("./twinrun bench lambda --size ").append(s.sizeBytes());
        if (s.files() != 1) {
            b.append(" --files-per-hour ").append(s.files());
        }
        b.append(" --lambda-memory ")
                .append(String.join(
                        ",", s.memoryMbs().stream().map(String::valueOf).toList()));
        b.append(" --cold ").append(s.cold()).append(" --warm ").append(s.warm());
        if (!s.javaHomes().equals(List.of(Path.of(System.getProperty("java.home"))))) {
            b.append(" --java-home ")
                    .append(String.join(
                            ",", s.javaHomes().stream().map(Path::toString).toList()));
        }
        if (!s.toolOptions().equals(List.of(""))) {
            for (String o : s.toolOptions()) {
                b.append(" --java-tool-options ").append(o.isBlank() ? "default" : "'" + o.strip() + "'");
            }
        }
        if (s.addedDependencyMb() > 0) {
            b.append(" --added-dependency-mb ").append(s.addedDependencyMb());
        }
        if (s.addedDependencyLoaded()) {
            b.append(" --added-dependency-loaded");
        }
        return b.toString();
    }

    private static String spreadJson(Spread s) {
        return Double.isNaN(s.median())
                ? "null"
                : String.format(
                        Locale.ROOT, "{\"median\": %.3f, \"min\": %.3f, \"max\": %.3f}", s.median(), s.min(), s.max());
    }

    /** An entry of the zip, compressed and uncompressed bytes. */
    public record ZipPart(String name, long compressedBytes, long bytes) {}

    /** What the benchmark measured. */
    public record Result(
            long zipBytes,
            List<ZipPart> largestEntries,
            long inputBytes,
            List<InvocationRecord> records,
            Path rawFile,
            List<DependencyCost> dependencyCosts) {}

    /** Runs the benchmark, printing every invocation and then the table to {@code out}. */
    public static Result run(Settings s, PrintStream out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(s.zip())) {
            throw new IOException("no deployment zip at " + s.zip() + " (./mvnw -pl lambda-adapter -am package)");
        }
        QuietLogging.apply();
        long zipBytes = Files.size(s.zip());
        List<ZipPart> largest = largestEntries(s.zip(), 3);
        Path raw = s.out().resolve(RAW);
        Files.createDirectories(s.out());
        Files.deleteIfExists(raw);
        Path store = Files.createTempDirectory("twinrun-bench-lambda-s3");
        List<InvocationRecord> records = new ArrayList<>();
        List<DependencyCost> costs = new ArrayList<>();
        List<Dependency> dependencies = dependencies(s, out);
        String loadAtStart = FanoutBench.loadAverage();
        long inputBytes = 0;
        try (EmbeddedS3 s3 = EmbeddedS3.start(store).createBucket(BUCKET)) {
            Bucket bucket = new Bucket(s3.endpoint(), s3.client(), BUCKET, EmbeddedS3.ACCESS_KEY, REGION);
            S3ObjectStore incoming = Stores.openS3("s3://" + BUCKET + "/" + Bucket.INPUT_PREFIX, s3.client());
            S3ObjectStore root = new S3ObjectStore(s3.client(), BUCKET, "");
            List<String> keys =
                    new EventGenerator(s.seed(), s.badRows()).writeHour(incoming, HOUR, s.sizeBytes(), s.files());
            for (ObjectInfo o : incoming.list(HOUR.path() + "/")) {
                inputBytes += o.sizeBytes();
            }
            out.printf(
                    Locale.ROOT,
                    "zip %s: %,d bytes; largest entries: %s%n",
                    s.zip(),
                    zipBytes,
                    largest.stream()
                            .map(p -> String.format(
                                    Locale.ROOT,
                                    "%s %,d bytes (%,d unpacked)",
                                    p.name(),
                                    p.compressedBytes(),
                                    p.bytes()))
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("none"));
            out.printf(
                    Locale.ROOT,
                    "hour %s: %d file(s), %,d bytes; load average %s%n",
                    HOUR,
                    keys.size(),
                    inputBytes,
                    FanoutBench.loadAverage());
            String event = S3Events.objectCreated(
                    BUCKET,
                    Bucket.INPUT_PREFIX + keys.get(keys.size() - 1),
                    inputBytes / keys.size(),
                    REGION,
                    HOUR.end());
            List<Config> configs = new ArrayList<>();
            for (Dependency d : dependencies) {
                for (Jvm jvm : s.jvms()) {
                    configs.add(new Config(d, jvm));
                }
            }
            boolean compare = configs.size() > 1;
            for (int memoryMb : s.memoryMbs()) {
                List<ForkedLambda> fns = new ArrayList<>();
                List<List<InvocationRecord>> colds = new ArrayList<>();
                List<List<InvocationRecord>> warms = new ArrayList<>();
                try {
                    for (Config config : configs) {
                        LambdaSpec.Builder spec = LambdaSpec.builder(
                                        config.dependency().zip(), LambdaVariant.HANDLER)
                                .memoryMb(memoryMb)
                                .timeout(Duration.ofMinutes(15))
                                .functionName("twinrun-bench-" + memoryMb)
                                .region(REGION)
                                .javaExecutable(config.jvm().java())
                                .env(bucket.jobEnvironment("", "lambda"));
                        if (!config.toolOptions().isEmpty()) {
                            spec.env("JAVA_TOOL_OPTIONS", config.toolOptions());
                        }
                        fns.add(ForkedLambda.start(spec.build()));
                        colds.add(new ArrayList<>());
                        warms.add(new ArrayList<>());
                    }
                    // Several configurations alternate, cold after cold, so a change in the machine's load hits them
                    // alike.
                    // With an added dependency each round also starts with the next zip, so no zip is always first.
                    int rotate = dependencies.size() > 1 ? 1 : 0;
                    for (int c = 0; c < s.cold(); c++) {
                        for (int k = 0; k < configs.size(); k++) {
                            int j = (k + c * rotate) % configs.size();
                            fns.get(j).recycle();
                            InvocationRecord r =
                                    measure(fns.get(j), compare ? configs.get(j).label() : null, event, root, raw, out);
                            records.add(r);
                            colds.get(j).add(r);
                        }
                    }
                    // The warm runs follow the last cold one in the same environment, as on Lambda.
                    for (int w = 0; w < s.warm(); w++) {
                        for (int j = 0; j < configs.size(); j++) {
                            InvocationRecord r =
                                    measure(fns.get(j), compare ? configs.get(j).label() : null, event, root, raw, out);
                            records.add(r);
                            warms.get(j).add(r);
                        }
                    }
                } finally {
                    for (ForkedLambda fn : fns) {
                        fn.close();
                    }
                }
                for (int j = 0; j < configs.size(); j++) {
                    Config padded = configs.get(j);
                    if (padded.dependency().padding() == null) {
                        continue;
                    }
                    int base = configs.indexOf(new Config(dependencies.get(0), padded.jvm()));
                    costs.add(DependencyCost.of(
                            memoryMb,
                            padded.jvm(),
                            dependencies.get(0),
                            padded.dependency(),
                            colds.get(base),
                            warms.get(base),
                            colds.get(j),
                            warms.get(j)));
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(store)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.println();
        out.print(table(records));
        out.println();
        out.print(coldExcess(records));
        if (!costs.isEmpty()) {
            out.println();
            out.print(dependencyTable(costs));
            Path json = s.out().resolve(DEPENDENCY_RESULT);
            Files.writeString(json, dependencyJson(s, costs, loadAtStart, FanoutBench.loadAverage()));
            out.println("dependency cost: " + json);
        }
        out.println("raw records: " + raw);
        return new Result(zipBytes, largest, inputBytes, records, raw, costs);
    }

    private static InvocationRecord measure(
            ForkedLambda fn, String label, String event, S3ObjectStore root, Path raw, PrintStream out)
            throws IOException, InterruptedException {
        // Every invocation does the whole hour, as an hour the function sees first does: the hour due again (no
        // manifest) and no partials to reuse (the function is incremental: with them it would only merge).
        root.delete(HourJob.insightsKey(HOUR, HourJob.MANIFEST));
        for (ObjectInfo partial : root.list(HourJob.partialsPrefix(HOUR))) {
            root.delete(partial.key());
        }
        Invocation inv = fn.invoke(event);
        InvocationRecord rec = LambdaVariant.record(inv, null);
        if (label != null) {
            rec = withVariant(rec, rec.variantId() + " " + label);
        }
        RawRecords.append(raw, List.of(rec));
        if (inv.phase() == Phase.COLD && inv.initCpuMs() >= 0 && rec.cpuMs() != null) {
            INIT_CPU_MS.put(rec, (double) inv.initCpuMs());
        }
        out.println(inv.reportLine() + "\tCPU: " + inv.cpuMs() + " ms" + (rec.failed() ? "\tFAILED" : "") + "\tload: "
                + FanoutBench.loadAverage() + (label != null ? "\t" + label : ""));
        if (!inv.succeeded()) {
            out.println("  error: " + inv.error().body());
            inv.logLines().stream().filter(l -> l.contains("ERROR")).limit(5).forEach(l -> out.println("  " + l));
        } else if (rec.failed()) {
            out.println("  response: " + inv.response());
        }
        return rec;
    }

    private static InvocationRecord withVariant(InvocationRecord r, String variant) {
        return new InvocationRecord(
                r.platform(),
                r.phase(),
                r.wallMs(),
                r.cpuMs(),
                r.billedMs(),
                r.initMs(),
                r.memoryMb(),
                r.maxMemoryUsedMb(),
                r.rowsRead(),
                r.bytesRead(),
                r.failed(),
                variant,
                r.arch(),
                r.instanceType(),
                r.runId(),
                r.provenance());
    }

    /**
     * Per memory size and JVM: the cold excess (median of init + cold duration, less the median warm duration: what
     * a cold hour costs beyond the work) and the median billed time of a cold invocation (init included, as billed
     * since 2025-08-01), which is what an hourly function pays every hour.
     */
    public static String coldExcess(List<InvocationRecord> records) {
        StringBuilder b = new StringBuilder();
        b.append("| memory | variant | cold init + duration ms (median) | warm duration ms (median) "
                + "| cold excess ms | cold billed ms incl. init (median) | cold CPU ms incl. init (median) "
                + "| warm CPU ms (median) | cold CPU excess ms |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        records.stream()
                .filter(r -> !r.failed())
                .map(r -> r.memoryMb() + "|" + r.variantId())
                .distinct()
                .forEach(k -> {
                    List<InvocationRecord> rs = records.stream()
                            .filter(r -> !r.failed() && (r.memoryMb() + "|" + r.variantId()).equals(k))
                            .toList();
                    List<InvocationRecord> cold =
                            rs.stream().filter(r -> r.initMs() != null).toList();
                    List<InvocationRecord> warm =
                            rs.stream().filter(r -> r.initMs() == null).toList();
                    if (cold.isEmpty()) {
                        return;
                    }
                    double coldTotal = median(cold, r -> r.initMs() + r.wallMs());
                    double warmMs = warm.isEmpty() ? Double.NaN : median(warm, InvocationRecord::wallMs);
                    boolean cpu = cold.stream().allMatch(INIT_CPU_MS::containsKey)
                            && warm.stream().allMatch(r -> r.cpuMs() != null);
                    double coldCpu = cpu ? median(cold, r -> INIT_CPU_MS.get(r) + r.cpuMs()) : Double.NaN;
                    double warmCpu = cpu && !warm.isEmpty() ? median(warm, InvocationRecord::cpuMs) : Double.NaN;
                    b.append(String.format(
                            Locale.ROOT,
                            "| %d | %s | %.0f | %s | %s | %.0f | %s | %s | %s |%n",
                            cold.get(0).memoryMb(),
                            k.substring(k.indexOf('|') + 1),
                            coldTotal,
                            warm.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", warmMs),
                            warm.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", coldTotal - warmMs),
                            median(cold, InvocationRecord::billedMs),
                            cpu ? String.format(Locale.ROOT, "%.0f", coldCpu) : "-",
                            Double.isNaN(warmCpu) ? "-" : String.format(Locale.ROOT, "%.0f", warmCpu),
                            Double.isNaN(warmCpu) ? "-" : String.format(Locale.ROOT, "%.0f", coldCpu - warmCpu)));
                });
        return b.toString();
    }

    /** The zip's {@code n} largest entries by compressed size. */
    public static List<ZipPart> largestEntries(Path zip, int n) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream()
                    .filter(e -> !e.isDirectory())
                    .sorted(Comparator.comparingLong(ZipEntry::getCompressedSize)
                            .reversed())
                    .limit(n)
                    .map(e -> new ZipPart(e.getName(), e.getCompressedSize(), e.getSize()))
                    .toList();
        }
    }

    /** A Markdown table per memory size and phase of the records that did not fail. */
    public static String table(List<InvocationRecord> records) {
        StringBuilder b = new StringBuilder();
        b.append("| memory | phase | runs | init ms (median) | duration ms (median, min-max) | billed ms (median) "
                + "| CPU ms (median) | max memory used MB (max) |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        records.stream().map(LambdaBench::tableKey).distinct().forEach(k -> {
            List<InvocationRecord> rs = records.stream()
                    .filter(r -> tableKey(r).equals(k) && !r.failed())
                    .toList();
            if (rs.isEmpty()) {
                b.append("| ").append(k.replace("|", " | ")).append(" | 0 | failed | | | | |\n");
                return;
            }
            InvocationRecord first = rs.get(0);
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %s | %.0f (%.0f-%.0f) | %.0f | %s | %d |%n",
                    first.memoryMb(),
                    first.phase() + (first.variant() != null ? " (" + first.variant() + ")" : ""),
                    rs.size(),
                    first.initMs() != null
                            ? String.format(Locale.ROOT, "%.0f", median(rs, InvocationRecord::initMs))
                            : "-",
                    median(rs, InvocationRecord::wallMs),
                    min(rs, InvocationRecord::wallMs),
                    max(rs, InvocationRecord::wallMs),
                    median(rs, InvocationRecord::billedMs),
                    rs.stream().allMatch(r -> r.cpuMs() != null)
                            ? String.format(Locale.ROOT, "%.0f", median(rs, InvocationRecord::cpuMs))
                            : "-",
                    rs.stream()
                            .mapToInt(InvocationRecord::maxMemoryUsedMb)
                            .max()
                            .orElse(0)));
        });
        return b.toString();
    }

    private static String tableKey(InvocationRecord r) {
        return r.memoryMb() + "|" + r.phase() + (r.variant() != null ? " (" + r.variant() + ")" : "");
    }

    static double median(List<InvocationRecord> rs, ToDoubleFunction<InvocationRecord> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<InvocationRecord> rs, ToDoubleFunction<InvocationRecord> f) {
        return rs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<InvocationRecord> rs, ToDoubleFunction<InvocationRecord> f) {
        return rs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }
}

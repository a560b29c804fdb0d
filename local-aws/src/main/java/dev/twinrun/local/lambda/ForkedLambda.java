package dev.twinrun.local.lambda;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Lambda function run here as Lambda runs it: the deployment artifact extracted as the task root, the real runtime
 * interface client in its own JVM (heap, JIT and cores set as for the memory size), fed by a {@link RuntimeApiServer}.
 * The execution environment starts on the first {@link #invoke}, is reused by later ones (warm), and is replaced after
 * a timeout, a crash or an out-of-memory kill (the next invocation is cold again).
 *
 * <pre>{@code
 * try (ForkedLambda fn = ForkedLambda.start(LambdaSpec.builder(zip, "dev.twinrun.lambda.S3EventHandler").memoryMb(1769).build())) {
 *     Invocation cold = fn.invoke(eventJson);
 *     Invocation warm = fn.invoke(eventJson);
 * }
 * }</pre>
 */
public final class ForkedLambda implements AutoCloseable {
    private static final long POLL_MS = 5;
    private static final long INIT_LIMIT_SECONDS = 10;

    private final LambdaSpec spec;
    private final RuntimeApiServer api;
    private final Path taskRoot;
    private final boolean extracted;
    private Sandbox sandbox;

    private ForkedLambda(LambdaSpec spec, RuntimeApiServer api, Path taskRoot, boolean extracted) {
        this.spec = spec;
        this.api = api;
        this.taskRoot = taskRoot;
        this.extracted = extracted;
    }

    /** Extracts the artifact and starts the Runtime API; the runtime JVM itself starts on the first invocation. */
    public static ForkedLambda start(LambdaSpec spec) throws IOException {
        requireNonNull(spec, "spec");
        Path root;
        boolean extracted;
        if (Files.isDirectory(spec.artifact())) {
            root = spec.artifact();
            extracted = false;
        } else {
            root = Files.createTempDirectory("twinrun-lambda-task");
            unzip(spec.artifact(), root);
            extracted = true;
        }
        return new ForkedLambda(spec, RuntimeApiServer.start(), root, extracted);
    }

    /** The settings this function runs with. */
    public LambdaSpec spec() {
        return spec;
    }

    /** The task root ({@code /var/task} on Lambda): the extracted artifact. */
    public Path taskRoot() {
        return taskRoot;
    }

    /** Invokes the function synchronously (RequestResponse) with a JSON event and waits for the outcome. */
    public synchronized Invocation invoke(String eventJson) throws IOException, InterruptedException {
        requireNonNull(eventJson, "eventJson");
        byte[] payload = eventJson.getBytes(StandardCharsets.UTF_8);
        // An environment that died between invocations (e.g. the runtime exits after an Error) is replaced, once.
        for (int attempt = 0; ; attempt++) {
            Invocation r = attempt(payload, attempt > 0);
            if (r != null) {
                return r;
            }
        }
    }

    /** One try; null when the environment died before it took the event, so the caller starts a new one. */
    private Invocation attempt(byte[] payload, boolean retry) throws IOException, InterruptedException {
        boolean cold = sandbox == null || !sandbox.process.isAlive();
        if (cold) {
            discardSandbox();
            sandbox = launch();
        }
        Sandbox sb = sandbox;
        int firstLine = cold ? 0 : sb.lineCount();
        String requestId = UUID.randomUUID().toString();
        RuntimeApiServer.Pending p = new RuntimeApiServer.Pending(
                requestId,
                payload,
                "arn:aws:lambda:" + spec.region() + ":000000000000:function:" + spec.functionName(),
                traceId(),
                spec.timeout().toMillis());
        api.submit(p);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(spec.timeout().toMillis());

        // Init: until the runtime asks for its first event, fails its init, or dies.
        if (cold) {
            // Lambda gives the init phase 10 s of its own (then retries it within the function timeout).
            LambdaError initFailure =
                    awaitInit(sb, Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(INIT_LIMIT_SECONDS)));
            if (initFailure != null) {
                api.abandon(p);
                double initMs = (System.nanoTime() - sb.startNanos) / 1e6;
                discardSandbox();
                sb.drainOutput(System.nanoTime());
                return new Invocation(
                        requestId,
                        Phase.COLD,
                        initMs,
                        0,
                        (long) Math.ceil(initMs),
                        spec.memoryMb(),
                        sb.maxMemoryUsedMb(),
                        0,
                        -1,
                        null,
                        initFailure,
                        sb.lines(firstLine));
            }
        }
        double initMs = cold ? (sb.env.firstNextNanos.join() - sb.startNanos) / 1e6 : 0;

        // Invoke: until the runtime answers, times out, or dies.
        RuntimeApiServer.Outcome outcome = null;
        LambdaError platformError = null;
        while (outcome == null && platformError == null) {
            try {
                outcome = p.outcome.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (p.handedOut() && System.nanoTime() - p.handedOutNanos > timeoutNanos) {
                    platformError = LambdaError.platform(
                            "Sandbox.Timedout",
                            String.format(
                                    Locale.ROOT,
                                    "Task timed out after %.2f seconds",
                                    spec.timeout().toMillis() / 1000.0));
                } else if (!sb.process.isAlive() && !p.outcome.isDone()) {
                    if (!p.handedOut() && !cold && !retry) {
                        api.abandon(p);
                        discardSandbox();
                        return null;
                    }
                    platformError = sb.exitError();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        long endNanos = outcome != null ? outcome.completedNanos() : System.nanoTime();
        long startNanos = p.handedOut() ? p.handedOutNanos : endNanos;
        double durationMs = (endNanos - startNanos) / 1e6;
        long cpuMs = outcome != null && p.cpuTicksAtHandout >= 0 && outcome.cpuTicks() >= 0
                ? (outcome.cpuTicks() - p.cpuTicksAtHandout) * 1000 / ProcStats.CLOCK_TICKS_PER_SECOND
                : -1;
        // At the first handout the process has done nothing but its init: its CPU so far is the init's.
        long initCpuMs = !cold
                ? 0
                : p.cpuTicksAtHandout >= 0 ? p.cpuTicksAtHandout * 1000 / ProcStats.CLOCK_TICKS_PER_SECOND : -1;
        long maxMemoryUsedMb = sb.maxMemoryUsedMb();
        if (platformError != null) {
            api.abandon(p);
            discardSandbox();
        }
        sb.drainOutput(endNanos);
        long billedMs = (long) Math.ceil(durationMs + initMs);
        return new Invocation(
                requestId,
                cold ? Phase.COLD : Phase.WARM,
                initMs,
                durationMs,
                billedMs,
                spec.memoryMb(),
                maxMemoryUsedMb,
                cpuMs,
                initCpuMs,
                outcome != null ? outcome.response() : null,
                outcome != null ? outcome.error() : platformError,
                sb.lines(firstLine));
    }

    /** Ends the current execution environment, so the next invocation is cold (as after Lambda recycles it). */
    public synchronized void recycle() {
        discardSandbox();
    }

    private LambdaError awaitInit(Sandbox sb, long timeoutNanos) throws InterruptedException {
        while (true) {
            if (sb.env.firstNextNanos.isDone()) {
                return null;
            }
            if (sb.env.initError.isDone()) {
                sb.process.waitFor(2, TimeUnit.SECONDS);
                return sb.env.initError.join();
            }
            if (!sb.process.isAlive()) {
                return sb.env.initError.isDone() ? sb.env.initError.join() : sb.exitError();
            }
            if (System.nanoTime() - sb.startNanos > timeoutNanos) {
                return LambdaError.platform(
                        "Sandbox.Timedout",
                        "Init timed out after " + String.format(Locale.ROOT, "%.2f", timeoutNanos / 1e9) + " seconds");
            }
            Thread.sleep(1);
        }
    }

    static final String TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    /** The function's {@code JAVA_TOOL_OPTIONS}, split on white space; empty when it sets none. */
    static List<String> toolOptions(Map<String, String> environment) {
        String options = environment.getOrDefault(TOOL_OPTIONS, "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /**
     * {@code AWS_EXECUTION_ENV} as the managed runtime of the launcher's Java sets it: {@code AWS_Lambda_java25} for
     * a JDK 25 ({@code JAVA_VERSION} in the {@code release} file beside its {@code bin}), {@code AWS_Lambda_java17}
     * when that file says nothing.
     */
    static String executionEnv(Path javaExecutable) {
        Path home = javaExecutable.toAbsolutePath().getParent();
        Path release = home == null || home.getParent() == null
                ? null
                : home.getParent().resolve("release");
        if (release != null && Files.isRegularFile(release)) {
            try {
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        int end = 0;
                        while (end < v.length() && Character.isDigit(v.charAt(end))) {
                            end++;
                        }
                        if (end > 0) {
                            return "AWS_Lambda_java" + v.substring(0, end);
                        }
                    }
                }
            } catch (IOException e) {
                // the default below
            }
        }
        return "AWS_Lambda_java17";
    }

    private Sandbox launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        int cores = spec.activeProcessorCount();
        cmd.add(spec.javaExecutable().toString());
        // What the managed java17, java21 and java25 runtimes set: C1 only, serial GC, CDS, heap at 85 % of memory.
        cmd.add("-XX:+TieredCompilation");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:MaxHeapSize=" + spec.maxHeapKb() + "k");
        cmd.add("-XX:ActiveProcessorCount=" + cores);
        // The function's JAVA_TOOL_OPTIONS override those defaults, as on Lambda (e.g. -XX:TieredStopAtLevel=4 for C2):
        // given after them on the command line, since the JVM lets the command line win over the variable.
        cmd.addAll(toolOptions(spec.environment()));
        RuntimeClasspath.jniLibrary(spec.runtimeClasspath())
                .ifPresent(lib -> cmd.add("-D" + RuntimeClasspath.JNI_PROPERTY + "=" + lib));
        cmd.add("-cp");
        cmd.add(spec.runtimeClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(RuntimeClasspath.MAIN_CLASS);
        cmd.add(spec.handler());

        ProcessBuilder pb = new ProcessBuilder(cmd).directory(taskRoot.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", executionEnv(spec.javaExecutable()));
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put(
                "AWS_LAMBDA_LOG_STREAM_NAME",
                LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", spec.region());
        env.put("AWS_DEFAULT_REGION", spec.region());
        env.putAll(spec.environment());
        env.remove(TOOL_OPTIONS);

        RuntimeApiServer.Environment apiEnv = api.newEnvironment();
        long startNanos = System.nanoTime();
        Process process = pb.start();
        apiEnv.cpuTicks = () -> ProcStats.cpuTicks(process.pid());
        apiEnv.afterInit = () -> capCores(process.pid());
        Sandbox sb = new Sandbox(process, startNanos, apiEnv);
        sb.startThreads();
        return sb;
    }

    /**
     * After the init: pins every thread of the runtime to the cores its memory size buys (the highest-numbered ones,
     * leaving core 0 to whatever drives the benchmark). The init itself runs on all cores, as Lambda's init phase
     * is not throttled. New threads inherit the pinning of the thread that starts them.
     */
    private void capCores(long pid) {
        int cores = spec.activeProcessorCount();
        int available = Runtime.getRuntime().availableProcessors();
        Path taskset = Path.of("/usr/bin/taskset");
        if (!spec.capCores() || cores >= available || !Files.isExecutable(taskset)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(
                            taskset.toString(),
                            "-a",
                            "-p",
                            "-c",
                            (available - cores) + "-" + (available - 1),
                            Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "taskset could not pin the runtime (pid " + pid + ") to " + cores + " core(s)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("taskset could not pin the runtime (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void discardSandbox() {
        if (sandbox != null) {
            sandbox.kill();
            sandbox = null;
        }
    }

    @Override
    public synchronized void close() {
        discardSandbox();
        api.close();
        if (extracted) {
            deleteTree(taskRoot);
        }
    }

    private static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        String root = "1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + hex.toHexDigits(r.nextLong()).substring(4)
                + hex.toHexDigits(r.nextLong()).substring(8);
        return "Root=" + root + ";Parent=" + hex.toHexDigits(r.nextLong()) + ";Sampled=0";
    }

    static void unzip(Path zip, Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = base.resolve(e.getName()).normalize();
                if (!target.startsWith(base)) {
                    throw new IOException("zip entry outside the task root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One execution environment: the runtime process, its output, its memory watch. */
    private final class Sandbox {
        final Process process;
        final long startNanos;
        final RuntimeApiServer.Environment env;
        private final List<String> output = new ArrayList<>();
        private volatile long lastOutputNanos = System.nanoTime();
        private volatile boolean killedForMemory;
        private volatile long peakKb;
        private Thread pump;
        private Thread watch;

        Sandbox(Process process, long startNanos, RuntimeApiServer.Environment env) {
            this.process = process;
            this.startNanos = startNanos;
            this.env = env;
        }

        void startThreads() {
            pump = new Thread(this::pumpOutput, "lambda-output-" + process.pid());
            pump.setDaemon(true);
            pump.start();
            watch = new Thread(this::watchMemory, "lambda-memory-" + process.pid());
            watch.setDaemon(true);
            watch.start();
        }

        private void pumpOutput() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lastOutputNanos = System.nanoTime();
                    try {
                        spec.logSink().accept(line);
                    } catch (RuntimeException ignored) {
                        // A faulty sink must not stop the pump (the runtime would block on a full pipe).
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }

        private void watchMemory() {
            long limitKb = spec.memoryMb() * 1024L;
            while (process.isAlive()) {
                ProcStats.Memory m = ProcStats.memory(process.pid());
                if (m != null) {
                    peakKb = Math.max(peakKb, m.hwmKb());
                    if (spec.enforceMemoryLimit() && m.rssKb() > limitKb) {
                        killedForMemory = true;
                        process.destroyForcibly();
                        return;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long maxMemoryUsedMb() {
            ProcStats.Memory m = process.isAlive() ? ProcStats.memory(process.pid()) : null;
            long kb = Math.max(peakKb, m != null ? m.hwmKb() : 0);
            return (kb + 1023) / 1024;
        }

        LambdaError exitError() {
            if (killedForMemory) {
                return LambdaError.platform(
                        "Runtime.OutOfMemory",
                        "Runtime exited with error: signal: killed (resident set over " + spec.memoryMb() + " MB)");
            }
            int code;
            try {
                code = process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = -1;
            }
            return LambdaError.platform("Runtime.ExitError", "Runtime exited with error: exit status " + code);
        }

        int lineCount() {
            synchronized (output) {
                return output.size();
            }
        }

        List<String> lines(int from) {
            synchronized (output) {
                return List.copyOf(output.subList(Math.min(from, output.size()), output.size()));
            }
        }

        /**
         * Lets the pump catch up with what the runtime writes around its answer (it logs an error after posting it):
         * waits until the output has been quiet for 100 ms after {@code sinceNanos}, at most 2 s (a loaded machine
         * can leave the pump unscheduled for tens of ms); outside Duration.
         */
        void drainOutput(long sinceNanos) {
            long quiet = TimeUnit.MILLISECONDS.toNanos(100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < deadline
                    && System.nanoTime() - Math.max(lastOutputNanos, sinceNanos) < quiet
                    && pump.isAlive()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                pump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watch.interrupt();
        }
    }
}

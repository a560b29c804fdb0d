package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.HourStatus;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs the runner jar the way cron does, each run a fresh {@code java -jar} process, against an
 * in-process S3 server, with its config, lock, log and state files in a temp directory.
 */
final class CronHarness implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("twinrun.ec2.jar", "target/twinrun-ec2.jar"));
    static final ObjectMapper JSON = new ObjectMapper();

    final EmbeddedS3 s3;
    final String bucket;
    final Path dir;
    final Path configFile;
    final Path lockFile;
    final Path logFile;
    final Path stateFile;

    CronHarness(Path dir, String bucket) throws IOException {
        this(dir, bucket, true);
    }

    /** {@code forJar} false: for tests that call {@link RunnerMain#execute} in-process with {@link #environment()}. */
    CronHarness(Path dir, String bucket, boolean forJar) throws IOException {
        if (forJar) {
            assertThat(JAR).as("runner jar built by the package phase").isRegularFile();
        }
        this.dir = dir;
        this.bucket = bucket;
        this.s3 = EmbeddedS3.start();
        s3.createBucket(bucket);
        this.configFile = Files.writeString(
                dir.resolve("twinrun.env"),
                "# as /etc/twinrun/twinrun.env\nTWINRUN_BUCKET=" + bucket + "\nTWINRUN_INPUT_PREFIX=incoming/\n");
        this.lockFile = dir.resolve("lock/runner.lock");
        this.logFile = dir.resolve("log/runner.log");
        this.stateFile = dir.resolve("state/last-run.json");
    }

    /** A finished runner process. */
    record Result(int exitCode, String stdout, String stderr, long wallMs) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** A started runner process whose output goes to files. */
    record Started(Process process, Path stdout, Path stderr, long startNanos) {
        Result await(long seconds) throws Exception {
            assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
                    .as("runner finished within " + seconds + " s")
                    .isTrue();
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout),
                    Files.readString(stderr),
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    void putHour(HourId hour, byte[] csv) {
        putObject("incoming/" + hour.path() + "/events-0001.csv", csv);
    }

    /** A realistic hour from the core's generator (1 % bad rows), as the benchmarks use it. */
    void generateHour(HourId hour, long totalBytes, int files, long seed) throws IOException {
        new EventGenerator(seed, 0.01).writeHour(job().input(), hour, totalBytes, files);
    }

    HourJob job() {
        return Stores.deployedJob(JobConfig.fromEnv(Map.of("TWINRUN_BUCKET", bucket)), s3.client());
    }

    void putObject(String key, byte[] bytes) {
        s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    Result run(String... args) throws Exception {
        return start(args).await(300);
    }

    private int seq;

    /** JVM options as the systemd unit and the crontab pass them. */
    static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxRAMPercentage=60");

    Started start(String... args) throws IOException {
        return startWith(List.of(), JVM_OPTIONS, args);
    }

    /** Starts {@code prefix... java jvmOptions... -jar JAR args...} (prefix: e.g. /usr/bin/time). */
    Started startWith(List<String> prefix, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TWINRUN_") || k.startsWith("AWS_"));
        env.putAll(environment());
        int n = ++seq;
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        return new Started(pb.start(), out, err, t0);
    }

    Map<String, String> environment() {
        return Map.of(
                "TWINRUN_CONFIG", configFile.toString(),
                "TWINRUN_LOCK_FILE", lockFile.toString(),
                "TWINRUN_LOG_FILE", logFile.toString(),
                "TWINRUN_STATE_FILE", stateFile.toString(),
                "AWS_ENDPOINT_URL", s3.endpoint().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
    }

    /** Every JSON line of the log file so far (log lines and EMF lines). */
    List<JsonNode> logLines() {
        if (!Files.exists(logFile)) {
            return List.of();
        }
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    lines.add(JSON.readTree(l));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log lines whose message starts with the text. */
    List<JsonNode> messages(String prefix) {
        return logLines().stream()
                .filter(n -> n.has("message") && n.get("message").asText().startsWith(prefix))
                .toList();
    }

    /** EMF lines carrying the metric. */
    List<JsonNode> metric(String name) {
        return logLines().stream().filter(n -> n.has("_aws") && n.has(name)).toList();
    }

    HourStatus status(HourId hour) throws IOException {
        return job().status(hour);
    }

    /** Every object outside {@code incoming/}, key to bytes. */
    Map<String, byte[]> outputs() {
        Map<String, byte[]> out = new TreeMap<>();
        for (S3Object o :
                s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            if (!o.key().startsWith("incoming/")) {
                out.put(
                        o.key(),
                        s3.client()
                                .getObjectAsBytes(b -> b.bucket(bucket).key(o.key()))
                                .asByteArray());
            }
        }
        return out;
    }

    void deleteOutputs() {
        for (String key : outputs().keySet()) {
            s3.client().deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}

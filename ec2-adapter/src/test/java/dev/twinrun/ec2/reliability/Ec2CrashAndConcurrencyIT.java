package dev.twinrun.ec2.reliability;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * kill -9 of the EC2 runner ({@code java -jar twinrun-ec2.jar run-due}, started as cron starts it) at random
 * moments, several times in a row: after every kill, any manifest left vouches for the bytes next to it;
 * a final uninterrupted run leaves outputs byte-identical to a run that was never interrupted.
 * {@code -Dtwinrun.soak=true} kills 40 times instead of 5.
 */
class Ec2CrashAndConcurrencyIT {
    static final Path JAR = Path.of(System.getProperty("twinrun.ec2.jar", "target/twinrun-ec2.jar"));
    static final List<HourId> HOURS =
            List.of(HourId.parse("2026-11-21T05"), HourId.parse("2026-11-21T06"), HourId.parse("2026-11-21T07"));
    static final String NOW = "2026-11-21T08:05:00Z";
    static final String BUCKET = "twinrun-kills";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    EmbeddedS3 s3;
    int seq;

    @BeforeEach
    void start() throws Exception {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        assertThat(JAR).as("runner jar built by the package phase").isRegularFile();
        s3 = EmbeddedS3.start().createBucket(BUCKET);
        HourJob job = Stores.deployedJob(JobConfig.fromEnv(Map.of("TWINRUN_BUCKET", BUCKET)), s3.client());
        EventGenerator gen = new EventGenerator(7, 0.01);
        for (HourId h : HOURS) {
            gen.writeHour(job.input(), h, 3_000_000, 2);
        }
        Files.writeString(
                tmp.resolve("twinrun.env"), "TWINRUN_BUCKET=" + BUCKET + "\nTWINRUN_INPUT_PREFIX=incoming/\n");
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void killMinus9AtRandomMomentsNeverLeavesAWrongResultAndTheRerunIsByteIdentical() throws Exception {
        long t0 = System.nanoTime();
        Process ref = runner();
        assertThat(ref.waitFor(300, TimeUnit.SECONDS))
                .as("reference run finished")
                .isTrue();
        assertThat(ref.exitValue())
                .as("reference run exit code; stderr: %s", stderr())
                .isZero();
        long referenceMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, byte[]> expected = outputs();
        assertThat(expected.keySet().stream().filter(k -> k.endsWith("_SUCCESS")))
                .as("every hour published")
                .hasSize(HOURS.size());

        int kills = Integer.getInteger("twinrun.kills", Boolean.getBoolean("twinrun.soak") ? 40 : 4);
        Random random = new Random(20261126);
        int killedMidRun = 0;
        int partialStates = 0;
        int midPublication = 0;
        for (int i = 0; i < kills; i++) {
            boolean inPublication = i % 2 == 1;
            if (inPublication
                    || i % 4 == 0
                    || outputs().keySet().stream()
                                    .filter(k -> k.endsWith("_SUCCESS"))
                                    .count()
                            == HOURS.size()) {
                deleteOutputs(); // from nothing published, or (every 4th + 2) catching up from what the last kill left
            }
            Process victim = runner();
            long delayMs;
            if (inPublication) {
                // Every other kill lands inside a publication: as soon as the first output object appears.
                long s0 = System.nanoTime();
                while (victim.isAlive()
                        && s3.client()
                                .listObjectsV2(b -> b.bucket(BUCKET).prefix("insights/"))
                                .contents()
                                .isEmpty()) {
                    Thread.sleep(1);
                }
                delayMs = (System.nanoTime() - s0) / 1_000_000;
                if (!victim.isAlive()) {
                    continue;
                }
            } else {
                delayMs = (long) ((0.2 + 0.8 * random.nextDouble()) * referenceMs);
                if (victim.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                    continue; // finished before its kill moment: nothing to kill
                }
            }
            victim.destroyForcibly(); // SIGKILL
            assertThat(victim.waitFor(30, TimeUnit.SECONDS))
                    .as("killed runner gone")
                    .isTrue();
            killedMidRun++;
            Thread.sleep(300); // requests the killed process already sent are still served, as S3 would
            Map<String, byte[]> now = outputs();
            int published = verifyEveryManifest(now, "after kill " + i + " at " + delayMs + " ms");
            if (published < HOURS.size()) {
                partialStates++;
            }
            if (now.keySet().stream()
                    .anyMatch(k -> k.startsWith("insights/")
                            && k.contains("/" + HourJob.VERSION_FOLDER)
                            && !now.containsKey(
                                    k.substring(0, k.indexOf("/" + HourJob.VERSION_FOLDER) + 1) + "_SUCCESS"))) {
                midPublication++;
            }
        }
        Process last = runner();
        assertThat(last.waitFor(300, TimeUnit.SECONDS)).as("final run finished").isTrue();
        assertThat(last.exitValue())
                .as("final run exit code; stderr: %s", stderr())
                .isZero();
        Map<String, byte[]> actual = outputs();
        assertThat(actual.keySet()).as("same objects as the uninterrupted run").isEqualTo(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as("bytes of %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(killedMidRun).as("runs actually killed mid-run").isGreaterThan(0);
        System.out.printf(
                "reliability: EC2 runner killed with SIGKILL %d times mid-run (%d left hours unpublished, "
                        + "%d left an hour with outputs but no manifest, 0 left a wrong manifest); final run byte-identical "
                        + "to an uninterrupted run (%d objects)%n",
                killedMidRun, partialStates, midPublication, expected.size());
    }

    /**
     * Two runners that do not share a lock (the EC2 runner and the Lambda function, or two instances) start
     * on the same hours together, and a new file of the last hour arrives while they run: the manifests left
     * vouch for the bytes next to them, and the next tick makes every hour current with every file.
     */
    @Test
    void twoRunnersWithoutASharedLockAndAFileArrivingMidRunLeaveOneConsistentResult() throws Exception {
        Process a = runner(tmp.resolve("lock/a.lock"));
        Process b = runner(tmp.resolve("lock/b.lock"));
        Thread.sleep(3000);
        HourJob job = Stores.deployedJob(JobConfig.fromEnv(Map.of("TWINRUN_BUCKET", BUCKET)), s3.client());
        new EventGenerator(8, 0.01).writeHour(job.input(), HOURS.get(2), 1_000_000, 3); // a third file arrives
        assertThat(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS))
                .as("both finished")
                .isTrue();
        assertThat(List.of(a.exitValue(), b.exitValue()))
                .as("exit codes; stderr: %s", stderr())
                .containsOnly(0);
        verifyEveryManifest(outputs(), "after two runners at once");
        Process tick = runner(tmp.resolve("lock/a.lock"));
        assertThat(tick.waitFor(300, TimeUnit.SECONDS)).as("next tick finished").isTrue();
        Map<String, byte[]> after = outputs();
        assertThat(verifyEveryManifest(after, "after the next tick"))
                .as("hours published")
                .isEqualTo(HOURS.size());
        for (HourId h : HOURS) {
            assertThat(job.status(h)).as("status of %s", h).isEqualTo(HourStatus.CURRENT);
        }
        System.out.println("reliability: two EC2 runners without a shared lock, a file arriving mid-run: "
                + "0 inconsistent manifests, every hour current after the next tick");
    }

    /** Every manifest present lists outputs whose bytes have its SHA-256; returns how many hours it found. */
    static int verifyEveryManifest(Map<String, byte[]> objects, String when) throws Exception {
        int n = 0;
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            if (!e.getKey().endsWith("/_SUCCESS")) {
                continue;
            }
            n++;
            JsonNode m = JSON.readTree(e.getValue());
            for (JsonNode o : m.path("outputs")) {
                String key = o.path("key").asText();
                byte[] bytes = objects.get(key);
                assertThat(bytes)
                        .as("%s: %s lists %s, which exists", when, e.getKey(), key)
                        .isNotNull();
                assertThat(sha256(bytes))
                        .as("%s: sha256 of %s matches %s", when, key, e.getKey())
                        .isEqualTo(o.path("sha256").asText());
            }
        }
        return n;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    Process runner(String... extra) throws Exception {
        return runner(tmp.resolve("lock/runner.lock"), extra);
    }

    Process runner(Path lock, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:MaxRAMPercentage=60",
                "-jar",
                JAR.toString(),
                "run-due",
                "--now",
                NOW));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TWINRUN_") || k.startsWith("AWS_"));
        env.put("TWINRUN_CONFIG", tmp.resolve("twinrun.env").toString());
        env.put("TWINRUN_LOCK_FILE", lock.toString());
        env.put("TWINRUN_LOG_FILE", tmp.resolve("log/runner.log").toString());
        env.put("TWINRUN_STATE_FILE", tmp.resolve("state/last-run.json").toString());
        env.put("AWS_ENDPOINT_URL", s3.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
        seq++;
        pb.redirectOutput(tmp.resolve("run.out").toFile())
                .redirectError(tmp.resolve("run-" + seq + ".err").toFile());
        return pb.start();
    }

    String stderr() throws Exception {
        return Files.readString(tmp.resolve("run-" + seq + ".err"));
    }

    Map<String, byte[]> outputs() {
        Map<String, byte[]> out = new TreeMap<>();
        for (S3Object o :
                s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            if (!o.key().startsWith("incoming/")) {
                try {
                    out.put(
                            o.key(),
                            s3.client()
                                    .getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key()))
                                    .asByteArray());
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
                    // deleted between list and get: a request the killed runner sent was still being served
                }
            }
        }
        return out;
    }

    void deleteOutputs() {
        for (String key : outputs().keySet()) {
            s3.client().deleteObject(b -> b.bucket(BUCKET).key(key));
        }
    }
}

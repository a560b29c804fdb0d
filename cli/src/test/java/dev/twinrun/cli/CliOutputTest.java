package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.local.s3.EmbeddedS3;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user sees it: the CLI runs in its own JVM on its runtime classpath (the test classpath
 * without test classes and test jars), against the embedded S3 server, and what it prints is checked.
 */
class CliOutputTest {
    private static final String BUCKET = "cli-output";
    private static final String HOUR = "2026-11-26T13";

    private static EmbeddedS3 s3;

    @TempDir
    Path tmp;

    /** What one run printed. */
    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    void transformWithGenerateOnS3PrintsNoSdkDebugLinesAndNoSlf4jWarning() throws Exception {
        Run run = cli(
                "transform",
                "--generate",
                "1MB",
                "--hour",
                HOUR,
                "--input",
                "s3://" + BUCKET + "/incoming/",
                "--output",
                "s3://" + BUCKET + "/");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertQuiet(run);
        assertThat(run.stdout())
                .as("the published summary's path, under the hour's current version")
                .containsPattern("-> s3://" + BUCKET + "/insights/dt=2026-11-26/hour=13/v=[0-9a-f]{16}/summary\\.md\\R")
                .contains("generated 1 MB of sample events");
    }

    @Test
    void generateOnS3PrintsNoSdkDebugLinesAndPathsWithoutDoubleSlashes() throws Exception {
        Run run = cli(
                "generate", "--size", "1MB", "--hours", "1", "--first-hour", HOUR, "--out", "s3://" + BUCKET + "/gen/");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertQuiet(run);
        assertThat(run.stdout()).contains("-> s3://" + BUCKET + "/gen/dt=2026-11-26/hour=13");
    }

    @Test
    void helpAndUsageErrorsCarryNoPicocliFormatWarning() throws Exception {
        Run help = cli("transform", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.all()).doesNotContain("picocli WARN").doesNotContain("Could not format");
        assertThat(help.stdout()).contains("(1% bad rows)");
        Run usage = cli("transform", "--no-such-option");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.all()).contains("Unknown option").doesNotContain("picocli WARN");
    }

    @Test
    void locationsAndKeysAreJoinedByOneSlash() {
        assertThat(Locations.join("s3://b/incoming/", "dt=2026-11-26/hour=13"))
                .isEqualTo("s3://b/incoming/dt=2026-11-26/hour=13");
        assertThat(Locations.join("s3://b/", "insights/x")).isEqualTo("s3://b/insights/x");
        assertThat(Locations.join("s3://b", "/insights/x")).isEqualTo("s3://b/insights/x");
        assertThat(Locations.join("data/out", "insights/x")).isEqualTo("data/out/insights/x");
        assertThat(Locations.join("/", "x")).isEqualTo("/x");
    }

    private static void assertQuiet(Run run) {
        assertThat(run.all())
                .as("no second SLF4J backend")
                .doesNotContain("SLF4J")
                .as("no AWS SDK or HTTP debug logging")
                .doesNotContain("DEBUG")
                .doesNotContain("software.amazon.awssdk");
        assertThat(run.all().lines().count()).as(run.all()).isLessThan(10);
        assertThat(run.stdout().replace("s3://", "")).as("printed paths").doesNotContain("//");
    }

    private Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                runtimeClasspath(),
                TwinrunCli.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", s3.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish in 180 s: " + Files.readString(err));
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The test classpath without test classes and test jars: what {@code ./twinrun} runs with. */
    private static String runtimeClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}

package dev.twinrun.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against a test function (EchoHandler) run from target/test-classes as the task root. */
class ForkedLambdaTest {
    private static final String ECHO = EchoHandler.class.getName();

    private static Path taskRoot() throws Exception {
        return Path.of(EchoHandler.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static LambdaSpec.Builder echo(int memoryMb) throws Exception {
        return LambdaSpec.builder(taskRoot(), ECHO).memoryMb(memoryMb).timeout(Duration.ofSeconds(20));
    }

    @Test
    void javaToolOptionsAreSplitOnWhiteSpaceToFollowTheRuntimeDefaults() {
        assertThat(ForkedLambda.toolOptions(Map.of("JAVA_TOOL_OPTIONS", " -XX:TieredStopAtLevel=4  -Xshare:off ")))
                .as("options")
                .containsExactly("-XX:TieredStopAtLevel=4", "-Xshare:off");
        assertThat(ForkedLambda.toolOptions(Map.of())).as("none set").isEmpty();
    }

    @Test
    void executionEnvNamesTheRuntimeOfTheLaunchersJdk(@TempDir Path jdks) throws Exception {
        Path jdk25 = Files.createDirectories(jdks.resolve("jdk25/bin"));
        Files.writeString(jdks.resolve("jdk25/release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
        Path bare = Files.createDirectories(jdks.resolve("bare/bin"));

        assertThat(ForkedLambda.executionEnv(jdk25.resolve("java"))).isEqualTo("AWS_Lambda_java25");
        assertThat(ForkedLambda.executionEnv(bare.resolve("java")))
                .as("no release file")
                .isEqualTo("AWS_Lambda_java17");
    }

    @Test
    void firstInvocationIsColdWithInitThenWarm() throws Exception {
        try (ForkedLambda fn = ForkedLambda.start(echo(512).build())) {
            Invocation cold = fn.invoke("{\"say\":\"hi\"}");
            Invocation warm = fn.invoke("{\"say\":\"again\"}");

            assertThat(cold.succeeded()).as("cold succeeded: " + cold.error()).isTrue();
            assertThat(cold.response()).as("cold response").isEqualTo("\"echo:hi\"");
            assertThat(cold.phase()).as("first phase").isEqualTo(Phase.COLD);
            assertThat(cold.initMs()).as("init duration").isGreaterThan(50);
            assertThat(cold.durationMs()).as("cold duration").isGreaterThan(0);
            assertThat(cold.billedMs())
                    .as("cold billed = init + duration rounded up")
                    .isEqualTo((long) Math.ceil(cold.initMs() + cold.durationMs()));
            assertThat(cold.memorySizeMb()).as("memory size").isEqualTo(512);
            assertThat(cold.maxMemoryUsedMb()).as("max memory used").isBetween(20L, 512L);
            assertThat(cold.logLines()).as("init and handler output").contains("echo init");
            assertThat(cold.reportLine())
                    .as("REPORT line")
                    .startsWith("REPORT RequestId: " + cold.requestId())
                    .contains("Init Duration: ")
                    .contains("Memory Size: 512 MB");

            assertThat(warm.phase()).as("second phase").isEqualTo(Phase.WARM);
            assertThat(warm.initMs()).as("warm init").isZero();
            assertThat(warm.billedMs()).as("warm billed").isEqualTo((long) Math.ceil(warm.durationMs()));
            assertThat(warm.response()).as("warm response").isEqualTo("\"echo:again\"");
            assertThat(warm.logLines()).as("warm output has no init line").noneMatch(l -> l.equals("echo init"));
            String line = warm.logLines().stream()
                    .filter(l -> l.startsWith("echo " + warm.requestId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("handler line missing in " + warm.logLines()));
            assertThat(line)
                    .as("context as the handler saw it")
                    .contains("memory=512")
                    .contains("arn=arn:aws:lambda:us-east-1:000000000000:function:twinrun-local")
                    .contains("cpus=1")
                    .contains("maxHeapMb=4");
            int available = Runtime.getRuntime().availableProcessors();
            if (available > 1 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
                assertThat(line)
                        .as("the handler thread pinned to one core after the init")
                        .endsWith("affinity=" + (available - 1));
            }
        }
    }

    @Test
    void functionErrorIsReportedAndTheEnvironmentStaysWarm() throws Exception {
        try (ForkedLambda fn = ForkedLambda.start(echo(512).build())) {
            Invocation failed = fn.invoke("{\"fail\":\"bad input\"}");
            Invocation next = fn.invoke("{\"say\":\"still here\"}");

            assertThat(failed.succeeded()).as("failed invocation").isFalse();
            assertThat(failed.error().errorType()).as("error type header").isEqualTo("Runtime.UserException");
            assertThat(failed.error().errorMessage()).as("error message").isEqualTo("failing on purpose: bad input");
            assertThat(failed.error().body()).as("error body").contains("java.lang.IllegalArgumentException");
            assertThat(next.phase()).as("after a function error").isEqualTo(Phase.WARM);
            assertThat(next.response()).as("after a function error").isEqualTo("\"echo:still here\"");
        }
    }

    @Test
    void timeoutKillsTheEnvironmentAndTheNextInvocationIsCold() throws Exception {
        try (ForkedLambda fn =
                ForkedLambda.start(echo(512).timeout(Duration.ofSeconds(1)).build())) {
            fn.invoke("{\"say\":\"warm up\"}");
            Invocation slow = fn.invoke("{\"sleepMs\":5000}");
            Invocation after = fn.invoke("{\"say\":\"fresh\"}");

            assertThat(slow.error().errorType()).as("timed out").isEqualTo("Sandbox.Timedout");
            assertThat(slow.error().errorMessage())
                    .as("timeout message")
                    .isEqualTo("Task timed out after 1.00 seconds");
            assertThat(slow.durationMs()).as("timed-out duration").isBetween(1000.0, 2000.0);
            assertThat(after.phase()).as("after a timeout").isEqualTo(Phase.COLD);
            assertThat(after.response()).as("after a timeout").isEqualTo("\"echo:fresh\"");
        }
    }

    @Test
    void recycledEnvironmentIsReplacedByAColdOne() throws Exception {
        try (ForkedLambda fn = ForkedLambda.start(echo(512).build())) {
            fn.invoke("{\"say\":\"first\"}");
            Thread.sleep(200); // the idle runtime is parked in /next when it is recycled
            fn.recycle();
            Invocation again = fn.invoke("{\"say\":\"second\"}");

            assertThat(again.phase()).as("after recycle").isEqualTo(Phase.COLD);
            assertThat(again.response()).as("after recycle").isEqualTo("\"echo:second\"");
            assertThat(again.durationMs()).as("duration after recycle").isLessThan(10_000);
        }
    }

    @Test
    void initErrorIsReportedAsTheColdInvocationsError() throws Exception {
        try (ForkedLambda fn =
                ForkedLambda.start(echo(512).env("ECHO_FAIL_INIT", "1").build())) {
            Invocation r = fn.invoke("{}");

            assertThat(r.phase()).as("init failure phase").isEqualTo(Phase.COLD);
            assertThat(r.succeeded()).as("init failure").isFalse();
            assertThat(r.error().errorType()).as("init error type").startsWith("Runtime.");
            assertThat(r.error().body()).as("init error body").contains("init failed on purpose");
        }
    }

    @Test
    void residentSetOverTheMemorySizeKillsTheRuntime() throws Exception {
        try (ForkedLambda fn = ForkedLambda.start(echo(128).build())) {
            Invocation r = fn.invoke("{\"allocateMb\":100}");

            assertThat(r.error()).as("error when the runtime outgrows 128 MB").isNotNull();
            assertThat(r.error().errorType()).as("killed for memory").isEqualTo("Runtime.OutOfMemory");
            assertThat(r.maxMemoryUsedMb())
                    .as("max memory used reached the limit")
                    .isGreaterThanOrEqualTo(120);
        }
    }

    @Test
    void runtimeApiRejectsAnswersForUnknownRequests() throws Exception {
        try (RuntimeApiServer api = RuntimeApiServer.start()) {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://" + api.address()
                                            + "/2018-06-01/runtime/invocation/no-such-id/response"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as("status for an unknown request id").isEqualTo(400);
            assertThat(r.body()).as("error type").contains("InvalidRequestID");
        }
    }

    @Test
    void cpuShareFollowsLambdaMemory() throws Exception {
        assertThat(echo(512).build().activeProcessorCount())
                .as("cores at 512 MB")
                .isEqualTo(1);
        assertThat(echo(1769).build().activeProcessorCount())
                .as("cores at 1769 MB")
                .isEqualTo(1);
        assertThat(echo(1770).build().activeProcessorCount())
                .as("cores at 1770 MB")
                .isEqualTo(2);
        assertThat(echo(10_240).build().activeProcessorCount())
                .as("cores at 10240 MB")
                .isEqualTo(6);
        assertThat(echo(1024).build().maxHeapKb()).as("heap at 1024 MB").isEqualTo(891_289);
    }

    @Test
    void runtimesStartedAtTheSameMomentAllComeUp() throws Exception {
        // Without a native library of the harness's own, every runtime copies it to one /tmp path while the others map
        // it, and one of two runtimes started together could die of SIGBUS (seen in the fan-out benchmark).
        Optional<Path> lib = RuntimeClasspath.jniLibrary(RuntimeClasspath.locate());
        if (lib.isPresent()) {
            assertThat(lib.get())
                    .as("unpacked once, not at the client's fixed path")
                    .exists()
                    .isNotEqualTo(Path.of("/tmp/.libaws-lambda-jni.so"));
            assertThat(RuntimeClasspath.jniLibrary(RuntimeClasspath.locate()))
                    .as("reused")
                    .contains(lib.get());
        }
        int n = 3;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<ForkedLambda> started = new CopyOnWriteArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Invocation>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String say = "n" + i;
                calls.add(pool.submit(() -> {
                    go.await();
                    ForkedLambda fn = ForkedLambda.start(echo(512).build());
                    started.add(fn);
                    return fn.invoke("{\"say\":\"" + say + "\"}");
                }));
            }
            go.countDown();
            for (int i = 0; i < n; i++) {
                Invocation cold = calls.get(i).get(60, TimeUnit.SECONDS);
                assertThat(cold.succeeded())
                        .as("runtime %d: %s %s", i, cold.error(), cold.logLines())
                        .isTrue();
                assertThat(cold.response()).isEqualTo("\"echo:n" + i + "\"");
            }
        } finally {
            pool.shutdownNow();
            started.forEach(ForkedLambda::close);
        }
    }
}

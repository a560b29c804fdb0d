package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.core.HourId;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.lambda.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Lambda variant on a local S3 endpoint: the deployment zip in the real runtime interface client, in a JVM of its
 * own sized for the memory size ({@link ForkedLambda}); one fresh execution environment per repetition, whose first
 * invocation is cold and the others warm, each invocation an S3 event for a different hour.
 */
public final class LambdaVariant {
    /** The handler the deployed function runs on S3 events. */
    public static final String HANDLER = "dev.twinrun.lambda.S3EventHandler";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaVariant() {}

    /** The output prefix of one memory size and repetition. */
    public static String outputPrefix(int memoryMb, int repetition) {
        return "lambda-" + memoryMb + "mb/r" + repetition + "/";
    }

    /**
     * Runs every hour once in a fresh environment; each record goes to {@code sink} as soon as it is measured.
     */
    public static void run(
            Path zip,
            Bucket bucket,
            int memoryMb,
            String arch,
            int repetition,
            Map<HourId, List<String>> hours,
            long sizeBytes,
            Consumer<InvocationRecord> sink,
            Consumer<String> warn,
            ProgressBar bar)
            throws IOException, InterruptedException {
        LambdaSpec spec = LambdaSpec.builder(zip, HANDLER)
                .memoryMb(memoryMb)
                .timeout(Duration.ofMinutes(15))
                .functionName("twinrun-compare-" + memoryMb)
                .region(bucket.region())
                .env(FunctionZip.lambdaEnvironment(
                        bucket.jobEnvironment(outputPrefix(memoryMb, repetition), Platform.LAMBDA.json())))
                .build();
        try (ForkedLambda fn = ForkedLambda.start(spec)) {
            for (Map.Entry<HourId, List<String>> h : hours.entrySet()) {
                String key = h.getValue().get(h.getValue().size() - 1);
                String event = S3Events.objectCreated(
                        bucket.bucket(),
                        key,
                        sizeBytes / h.getValue().size(),
                        bucket.region(),
                        h.getKey().end());
                bar.show("lambda " + memoryMb + " MB r" + repetition + " hour " + h.getKey());
                Invocation inv = fn.invoke(event);
                InvocationRecord rec = record(inv, arch);
                sink.accept(rec);
                if (rec.failed()) {
                    warn.accept("lambda " + memoryMb + " MB hour " + h.getKey() + " failed: " + describe(inv) + "\n  "
                            + String.join(
                                    "\n  ",
                                    inv.logLines()
                                            .subList(
                                                    Math.max(0, inv.logLines().size() - 10),
                                                    inv.logLines().size())));
                }
                bar.step("lambda " + memoryMb + " MB r" + repetition + " hour " + h.getKey() + " "
                        + inv.phase().label() + (inv.succeeded() ? "" : " FAILED"));
            }
        }
    }

    /** The raw record of one harness invocation (a failed one is recorded as failed, with its figures). */
    public static InvocationRecord record(Invocation inv, String arch) {
        Long rows = null;
        Long bytes = null;
        boolean failed = !inv.succeeded();
        if (inv.succeeded()) {
            try {
                JsonNode hour = JSON.readTree(inv.response()).path("hours").path(0);
                rows = hour.path("rowsRead").asLong();
                bytes = hour.path("bytesRead").asLong();
                // An hour that was already current did no work: not a measurement of the job.
                failed = !hour.path("outcome").asText().equals("PUBLISHED");
            } catch (IOException e) {
                failed = true;
            }
        }
        return new InvocationRecord(
                Platform.LAMBDA,
                dev.twinrun.benchmarks.stats.Phase.parse(inv.phase().label()),
                inv.durationMs(),
                inv.cpuMs() >= 0 ? (double) inv.cpuMs() : null,
                (double) inv.billedMs(),
                inv.phase() == Phase.COLD ? inv.initMs() : null,
                inv.memorySizeMb(),
                (int) inv.maxMemoryUsedMb(),
                rows,
                bytes,
                failed,
                null,
                arch,
                null,
                inv.requestId(),
                null);
    }

    /** When the invocation failed, its error, for the console. */
    static String describe(Invocation inv) {
        return inv.failure().map(e -> e.errorType() + ": " + e.errorMessage()).orElse("response " + inv.response());
    }
}

package dev.twinrun.benchmarks.measure;

import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.core.HourId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The LocalStack target: S3, and the Lambda function deployed into LocalStack (which runs it in a Docker container of
 * its own), figures from the REPORT line of each invocation's log tail; the EC2 variant as local cron ticks against
 * LocalStack's S3. Needs a Docker engine; without one it fails at once. Not run in the project's CI (no Docker there).
 */
public final class LocalStackTarget {
    /**
     * A pinned LocalStack image that starts without an auth token: newer images need {@code LOCALSTACK_AUTH_TOKEN}
     * to start at all (docs.localstack.cloud/aws/getting-started/auth-token/, read 2026-12-02).
     */
    public static final String IMAGE = "localstack/localstack:4.14.0";

    private LocalStackTarget() {}

    /** Fails fast without Docker; otherwise runs the experiment in a fresh LocalStack container. */
    public static Experiment.Result run(ExperimentSettings s, ProgressBar bar, Consumer<String> warn) throws Exception {
        QuietLogging.apply();
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException("no Docker engine; use --target embedded");
        }
        try (LocalStackContainer ls = new LocalStackContainer(DockerImageName.parse(IMAGE))) {
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                ls.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            ls.start();
            var creds =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(ls.getAccessKey(), ls.getSecretKey()));
            try (S3Client s3 = S3Client.builder()
                            .endpointOverride(ls.getEndpoint())
                            .forcePathStyle(true)
                            .region(Region.of(ls.getRegion()))
                            .credentialsProvider(creds)
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                    LambdaClient lambda = LambdaClient.builder()
                            .endpointOverride(ls.getEndpoint())
                            .region(Region.of(ls.getRegion()))
                            .credentialsProvider(creds)
                            .httpClient(UrlConnectionHttpClient.create())
                            .build()) {
                s3.createBucket(b -> b.bucket(Experiment.BUCKET));
                Bucket bucket = new Bucket(ls.getEndpoint(), s3, Experiment.BUCKET, ls.getAccessKey(), ls.getRegion())
                        .withJobOf(s);
                byte[] zip = Files.readAllBytes(FunctionZip.forJob(s));
                return Experiment.runLocal(
                        s,
                        bucket,
                        (b, mb, arch, rep, hours, size, sink, w, pb) ->
                                runFunction(lambda, zip, b, mb, arch, rep, hours, size, sink, w, pb),
                        bar,
                        warn);
            }
        }
    }

    /** Deploys a fresh function (so its first invocation is cold) and invokes it once per hour. */
    static void runFunction(
            LambdaClient lambda,
            byte[] zip,
            Bucket bucket,
            int memoryMb,
            String arch,
            int repetition,
            Map<HourId, List<String>> hours,
            long sizeBytes,
            Consumer<InvocationRecord> sink,
            Consumer<String> warn,
            ProgressBar bar) {
        String name = "twinrun-compare-" + memoryMb + "-r" + repetition;
        Map<String, String> env = FunctionZip.lambdaEnvironment(
                new LinkedHashMap<>(bucket.jobEnvironment(LambdaVariant.outputPrefix(memoryMb, repetition), "lambda")));
        // Inside LocalStack's Lambda container the S3 endpoint is LocalStack itself, not the host's mapped port.
        env.put("AWS_ENDPOINT_URL_S3", "http://localhost.localstack.cloud:4566");
        lambda.createFunction(b -> b.functionName(name)
                .runtime(Runtime.JAVA17)
                .handler(LambdaVariant.HANDLER)
                .role("arn:aws:iam::000000000000:role/twinrun-compare")
                .memorySize(memoryMb)
                .timeout(900)
                .architectures(arch.equals("arm64") ? Architecture.ARM64 : Architecture.X86_64)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))
                .environment(e -> e.variables(env)));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
        for (Map.Entry<HourId, List<String>> h : hours.entrySet()) {
            String key = h.getValue().get(h.getValue().size() - 1);
            String event = S3Events.objectCreated(
                    bucket.bucket(),
                    key,
                    sizeBytes / h.getValue().size(),
                    bucket.region(),
                    h.getKey().end());
            bar.show("lambda(localstack) " + memoryMb + " MB r" + repetition + " hour " + h.getKey());
            InvokeResponse r = lambda.invoke(b -> b.functionName(name)
                    .logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String(event))
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(16))));
            String tail = r.logResult() == null
                    ? ""
                    : new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
            InvocationRecord rec = AwsTarget.fromReport(
                    LambdaReportLine.find(tail).orElse(null),
                    r.functionError(),
                    r.payload() == null ? null : r.payload().asUtf8String(),
                    arch);
            sink.accept(rec);
            if (rec.failed()) {
                warn.accept("lambda(localstack) " + name + " hour " + h.getKey() + " failed: " + r.functionError()
                        + "\n" + tail);
            }
            bar.step("lambda(localstack) " + memoryMb + " MB r" + repetition + " hour " + h.getKey() + " "
                    + rec.phase());
        }
        lambda.deleteFunction(b -> b.functionName(name));
    }
}

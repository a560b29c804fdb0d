package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.S3ObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The zip deployed as a Java 17 function in LocalStack, triggered by a real S3 notification. Needs Docker (LocalStack
 * starts the function in a container of its own through the Docker socket); skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLambdaIT {
    /** The last LocalStack image that starts without an auth token; LOCALSTACK_AUTH_TOKEN is passed when set. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

    private static final String BUCKET = "twinrun-localstack";
    private static final String FUNCTION = "twinrun-hourly";

    @Container
    static final LocalStackContainer LOCALSTACK = localstack();

    private static LocalStackContainer localstack() {
        LocalStackContainer c = new LocalStackContainer(IMAGE)
                .withServices("s3", "lambda", "iam", "sts", "logs")
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock")
                .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return c;
    }

    @Test
    void uploadedCsvIsProcessedByTheDeployedFunction() throws Exception {
        Path zip = Path.of(Objects.requireNonNull(System.getProperty("twinrun.lambda.zip"), "twinrun.lambda.zip"));
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        try (S3Client s3 = S3Clients.create(LOCALSTACK.getEndpoint(), region, credentials);
                LambdaClient lambda = LambdaClient.builder()
                        .endpointOverride(LOCALSTACK.getEndpoint())
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            // LocalStack hands the function AWS_ENDPOINT_URL pointing back at itself; the core's S3 client honours it.
            byte[] code = Files.readAllBytes(zip);
            String arn = lambda.createFunction(f -> f.functionName(FUNCTION)
                            .runtime(Runtime.JAVA17)
                            .handler("dev.twinrun.lambda.S3EventHandler")
                            .role("arn:aws:iam::000000000000:role/twinrun-lambda")
                            .memorySize(1024)
                            .timeout(300)
                            .environment(
                                    e -> e.variables(Map.of("TWINRUN_BUCKET", BUCKET, "TWINRUN_VARIANT", "lambda")))
                            .code(c -> c.zipFile(SdkBytes.fromByteArray(code))))
                    .functionArn();
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(FUNCTION));
            lambda.addPermission(p -> p.functionName(FUNCTION)
                    .statementId("s3-invoke")
                    .action("lambda:InvokeFunction")
                    .principal("s3.amazonaws.com")
                    .sourceArn("arn:aws:s3:::" + BUCKET));
            s3.putBucketNotificationConfiguration(n -> n.bucket(BUCKET)
                    .notificationConfiguration(cfg -> cfg.lambdaFunctionConfigurations(l -> l.lambdaFunctionArn(arn)
                            .events(Event.S3_OBJECT_CREATED)
                            .filter(f -> f.key(k -> k.filterRules(
                                    r -> r.name(FilterRuleName.PREFIX).value("incoming/"),
                                    r -> r.name(FilterRuleName.SUFFIX).value(".csv")))))));

            HourId hour = HourId.parse("2026-11-26T13");
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            new EventGenerator(7, 0.01).write(hour, 0, 500_000, csv);
            s3.putObject(
                    p -> p.bucket(BUCKET).key("incoming/" + hour.path() + "/part-0000.csv"),
                    RequestBody.fromBytes(csv.toByteArray()));

            String success = HourJob.insightsKey(hour, "_SUCCESS");
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            boolean published = false;
            while (!published && System.nanoTime() < deadline) {
                try {
                    s3.headObject(h -> h.bucket(BUCKET).key(success));
                    published = true;
                } catch (NoSuchKeyException e) {
                    Thread.sleep(2000);
                } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                    if (e.statusCode() != 404) {
                        throw e;
                    }
                    Thread.sleep(2000);
                }
            }
            assertThat(published)
                    .as("insights _SUCCESS for " + hour + " within 4 minutes of the upload")
                    .isTrue();
            String summary = new String(
                    Publication.readPublished(new S3ObjectStore(s3, BUCKET, ""), hour, "summary.json")
                            .orElseThrow(),
                    StandardCharsets.UTF_8);
            assertThat(summary).as("summary.json").startsWith("{");
        }
    }
}

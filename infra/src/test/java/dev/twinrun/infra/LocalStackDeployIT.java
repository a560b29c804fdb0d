package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploys the data and Lambda stacks to LocalStack with the pinned CDK CLI through {@code cdklocal}, then checks
 * what was created. Needs Docker (LocalStack, and LocalStack's Lambda runs in Docker too); skipped without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDeployIT {

    /** The last LocalStack tag that starts without an auth token. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE)
            .withServices("s3", "lambda", "sqs", "logs", "iam", "sts", "cloudformation", "ssm", "cloudwatch", "events")
            .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock");

    @Test
    void cdklocalDeploysTheDataAndLambdaStacks() throws Exception {
        Path infra = Path.of("").toAbsolutePath();
        Path zip = Files.createTempFile("twinrun-lambda", ".zip");
        Path real = infra.resolve("../lambda-adapter/target/twinrun-lambda.zip").normalize();
        if (Files.isRegularFile(real)) {
            Files.copy(real, zip, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.write(zip, PlaceholderZip.bytes());
        }
        String account = "000000000000";
        cdklocal(infra, "bootstrap", "aws://" + account + "/" + LOCALSTACK.getRegion());
        cdklocal(
                infra,
                "deploy",
                TwinrunApp.DATA,
                TwinrunApp.LAMBDA,
                "--require-approval",
                "never",
                "-c",
                "variants=lambda",
                "-c",
                "lambdaArtifact=" + zip);

        URI endpoint = LOCALSTACK.getEndpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        try (CloudFormationClient cfn = CloudFormationClient.builder()
                        .endpointOverride(endpoint)
                        .credentialsProvider(credentials)
                        .region(region)
                        .build();
                S3Client s3 = S3Client.builder()
                        .endpointOverride(endpoint)
                        .credentialsProvider(credentials)
                        .region(region)
                        .forcePathStyle(true)
                        .build();
                LambdaClient lambda = LambdaClient.builder()
                        .endpointOverride(endpoint)
                        .credentialsProvider(credentials)
                        .region(region)
                        .build()) {
            String bucket = output(cfn, TwinrunApp.DATA, "BucketName");
            String function = output(cfn, TwinrunApp.LAMBDA, "FunctionName");
            s3.headBucket(b -> b.bucket(bucket));
            assertThat(s3.getBucketEncryption(b -> b.bucket(bucket))
                            .serverSideEncryptionConfiguration()
                            .rules())
                    .as("bucket encryption")
                    .isNotEmpty();
            GetFunctionConfigurationResponse fn = lambda.getFunctionConfiguration(f -> f.functionName(function));
            assertThat(fn.runtimeAsString()).isEqualTo("java21");
            assertThat(fn.memorySize()).isEqualTo(1024);
            assertThat(fn.environment().variables())
                    .containsEntry("TWINRUN_BUCKET", bucket)
                    .containsEntry("TWINRUN_VARIANT", "lambda");
            assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket))
                            .lambdaFunctionConfigurations())
                    .as("S3 trigger installed")
                    .hasSize(1);
        }
    }

    private static String output(CloudFormationClient cfn, String stackName, String key) {
        Stack stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
        return stack.outputs().stream()
                .filter(o -> o.outputKey().equals(key))
                .map(Output::outputValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no output " + key + " in " + stackName));
    }

    private static void cdklocal(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("npx", "--no-install", "cdklocal"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL", LOCALSTACK.getEndpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        env.put("AWS_REGION", LOCALSTACK.getRegion());
        env.put("AWS_DEFAULT_REGION", LOCALSTACK.getRegion());
        env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
        Process process = pb.start();
        assertThat(process.waitFor(15, TimeUnit.MINUTES))
                .as("cdklocal %s finished", args[0])
                .isTrue();
        assertThat(process.exitValue())
                .as("cdklocal %s exit code", String.join(" ", args))
                .isZero();
    }

    /** A minimal valid zip for when lambda-adapter has not been built (the deploy, not the code, is under test). */
    private static final class PlaceholderZip {
        static byte[] bytes() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("PLACEHOLDER.txt"));
                zip.write("placeholder".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return out.toByteArray();
        }
    }
}

package dev.twinrun.core.store;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client every module uses, configured on purpose rather than by default.
 *
 * <p>Endpoint: {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}, else AWS; with an endpoint set,
 * path-style addressing (LocalStack, s3proxy, MinIO). Region: {@code AWS_REGION}, else
 * {@code AWS_DEFAULT_REGION}, else us-east-1. Credentials: see {@link #credentials}. Retries: the SDK's standard mode, 5 attempts (8 against a local endpoint, see {@link #LOCAL_MAX_ATTEMPTS}) with
 * exponential backoff and jitter. Timeouts: connect 5 s, socket read 60 s, one attempt 120 s.
 */
public final class S3Clients {
    /** Attempts per S3 call, the first included. */
    public static final int MAX_ATTEMPTS = 5;

    /**
     * Attempts against a local endpoint (the in-process server, LocalStack): more than the JDK HTTP client keeps idle
     * connections to one host ({@code http.maxConnections}, 5). A local server that closes connections the client
     * still keeps (after answering a request early, say) fails as many attempts as there are kept connections with
     * "Error writing request body to server"; the attempt after them opens a new connection.
     */
    static final int LOCAL_MAX_ATTEMPTS = 8;

    private S3Clients() {}

    public static S3Client fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static S3Client fromEnvironment(Map<String, String> env) {
        S3Environment s3 = S3Environment.of(env);
        return create(
                s3.endpoint() == null ? null : URI.create(s3.endpoint()),
                Region.of(s3.region()),
                credentials(env, s3.endpoint()));
    }

    /**
     * The credentials: the keys in the environment when it has them (as Lambda sets them without SnapStart: the
     * execution role's keys and session token, which the JVM reads once at start, as the SDK's environment provider
     * would), taken here rather than by the SDK's default chain, which builds up to seven providers at the first call
     * (74 classes fewer in a cold Lambda invocation, of about 6,000); with a local endpoint and no keys, fixed dummy
     * keys (local S3 servers accept any); otherwise the default chain (an EC2 instance profile, the container
     * credentials SnapStart and Fargate give, a profile file, ...). A system property {@code aws.accessKeyId} comes
     * first in the default chain, so with one set the chain decides, as before.
     */
    static AwsCredentialsProvider credentials(Map<String, String> env, String endpoint) {
        S3Environment s3 = S3Environment.of(env);
        if (System.getProperty("aws.accessKeyId") != null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (s3.keys()) {
            return StaticCredentialsProvider.create(
                    s3.sessionToken() == null
                            ? AwsBasicCredentials.create(s3.keyId(), s3.secret())
                            : AwsSessionCredentials.create(s3.keyId(), s3.secret(), s3.sessionToken()));
        }
        if (endpoint != null && s3.keyId() == null) {
            // Local S3 servers accept any key; spare users an unhelpful "unable to load credentials".
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("twinrun", "twinrun"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** A client for an explicit endpoint (null for AWS), as tests and the embedded target use it. */
    public static S3Client create(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(endpoint == null ? MAX_ATTEMPTS : LOCAL_MAX_ATTEMPTS))
                        .apiCallAttemptTimeout(Duration.ofSeconds(120))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        return builder.build();
    }
}

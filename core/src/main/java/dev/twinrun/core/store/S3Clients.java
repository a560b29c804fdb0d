package dev.twinrun.core.store;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
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
 * {@code AWS_DEFAULT_REGION}, else us-east-1. Retries: the SDK's standard mode, 5 attempts with
 * exponential backoff and jitter. Timeouts: connect 5 s, socket read 60 s, one attempt 120 s.
 */
public final class S3Clients {
    /** Attempts per S3 call, the first included. */
    public static final int MAX_ATTEMPTS = 5;

    private S3Clients() {}

    public static S3Client fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static S3Client fromEnvironment(Map<String, String> env) {
        String endpoint = firstNonBlank(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), "us-east-1");
        AwsCredentialsProvider credentials =
                DefaultCredentialsProvider.builder().build();
        if (endpoint != null && env.get("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
            // Local S3 servers accept any key; spare users an unhelpful "unable to load credentials".
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("twinrun", "twinrun"));
        }
        return create(endpoint == null ? null : URI.create(endpoint), Region.of(region), credentials);
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
                        .retryStrategy(b -> b.maxAttempts(MAX_ATTEMPTS))
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

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}

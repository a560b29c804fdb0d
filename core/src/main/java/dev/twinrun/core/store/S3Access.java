package dev.twinrun.core.store;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How a deployed job reaches its buckets: one S3 transport, shared by every store it opens, closed with it.
 *
 * <p>{@link #fromEnvironment} picks the transport: signed REST calls of its own ({@link HttpS3Wire}), which load no
 * SDK class, when the environment holds the keys to sign with ({@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY}, as Lambda sets them for the execution role without SnapStart); otherwise the SDK's client
 * ({@link S3Clients}), whose credential chain also reads an instance profile (EC2), a task role (Fargate) or
 * SnapStart's container credentials. {@code TWINRUN_S3_CLIENT} (or the system property {@code twinrun.s3.client})
 * set to {@code sdk} or {@code http} overrides the choice; {@code http} without keys needs a local endpoint, else it
 * is a configuration error. Why http where it can: on a cold hourly Lambda invocation, which is every one, the SDK's
 * class loading and initialization is most of the billed time that is not the hour's work (docs/BENCHMARKS.md,
 * "Cold path": {@code ./twinrun bench lambda --java-tool-options default --java-tool-options
 * -Dtwinrun.s3.client=sdk}).
 */
public final class S3Access implements AutoCloseable {
    /** The setting that picks the transport: {@code sdk} or {@code http}. */
    public static final String CLIENT = "TWINRUN_S3_CLIENT";

    private final S3Wire wire;

    private S3Access(S3Wire wire) {
        this.wire = wire;
    }

    /** Through the SDK client {@code s3}. */
    public static S3Access sdk(S3Client s3) {
        return new S3Access(new SdkS3Wire(Objects.requireNonNull(s3, "s3")));
    }

    /** The transport the environment calls for (see the class comment), configured as {@link S3Clients} is. */
    public static S3Access fromEnvironment(Map<String, String> env) {
        String choice = S3Environment.firstNonBlank(System.getProperty("twinrun.s3.client"), env.get(CLIENT));
        S3Environment s3 = S3Environment.of(env);
        boolean http;
        if (choice == null) {
            http = s3.keys();
        } else if (choice.equals("http") || choice.equals("sdk")) {
            http = choice.equals("http");
            if (http && !s3.keys() && s3.endpoint() == null) {
                throw new dev.twinrun.core.ConfigException("invalid twinrun configuration: " + CLIENT
                        + "=http needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
            }
        } else {
            throw new dev.twinrun.core.ConfigException(
                    "invalid twinrun configuration: " + CLIENT + "='" + choice + "' is neither sdk nor http");
        }
        if (!http) {
            return sdk(S3Clients.fromEnvironment(env));
        }
        SigV4 signer = s3.keys()
                ? new SigV4(s3.keyId(), s3.secret(), s3.sessionToken(), s3.region())
                : new SigV4("twinrun", "twinrun", null, s3.region()); // local S3 servers accept any key
        return new S3Access(new HttpS3Wire(
                s3.endpoint() == null ? null : URI.create(s3.endpoint()),
                signer,
                s3.endpoint() == null ? S3Clients.MAX_ATTEMPTS : S3Clients.LOCAL_MAX_ATTEMPTS));
    }

    /** The store rooted at {@code prefix} of {@code bucket}. */
    public S3ObjectStore store(String bucket, String prefix) {
        return new S3ObjectStore(wire, bucket, prefix);
    }

    /** {@code sdk} or {@code http}: which transport this is, for logs. */
    public String transport() {
        return wire instanceof HttpS3Wire ? "http" : "sdk";
    }

    @Override
    public void close() {
        try {
            wire.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

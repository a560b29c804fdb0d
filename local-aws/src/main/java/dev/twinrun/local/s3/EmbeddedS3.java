package dev.twinrun.local.s3;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A real S3 API server in this JVM (s3proxy), for tests and the embedded benchmark target.
 *
 * <p>It listens on 127.0.0.1 on a free port and accepts any credentials. s3proxy is an optional
 * dependency of core: a module that calls this declares {@code org.gaul:s3proxy} itself.
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** Credentials the embedded server accepts (it accepts any). */
    public static final String ACCESS_KEY = "twinrun";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private EmbeddedS3(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.client = newClient();
    }

    /** Starts a server that keeps objects in memory. */
    public static EmbeddedS3 start() {
        return start(new TransientNio2BlobStore());
    }

    /** Starts a server that keeps objects as files under {@code dir} (for inputs larger than the heap). */
    public static EmbeddedS3 start(Path dir) {
        return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
    }

    /**
     * Starts a server in memory that checks every request's AWS Signature Version 4 against the
     * keys {@link #ACCESS_KEY} / {@link #ACCESS_KEY}, and refuses any other with 403.
     */
    public static EmbeddedS3 startSigned() {
        return start(new TransientNio2BlobStore(), AuthenticationType.AWS_V4, ACCESS_KEY, ACCESS_KEY);
    }

    private static EmbeddedS3 start(BlobStore store) {
        return start(store, AuthenticationType.NONE, null, null);
    }

    private static EmbeddedS3 start(BlobStore store, AuthenticationType auth, String identity, String secret) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(auth, identity, secret)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 server did not start: " + e.getMessage(), e);
        }
        return new EmbeddedS3(proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of this server's; closed with it. */
    public S3Client client() {
        return client;
    }

    /** Credentials this server accepts, for a client built elsewhere (the core's {@code S3Clients}, say). */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, ACCESS_KEY));
    }

    /** A new client of this server's: path-style, us-east-1, this server's credentials. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                // More attempts than the JDK HTTP client keeps idle connections to a host (5): connections this
                // server closed while the client kept them fail one attempt each, then a new one is opened.
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(8)))
                .build();
    }

    public EmbeddedS3 createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
        return this;
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 server did not stop: " + e.getMessage(), e);
        }
    }
}

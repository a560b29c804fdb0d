package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.twinrun.core.ConfigException;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link S3ObjectStoreTest} again, through the signed REST calls of {@link HttpS3Wire} (no SDK), and
 * what only that transport has to get right: its signatures as a server that checks them sees them, keys that need
 * encoding, listings of more than one page, and its retries.
 */
class HttpS3ObjectStoreTest extends S3ObjectStoreTest {

    @Override
    S3ObjectStore store(String location) {
        return Stores.openS3(location, http(s3));
    }

    private static S3Access http(EmbeddedS3 server) {
        S3Access access = S3Access.fromEnvironment(Map.of(
                S3Access.CLIENT,
                "http",
                "AWS_ENDPOINT_URL_S3",
                server.endpoint().toString(),
                "AWS_ACCESS_KEY_ID",
                EmbeddedS3.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                EmbeddedS3.ACCESS_KEY,
                "AWS_REGION",
                "us-east-1"));
        assertThat(access.transport()).isEqualTo("http");
        return access;
    }

    @Test
    void aServerThatChecksSignaturesTakesTheseAndRefusesAWrongSecret() throws Exception {
        try (EmbeddedS3 signed = EmbeddedS3.startSigned().createBucket("signed")) {
            S3ObjectStore store = Stores.openS3("s3://signed/p", http(signed));
            store.put("dt=2026-12-02/hour=13/a b+c=d$é.csv", "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8));
            assertThat(store.list("dt=2026-12-02/"))
                    .extracting(ObjectInfo::key)
                    .containsExactly("dt=2026-12-02/hour=13/a b+c=d$é.csv");
            try (InputStream in = store.open("dt=2026-12-02/hour=13/a b+c=d$é.csv", 4)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("1,2\n");
            }
            ConditionalStoreContract.check(store);

            S3ObjectStore wrong = Stores.openS3(
                    "s3://signed/p",
                    S3Access.fromEnvironment(Map.of(
                            S3Access.CLIENT,
                            "http",
                            "AWS_ENDPOINT_URL_S3",
                            signed.endpoint().toString(),
                            "AWS_ACCESS_KEY_ID",
                            EmbeddedS3.ACCESS_KEY,
                            "AWS_SECRET_ACCESS_KEY",
                            "not-the-secret")));
            assertThatThrownBy(() -> wrong.list(""))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://signed/p/")
                    .hasMessageContaining("403")
                    .hasMessageContaining("SignatureDoesNotMatch");
        }
    }

    @Test
    void aListingOfMoreThanOnePageIsReadToItsEnd() throws Exception {
        s3.createBucket("pages");
        S3ObjectStore store = store("s3://pages/many");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_003; i++) {
            keys.add(String.format("k/%05d&<%s>.csv", i, i % 2 == 0 ? "é" : " "));
        }
        for (String k : keys) {
            store.put(k, new byte[] {1});
        }
        assertThat(store.list("k/"))
                .as("S3 pages a listing at 1,000 keys")
                .extracting(ObjectInfo::key)
                .containsExactlyElementsOf(keys.stream().sorted().toList());
    }

    @Test
    void aServerErrorIsRetriedAndARefusalIsNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int n = calls.incrementAndGet();
            byte[] body;
            int status;
            if (ex.getRequestURI().getPath().contains("denied")) {
                status = 403;
                body = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".getBytes();
            } else if (n <= 2) {
                status = 500;
                body = "<Error><Code>InternalError</Code><Message>try again</Message></Error>".getBytes();
            } else {
                status = 200;
                body = "abc".getBytes();
                ex.getResponseHeaders().add("ETag", "\"e\"");
            }
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            S3ObjectStore store = Stores.openS3(
                    "s3://b/p",
                    S3Access.fromEnvironment(Map.of(S3Access.CLIENT, "http", "AWS_ENDPOINT_URL_S3", endpoint)));
            assertThat(store.read("x.csv")).isEqualTo("abc".getBytes());
            assertThat(calls.get()).as("two 500s, then the answer").isEqualTo(3);

            calls.set(10);
            assertThatThrownBy(() -> store.read("denied.csv"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://b/p/denied.csv")
                    .hasMessageContaining("AccessDenied");
            assertThat(calls.get()).as("a 403 is not retried").isEqualTo(11);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anErrorInTheBodyOfA200CompleteIsRetried() throws Exception {
        AtomicInteger completes = new AtomicInteger();
        AtomicInteger failFirst = new AtomicInteger(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body;
            if (completes.incrementAndGet() <= failFirst.get()) {
                body = "<Error><Code>InternalError</Code><Message>try again</Message></Error>".getBytes();
            } else {
                body = "<CompleteMultipartUploadResult><ETag>\"e-1\"</ETag></CompleteMultipartUploadResult>".getBytes();
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (HttpS3Wire wire = new HttpS3Wire(
                java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                new SigV4("k", "s", null, "us-east-1"),
                3)) {
            wire.completeMultipart("b", "k.csv", "u1", List.of("\"e1\""));
            assertThat(completes.get())
                    .as("one 200 with an error, then the result")
                    .isEqualTo(2);

            completes.set(0);
            failFirst.set(9);
            assertThatThrownBy(() -> wire.completeMultipart("b", "k.csv", "u1", List.of("\"e1\"")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("InternalError");
            assertThat(completes.get()).as("every attempt, then the error").isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theEnvironmentPicksTheTransport() {
        Map<String, String> keys =
                new java.util.HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret"));
        try (S3Access a = S3Access.fromEnvironment(keys)) {
            assertThat(a.transport())
                    .as("keys in the environment, as Lambda sets them: signed REST calls")
                    .isEqualTo("http");
        }
        try (S3Access a = S3Access.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"))) {
            assertThat(a.transport())
                    .as("no keys (an instance profile, a task role, SnapStart): the SDK's credential chain")
                    .isEqualTo("sdk");
        }
        keys.put(S3Access.CLIENT, "sdk");
        try (S3Access a = S3Access.fromEnvironment(keys)) {
            assertThat(a.transport()).as("asked for").isEqualTo("sdk");
        }
        keys.put(S3Access.CLIENT, "http");
        try (S3Access a = S3Access.fromEnvironment(keys)) {
            assertThat(a.transport()).as("asked for").isEqualTo("http");
        }
        assertThatThrownBy(() -> S3Access.fromEnvironment(Map.of(S3Access.CLIENT, "fast")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWINRUN_S3_CLIENT='fast'");
        assertThatThrownBy(() -> S3Access.fromEnvironment(Map.of(S3Access.CLIENT, "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
    }

    @Test
    void xmlTextIsDecoded() {
        assertThat(HttpS3Wire.element("<a><ETag>&quot;9b2c&quot;</ETag></a>", "ETag", 0))
                .isEqualTo("\"9b2c\"");
        assertThat(HttpS3Wire.unescape("a&amp;b&lt;&#233;&#xe9;&gt;")).isEqualTo("a&b<éé>");
        assertThat(HttpS3Wire.element("<a/>", "ETag", 0)).isNull();
    }
}

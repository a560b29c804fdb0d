package dev.twinrun.lambda;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The embedded S3 server with the test bucket, and what the handlers' environment would hold. */
final class TestBucket implements AutoCloseable {
    static final String BUCKET = "twinrun-test";
    static final HourId HOUR = HourId.parse("2026-11-26T13");

    final EmbeddedS3 s3 = EmbeddedS3.start().createBucket(BUCKET);
    final ObjectStore incoming = new S3ObjectStore(s3.client(), BUCKET, "incoming/");
    final ObjectStore root = new S3ObjectStore(s3.client(), BUCKET, "");

    /** The function's environment: bucket and the embedded endpoint (the core's S3 client then uses its local-server key). */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TWINRUN_BUCKET", BUCKET);
        env.put("TWINRUN_VARIANT", "lambda");
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    /** Writes one generated hour (two files) under incoming/. */
    List<String> writeHour(HourId hour, long bytes, double badRowRatio) throws IOException {
        return new EventGenerator(42, badRowRatio).writeHour(incoming, hour, bytes, 2);
    }

    boolean exists(String key) throws IOException {
        return root.head(key).isPresent();
    }

    /** Whether the hour's current publication (following its pointer) has the file {@code name}. */
    boolean published(HourId hour, String name) throws IOException {
        return Publication.readPublished(root, hour, name).isPresent();
    }

    /** Runs the call with stdout captured (logs and EMF lines), returning both. */
    static <T> Captured<T> capture(Callable<T> call) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream tee = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            T value;
            try {
                value = call.call();
            } catch (Exception e) {
                return new Captured<>(null, e, bytes.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(original);
            }
            return new Captured<>(value, null, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    record Captured<T>(T value, Exception error, String stdout) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}

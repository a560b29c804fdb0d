package dev.twinrun.lambda.fanout;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The embedded S3 server with one bucket per name asked for, and the fan-out functions' environment. */
final class FanoutBucket implements AutoCloseable {
    static final String BUCKET = "twinrun-fanout";
    static final HourId HOUR = HourId.parse("2026-11-26T13");

    final EmbeddedS3 s3 = EmbeddedS3.start().createBucket(BUCKET);

    Map<String, String> env(String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("TWINRUN_BUCKET", bucket);
        env.put("TWINRUN_VARIANT", "fanout");
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    Map<String, String> env() {
        return env(BUCKET);
    }

    ObjectStore root(String bucket) {
        return new S3ObjectStore(s3.client(), bucket, "");
    }

    /** Writes one generated hour (two files, seed 42) under incoming/ of {@code bucket}. */
    List<String> writeHour(String bucket, HourId hour, long bytes, double badRowRatio) throws IOException {
        return new EventGenerator(42, badRowRatio)
                .writeHour(new S3ObjectStore(s3.client(), bucket, "incoming/"), hour, bytes, 2);
    }

    /** Every object under {@code prefix} with its bytes, by key. */
    Map<String, byte[]> objects(String bucket, String prefix) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        ObjectStore root = root(bucket);
        for (ObjectInfo o : root.list(prefix)) {
            out.put(o.key(), root.read(o.key()));
        }
        return out;
    }

    @Override
    public void close() {
        s3.close();
    }
}

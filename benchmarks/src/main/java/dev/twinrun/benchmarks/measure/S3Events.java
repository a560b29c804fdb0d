package dev.twinrun.benchmarks.measure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** S3 {@code ObjectCreated:Put} notification events, as S3 sends them to the Lambda function. */
public final class S3Events {
    private S3Events() {}

    /** The exporter's completion marker under an hour's folder (the stack's and {@code PublishPolicy}'s default). */
    public static final String COMPLETION_MARKER = "_COMPLETE";

    /**
     * Whether the Lambda stack's S3 notifications ({@code trigger=s3}) send an event for {@code key}: ObjectCreated
     * under the input prefix with the suffix {@code .csv} (the input) or {@code /_COMPLETE} (the exporter's marker),
     * the two filters {@code LambdaVariantStack} installs. Other keys under the prefix reach no function.
     */
    public static boolean notified(String inputPrefix, String key) {
        return key.startsWith(inputPrefix) && (key.endsWith(".csv") || key.endsWith("/" + COMPLETION_MARKER));
    }

    /** An event for one created object. */
    public static String objectCreated(String bucket, String key, long size, String region, Instant at) {
        String encodedKey = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"%s","eventTime":"%s",\
                "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:TWINRUNCOMPARE"},\
                "requestParameters":{"sourceIPAddress":"127.0.0.1"},"responseElements":{"x-amz-request-id":"TWINRUN",\
                "x-amz-id-2":"TWINRUN"},"s3":{"s3SchemaVersion":"1.0","configurationId":"twinrun-incoming",\
                "bucket":{"name":"%s","ownerIdentity":{"principalId":"TWINRUN"},"arn":"arn:aws:s3:::%s"},\
                "object":{"key":"%s","size":%d,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}""".formatted(region, at.toString(), bucket, bucket, encodedKey, size);
    }
}

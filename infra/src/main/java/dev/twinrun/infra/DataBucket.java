package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The bucket both variants read from and write to: private, encrypted, TLS only, with lifecycle rules for raw
 * input and quarantined rows; insights are kept. The bucket is retained when the stack is deleted.
 */
public final class DataBucket extends Construct {

    private final Bucket bucket;

    /** Creates the bucket with the layout and retention {@code config} names. */
    public DataBucket(Construct scope, String id, TwinrunConfig config) {
        super(scope, id);
        requireNonNull(config, "config");
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("expire-raw-input")
                                .prefix(config.inputPrefix())
                                .expiration(Duration.days(config.rawRetentionDays()))
                                .build(),
                        LifecycleRule.builder()
                                .id("expire-quarantine")
                                .prefix(config.quarantinePrefix())
                                .expiration(Duration.days(config.quarantineRetentionDays()))
                                .build(),
                        LifecycleRule.builder()
                                // Fan-out shard results are deleted by the merge; these are the ones a failed execution
                                // left.
                                .id("expire-orphan-shard-results")
                                .prefix(config.outputPrefix() + "_shards/")
                                .expiration(Duration.days(2))
                                .build(),
                        LifecycleRule.builder()
                                .id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()))
                .build();
        NagSuppressions.addResourceSuppressions(
                bucket,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-S1")
                        .reason(
                                "Server access logs would add a log object per request the benchmark makes and distort the S3 "
                                        + "request counts it measures; use CloudTrail S3 data events when an audit trail is needed.")
                        .build()));
    }

    /** The bucket. */
    public IBucket bucket() {
        return bucket;
    }
}

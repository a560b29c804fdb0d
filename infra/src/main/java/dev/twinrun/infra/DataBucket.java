package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
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
 * The bucket both variants read from and write to: private, encrypted, TLS only, versioned (a deleted or overwritten
 * object stays recoverable for {@code noncurrentRetentionDays}), with lifecycle rules for raw input and quarantined
 * rows; insights are kept. Server access logs go to a second bucket of the same kind, kept {@code logRetentionDays}.
 * Both buckets are retained when the stack is deleted.
 */
public final class DataBucket extends Construct {

    /** Where the access logs of the data bucket go in the log bucket. */
    public static final String ACCESS_LOG_PREFIX = "data-bucket/";

    private final Bucket bucket;
    private final Bucket accessLogs;

    /** Creates the bucket with the layout and retention {@code config} names. */
    public DataBucket(Construct scope, String id, TwinrunConfig config) {
        super(scope, id);
        requireNonNull(config, "config");
        // Log delivery is granted by a bucket policy (for the logging service principal, limited to this data bucket
        // and account), not by the LogDeliveryWrite ACL, which BucketOwnerEnforced (ACLs off) cannot take.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                // S3 delivers access logs only to SSE-S3 buckets.
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(config.logRetentionDays()))
                        .build()))
                .build();
        Nag.suppress(
                accessLogs,
                "AwsSolutions-S1",
                "This is the target of the data bucket's server access logs; logging it too would log every log "
                        + "delivery into itself or a third bucket, and nothing but S3's log delivery writes to it.");
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(ACCESS_LOG_PREFIX)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(lifecycleRules(config))
                .build();
    }

    /**
     * Raw input expires after rawRetentionDays; each variant's quarantine after quarantineRetentionDays (one rule per
     * variant's output prefix, every variant's whether deployed or not, so adding a variant later changes nothing
     * here); orphan fan-out shard results after 2 days; incomplete uploads and noncurrent versions are cleaned up.
     */
    private static List<LifecycleRule> lifecycleRules(TwinrunConfig config) {
        List<LifecycleRule> rules = new ArrayList<>();
        rules.add(LifecycleRule.builder()
                .id("expire-raw-input")
                .prefix(config.inputPrefix())
                .expiration(Duration.days(config.rawRetentionDays()))
                .build());
        if (config.distinctOutputPrefixes()) {
            for (TwinrunConfig.Variant variant : TwinrunConfig.Variant.values()) {
                rules.add(LifecycleRule.builder()
                        .id("expire-quarantine-" + variant.id())
                        .prefix(config.forVariant(variant).quarantinePrefix())
                        .expiration(Duration.days(config.quarantineRetentionDays()))
                        .build());
            }
        } else {
            rules.add(LifecycleRule.builder()
                    .id("expire-quarantine")
                    .prefix(config.quarantinePrefix())
                    .expiration(Duration.days(config.quarantineRetentionDays()))
                    .build());
        }
        rules.add(LifecycleRule.builder()
                // Fan-out shard results are deleted by the merge; these are the ones a failed execution left.
                .id("expire-orphan-shard-results")
                .prefix(config.forVariant(TwinrunConfig.Variant.FANOUT).outputPrefix() + "_shards/")
                .expiration(Duration.days(2))
                .build());
        rules.add(LifecycleRule.builder()
                // Incremental partials (the S3-triggered Lambda's): dropped when their file is replaced or deleted; an
                // hour's are kept while files may still come (late files within the raw-input retention).
                .id("expire-partials")
                .prefix(config.forVariant(TwinrunConfig.Variant.LAMBDA).partialsPrefix())
                .expiration(Duration.days(config.rawRetentionDays()))
                .build());
        rules.add(LifecycleRule.builder()
                .id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build());
        rules.add(LifecycleRule.builder()
                // Versioning keeps what a delete, an overwrite or an expiry removed; for this long.
                .id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(config.noncurrentRetentionDays()))
                .expiredObjectDeleteMarker(true)
                .build());
        return rules;
    }

    /** The bucket the data bucket's server access logs go to. */
    public IBucket accessLogs() {
        return accessLogs;
    }

    /** The bucket. */
    public IBucket bucket() {
        return bucket;
    }
}

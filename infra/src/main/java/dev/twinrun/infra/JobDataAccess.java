package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The least-privilege S3 access the job needs, as an inline policy on {@code role}: list only under the job's
 * prefixes, read input, read and write insights and quarantine, delete only what the job deletes (an hour's
 * manifest, withdrawn before it is republished; the incremental partials under {@code _partials/}); nothing else in the bucket, no other bucket. The bucket is versioned,
 * so what a delete or an overwrite removed stays recoverable for {@code noncurrentRetentionDays}.
 */
public final class JobDataAccess extends Construct {

    /** The S3 actions on input objects. */
    public static final List<String> INPUT_ACTIONS = List.of("s3:GetObject");

    /** The S3 actions on output objects (reads for hour-over-hour and idempotency, writes, multipart aborts). */
    public static final List<String> OUTPUT_ACTIONS =
            List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload");

    /** The S3 actions on the objects the job deletes ({@link #DELETED_KEYS}). */
    public static final List<String> DELETE_ACTIONS = List.of("s3:DeleteObject");

    /**
     * The keys, under the output prefix, of the objects the job deletes: an hour's pointer ({@code _SUCCESS}, when a
     * run withdraws it) and the files of its superseded publication versions ({@code v=<id>/}, insights and
     * quarantine). Nothing else under the outputs can be deleted by the job's role.
     */
    public static final List<String> DELETED_KEYS =
            List.of("insights/*/_SUCCESS", "insights/*/v=*", "quarantine/*/v=*", "_partials/*");

    private final Policy policy;

    /** Attaches the policy to {@code role}. */
    public JobDataAccess(Construct scope, String id, IBucket bucket, IRole role, TwinrunConfig config) {
        super(scope, id);
        requireNonNull(bucket, "bucket");
        requireNonNull(role, "role");
        requireNonNull(config, "config");
        List<String> prefixes = List.of(
                config.inputPrefix(), config.insightsPrefix(), config.quarantinePrefix(), config.partialsPrefix());
        this.policy = Policy.Builder.create(this, "Policy")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("ListJobPrefixes")
                                .effect(Effect.ALLOW)
                                .actions(List.of("s3:ListBucket"))
                                .resources(List.of(bucket.getBucketArn()))
                                .conditions(Map.of(
                                        "StringLike",
                                        Map.of(
                                                "s3:prefix",
                                                prefixes.stream()
                                                        .map(p -> p + "*")
                                                        .toList())))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("ReadInput")
                                .effect(Effect.ALLOW)
                                .actions(INPUT_ACTIONS)
                                .resources(List.of(bucket.arnForObjects(config.inputPrefix() + "*")))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("WriteOutputs")
                                .effect(Effect.ALLOW)
                                .actions(OUTPUT_ACTIONS)
                                .resources(List.of(
                                        bucket.arnForObjects(config.insightsPrefix() + "*"),
                                        bucket.arnForObjects(config.quarantinePrefix() + "*"),
                                        bucket.arnForObjects(config.partialsPrefix() + "*")))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("DeleteSupersededOutputs")
                                .effect(Effect.ALLOW)
                                .actions(DELETE_ACTIONS)
                                .resources(DELETED_KEYS.stream()
                                        .map(key -> bucket.arnForObjects(config.outputPrefix() + key))
                                        .toList())
                                .build()))
                .build();
        role.attachInlinePolicy(policy);
        Nag.suppress(
                policy,
                "AwsSolutions-IAM5",
                "Object ARNs end in a prefix wildcard (incoming/*, insights/*, quarantine/*; deletes only an hour's"
                        + " _SUCCESS and its superseded v=<id>/ versions):"
                        + " the job's keys are partitioned by date and hour, and the wildcard is the narrowest scope that"
                        + " still lets it work.",
                "Resource::.*\\/("
                        + String.join(
                                "|",
                                prefixes.stream()
                                        .map(p -> p.replace("/", "\\/"))
                                        .toList()) + ")\\*$",
                "Resource::.*\\/" + config.outputPrefix().replace("/", "\\/")
                        + "(insights\\/\\*\\/_SUCCESS|(insights|quarantine)\\/\\*\\/v=\\*|_partials\\/\\*)$");
    }

    /** The policy. */
    public Policy policy() {
        return policy;
    }
}

package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataStackTest {

    private static TwinrunApp.Stacks stacks;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = CdkTestSupport.synth(Map.of("rawRetentionDays", "7"));
        template = Template.fromStack(stacks.data());
    }

    @Test
    void createsTheDataBucketAndItsAccessLogBucketBothWithAllPublicAccessBlocked() {
        template.resourceCountIs("AWS::S3::Bucket", 2);
        template.allResourcesProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "PublicAccessBlockConfiguration",
                        Map.of(
                                "BlockPublicAcls", true,
                                "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true,
                                "RestrictPublicBuckets", true)));
    }

    @Test
    void encryptsObjectsAtRestWithS3ManagedKeys() {
        template.allResourcesProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "BucketEncryption",
                        Map.of(
                                "ServerSideEncryptionConfiguration",
                                List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))));
    }

    @Test
    void bucketPolicyDeniesEveryRequestWithoutTlsAndBelowTls12() {
        template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of(
                                                "Effect", "Deny",
                                                "Action", "s3:*",
                                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                                        Match.objectLike(Map.of(
                                                "Effect", "Deny",
                                                "Action", "s3:*",
                                                "Condition",
                                                        Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2)))))))));
    }

    @Test
    void expiresRawInputAndQuarantineButKeepsInsights() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of(
                                                "Prefix", "incoming/", "ExpirationInDays", 7, "Status", "Enabled")),
                                        Match.objectLike(Map.of(
                                                "Prefix",
                                                "lambda/quarantine/",
                                                "ExpirationInDays",
                                                90,
                                                "Status",
                                                "Enabled")),
                                        Match.objectLike(Map.of(
                                                "Prefix",
                                                "fargate/quarantine/",
                                                "ExpirationInDays",
                                                90,
                                                "Status",
                                                "Enabled")),
                                        Match.objectLike(Map.of(
                                                "Prefix",
                                                "fanout/_shards/",
                                                "ExpirationInDays",
                                                2,
                                                "Status",
                                                "Enabled")),
                                        Match.objectLike(Map.of(
                                                "Prefix",
                                                "lambda/_partials/",
                                                "ExpirationInDays",
                                                7,
                                                "Status",
                                                "Enabled")))))));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>)
                ((Map<String, Object>) dataBucketProperties().get("LifecycleConfiguration")).get("Rules");
        assertThat(rules)
                .extracting(rule -> String.valueOf(rule.get("Prefix")))
                .as("no lifecycle rule touches insights")
                .noneMatch(prefix -> prefix.contains("insights/"));
        assertThat(rules)
                .extracting(rule -> String.valueOf(rule.get("Prefix")))
                .as("one quarantine rule per variant, deployed or not")
                .containsAll(java.util.Arrays.stream(TwinrunConfig.Variant.values())
                        .map(v -> v.id() + "/quarantine/")
                        .toList());
    }

    @Test
    void withSharedOutputPrefixesOneQuarantineRuleCoversEveryVariant() {
        Template shared = Template.fromStack(
                CdkTestSupport.synth(Map.of("distinctOutputPrefixes", "false", "outputPrefix", "out/"))
                        .data());
        shared.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(
                                        Match.objectLike(
                                                Map.of("Id", "expire-quarantine", "Prefix", "out/quarantine/")),
                                        Match.objectLike(Map.of("Prefix", "out/_shards/")))))));
    }

    @Test
    void versionsTheDataBucketAndExpiresNoncurrentVersions() {
        assertThat(dataBucketProperties().get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "VersioningConfiguration",
                        Map.of("Status", "Enabled"),
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Id",
                                        "expire-noncurrent-versions",
                                        "NoncurrentVersionExpiration",
                                        Map.of("NoncurrentDays", 7),
                                        "ExpiredObjectDeleteMarker",
                                        true,
                                        "Status",
                                        "Enabled")))))));
        Template longer = Template.fromStack(
                CdkTestSupport.synth(Map.of("noncurrentRetentionDays", "30")).data());
        longer.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(
                                        Map.of("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30))))))));
    }

    @Test
    void logsDataBucketAccessToTheSeparateLogBucketWhichExpiresLogs() {
        @SuppressWarnings("unchecked")
        Map<String, Object> logging =
                (Map<String, Object>) dataBucketProperties().get("LoggingConfiguration");
        assertThat(logging).containsEntry("LogFilePrefix", DataBucket.ACCESS_LOG_PREFIX);
        String logBucket = template.findResources(
                        "AWS::S3::Bucket", Map.of("Properties", Map.of("LoggingConfiguration", Match.absent())))
                .keySet()
                .iterator()
                .next();
        assertThat(logging.get("DestinationBucketName")).isEqualTo(Map.of("Ref", logBucket));
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of("Rules", List.of(Match.objectLike(Map.of("ExpirationInDays", 30))))));
        template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "Bucket",
                        Map.of("Ref", logBucket),
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Allow",
                                        "Principal",
                                        Map.of("Service", "logging.s3.amazonaws.com"))))))));
    }

    @Test
    void retainsBothBucketsWhenTheStackIsDeleted() {
        template.allResources("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void theDataBucketsNagSuppressionsNoLongerCoverAccessLogs() {
        assertThat(String.valueOf(template.findResources(
                                "AWS::S3::Bucket",
                                Map.of("Properties", Map.of("LoggingConfiguration", Match.objectLike(Map.of())))))
                        .toString())
                .doesNotContain("AwsSolutions-S1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataBucketProperties() {
        Map<String, Map<String, Object>> withLogging = template.findResources(
                "AWS::S3::Bucket", Map.of("Properties", Map.of("LoggingConfiguration", Match.objectLike(Map.of()))));
        assertThat(withLogging).as("the data bucket (the one that logs)").hasSize(1);
        return (Map<String, Object>) withLogging.values().iterator().next().get("Properties");
    }

    @Test
    void passesCdkNagAwsSolutionsChecks() {
        assertNoUnsuppressedNagErrors(stacks.data());
    }
}

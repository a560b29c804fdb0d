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
    void createsExactlyOneBucketWithAllPublicAccessBlocked() {
        template.resourceCountIs("AWS::S3::Bucket", 1);
        template.hasResourceProperties(
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
        template.hasResourceProperties(
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
                                                "Prefix", "quarantine/", "ExpirationInDays", 90, "Status", "Enabled")),
                                        Match.objectLike(Map.of(
                                                "Prefix", "_shards/", "ExpirationInDays", 2, "Status", "Enabled")))))));
        Map<String, Map<String, Object>> buckets = template.findResources("AWS::S3::Bucket");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                                buckets.values().iterator().next().get("Properties"))
                        .get("LifecycleConfiguration"))
                .get("Rules");
        assertThat(rules)
                .extracting(rule -> String.valueOf(rule.get("Prefix")))
                .as("no lifecycle rule touches insights/")
                .noneMatch(prefix -> prefix.startsWith("insights/"));
    }

    @Test
    void retainsTheBucketWhenTheStackIsDeleted() {
        template.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void passesCdkNagAwsSolutionsChecks() {
        assertNoUnsuppressedNagErrors(stacks.data());
    }
}

package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.asList;
import static dev.twinrun.infra.CdkTestSupport.policyStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.assertions.Template;

/** Checks that every S3 permission in a template is scoped to the data bucket's job prefixes or to one asset. */
final class PolicyAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BUCKET_LEVEL_ACTIONS =
            Set.of("s3:ListBucket", "s3:GetBucketNotification", "s3:PutBucketNotification");

    private PolicyAssertions() {}

    static void assertS3AccessScopedToJobPrefixes(Template template) {
        assertS3AccessScopedToJobPrefixes(template, "");
    }

    /** As {@link #assertS3AccessScopedToJobPrefixes(Template)}, for a variant writing under {@code outputPrefix}. */
    @SuppressWarnings("unchecked")
    static void assertS3AccessScopedToJobPrefixes(Template template, String outputPrefix) {
        int scopedStatements = 0;
        for (Map<String, Object> statement : policyStatements(template)) {
            List<Object> actions = asList(statement.get("Action"));
            if (actions.stream().noneMatch(a -> ((String) a).startsWith("s3:"))) {
                continue;
            }
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            for (Object resource : asList(statement.get("Resource"))) {
                String json = json(resource);
                assertThat(json).as("S3 resource in %s", statement).isNotEqualTo("\"*\"");
                if (json.contains("cdk-hnb659fds-assets")) {
                    assertThat(actions).as("asset access in %s", statement).containsExactly("s3:GetObject");
                    assertThat(json)
                            .as("asset access names one object: %s", json)
                            .doesNotContain("*");
                    continue;
                }
                assertThat(json)
                        .as("S3 resource belongs to the data bucket: %s", json)
                        .contains("DataBucket");
                if (!json.contains("/")) {
                    assertThat(actions)
                            .as("bucket-level actions in %s", statement)
                            .allMatch(BUCKET_LEVEL_ACTIONS::contains);
                    if (actions.contains("s3:ListBucket")) {
                        Map<String, Object> condition = (Map<String, Object>) statement.get("Condition");
                        assertThat(condition)
                                .as("ListBucket is limited by prefix")
                                .isNotNull();
                        Map<String, Object> like = (Map<String, Object>) condition.get("StringLike");
                        assertThat(asList(like.get("s3:prefix")))
                                .containsExactlyInAnyOrder(
                                        "incoming/*",
                                        outputPrefix + "insights/*",
                                        outputPrefix + "quarantine/*",
                                        outputPrefix + "_partials/*");
                    }
                } else if (json.contains("/incoming/*")) {
                    assertThat(actions).as("input is read only").containsExactly("s3:GetObject");
                } else {
                    assertThat(json)
                            .as("object resource under an output prefix")
                            .containsAnyOf(
                                    "/" + outputPrefix + "insights/*",
                                    "/" + outputPrefix + "quarantine/*",
                                    "/" + outputPrefix + "_partials/*");
                    if (actions.contains("s3:DeleteObject")) {
                        assertThat(actions).as("deletes stand alone").containsExactly("s3:DeleteObject");
                        assertThat(json)
                                .as("the job deletes only an hour's pointer, its superseded versions and partials")
                                .containsAnyOf(
                                        "/insights/*/_SUCCESS", "/insights/*/v=*", "/quarantine/*/v=*", "/_partials/*")
                                .doesNotContain("/insights/*\"", "/quarantine/*\"");
                    } else {
                        assertThat(actions).as("output actions").allMatch(JobDataAccess.OUTPUT_ACTIONS::contains);
                    }
                }
                scopedStatements++;
            }
        }
        assertThat(scopedStatements).as("S3 resources checked").isGreaterThanOrEqualTo(4);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

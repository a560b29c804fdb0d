package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.asList;
import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static dev.twinrun.infra.CdkTestSupport.policyStatements;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class LambdaVariantStackTest {

    private static TwinrunApp.Stacks s3Triggered;
    private static Template s3Template;
    private static TwinrunApp.Stacks scheduled;
    private static Template scheduleTemplate;

    @BeforeAll
    static void synth() {
        s3Triggered = CdkTestSupport.synth(Map.of("variants", "lambda"));
        s3Template = Template.fromStack(s3Triggered.lambda());
        scheduled = CdkTestSupport.synth(Map.of(
                "variants",
                "lambda",
                "trigger",
                "schedule",
                "lambdaArch",
                "x86_64",
                "lambdaMemoryMb",
                "2048",
                "lambdaRetryAttempts",
                "0"));
        scheduleTemplate = Template.fromStack(scheduled.lambda());
    }

    @Test
    void defaultsToArm64Java21With1024MbAndTheJobEnvironment() {
        s3Template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Runtime",
                        "java21",
                        "Architectures",
                        List.of("arm64"),
                        "MemorySize",
                        1024,
                        "Timeout",
                        300,
                        "Handler",
                        LambdaVariantStack.S3_HANDLER,
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "TWINRUN_BUCKET", Match.anyValue(),
                                        "TWINRUN_INPUT_PREFIX", "incoming/",
                                        "TWINRUN_OUTPUT_PREFIX", "lambda/",
                                        "TWINRUN_TRANSFORMATION", "ecommerce",
                                        "TWINRUN_VARIANT", "lambda")))));
    }

    @Test
    void memoryArchitectureAndHandlerFollowTheSettings() {
        scheduleTemplate.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Architectures",
                        List.of("x86_64"),
                        "MemorySize",
                        2048,
                        "Handler",
                        LambdaVariantStack.SCHEDULE_HANDLER));
    }

    @Test
    void s3TriggerInvokesOnObjectCreatedUnderTheInputPrefixOnly() {
        // the one rule is the debounce's tick, not the hourly schedule
        s3Template.resourceCountIs("AWS::Events::Rule", 1);
        s3Template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(5 minutes)"));
        s3Template.hasResourceProperties(
                "Custom::S3BucketNotifications",
                Map.of(
                        "Managed",
                        false,
                        "NotificationConfiguration",
                        Map.of(
                                "LambdaFunctionConfigurations",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Events", List.of("s3:ObjectCreated:*"),
                                        "Filter",
                                                Map.of(
                                                        "Key",
                                                        Map.of(
                                                                "FilterRules",
                                                                Match.arrayWith(List.of(
                                                                        Map.of("Name", "suffix", "Value", ".csv"),
                                                                        Map.of(
                                                                                "Name",
                                                                                "prefix",
                                                                                "Value",
                                                                                "incoming/"))))))))))));
        s3Template.hasResourceProperties(
                "AWS::Lambda::Permission", Map.of("Action", "lambda:InvokeFunction", "Principal", "s3.amazonaws.com"));
    }

    @Test
    void s3TriggerIsDebouncedWithBoundedConcurrencyAndACompletionMarkerNotification() {
        s3Template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "ReservedConcurrentExecutions",
                        5,
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "TWINRUN_QUIET_MINUTES", "5",
                                        "TWINRUN_GRACE_MINUTES", "15",
                                        "TWINRUN_EXPECTED_FILES", "0")))));
        s3Template.hasResourceProperties(
                "Custom::S3BucketNotifications",
                Map.of(
                        "NotificationConfiguration",
                        Map.of(
                                "LambdaFunctionConfigurations",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Filter",
                                        Map.of(
                                                "Key",
                                                Map.of(
                                                        "FilterRules",
                                                        Match.arrayWith(List.of(Map.of(
                                                                "Name",
                                                                "suffix",
                                                                "Value",
                                                                "/" + LambdaVariantStack.COMPLETION_MARKER))))))))))));
        scheduleTemplate.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("TWINRUN_QUIET_MINUTES", Match.absent())))));
    }

    @Test
    void scheduleTriggerRunsHourlyAndInstallsNoBucketNotification() {
        scheduleTemplate.resourceCountIs("Custom::S3BucketNotifications", 0);
        scheduleTemplate.hasResourceProperties(
                "AWS::Events::Rule",
                Map.of(
                        "ScheduleExpression", "cron(5 * * * ? *)",
                        "State", "ENABLED",
                        "Targets", List.of(Match.objectLike(Map.of("Arn", Match.anyValue())))));
    }

    @Test
    void failedAsyncInvocationsGoToAnEncryptedQueueAfterTheConfiguredRetries() {
        s3Template.hasResourceProperties(
                "AWS::Lambda::EventInvokeConfig",
                Map.of(
                        "MaximumRetryAttempts",
                        2,
                        "DestinationConfig",
                        Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
        scheduleTemplate.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of("MaximumRetryAttempts", 0));
        s3Template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
    }

    @Test
    void logsGoToItsOwnLogGroupWithRetention() {
        s3Template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        s3Template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("LoggingConfig", Map.of("LogGroup", Match.objectLike(Map.of("Ref", Match.anyValue())))));
    }

    @Test
    void alarmsOnFunctionErrorsOnTheFailureQueueAndOnFreshness() {
        // errors, failure queue, freshness, skipped inputs
        s3Template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        s3Template.hasResourceProperties(
                "AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors", "Namespace", "AWS/Lambda", "Threshold", 1));
        s3Template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of("MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS", "Threshold", 1));
        s3Template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of("MetricName", "RowsRead", "Namespace", "twinrun", "TreatMissingData", "breaching"));
    }

    @Test
    void functionRoleHasNoManagedPolicyAndNoWildcardAction() {
        s3Template.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                                Map.of(
                                        "Statement",
                                        List.of(Match.objectLike(
                                                Map.of("Principal", Map.of("Service", "lambda.amazonaws.com"))))),
                        "ManagedPolicyArns", Match.absent()));
        for (Template template : List.of(s3Template, scheduleTemplate)) {
            for (Map<String, Object> statement : policyStatements(template)) {
                for (Object action : asList(statement.get("Action"))) {
                    assertThat((String) action)
                            .as("action in %s", statement)
                            .isNotEqualTo("*")
                            .doesNotEndWith(":*");
                }
            }
        }
    }

    @Test
    void s3AccessIsScopedToTheJobPrefixes() {
        PolicyAssertions.assertS3AccessScopedToJobPrefixes(s3Template, "lambda/");
    }

    @Test
    void passesCdkNagAwsSolutionsChecksForBothTriggers() {
        assertNoUnsuppressedNagErrors(s3Triggered.lambda());
        assertNoUnsuppressedNagErrors(scheduled.lambda());
        assertNoUnsuppressedNagErrors(scheduled.dashboard());
    }

    @Test
    void snapStartPublishesAVersionAndTheS3TriggerInvokesItsAlias() throws Exception {
        TwinrunApp.Stacks snap = CdkTestSupport.synth(Map.of("variants", "lambda", "lambdaSnapStart", "true"));
        Template t = Template.fromStack(snap.lambda());

        t.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions"), "EphemeralStorage", Map.of("Size", 512)));
        t.resourceCountIs("AWS::Lambda::Version", 1);
        t.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", LambdaVariantStack.ALIAS));
        String aliasId =
                t.findResources("AWS::Lambda::Alias").keySet().iterator().next();
        String notification = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(t.findResources("Custom::S3BucketNotifications"));
        assertThat(notification)
                .as("the bucket notification targets the alias")
                .contains("LambdaFunctionConfigurations")
                .contains(aliasId);
        com.fasterxml.jackson.databind.JsonNode configurations = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(t.findResources("Custom::S3BucketNotifications"))
                .elements()
                .next()
                .path("Properties")
                .path("NotificationConfiguration")
                .path("LambdaFunctionConfigurations");
        assertThat(configurations)
                .as("the input files and the _COMPLETE marker")
                .hasSize(2);
        configurations.forEach(c -> assertThat(
                        c.path("LambdaFunctionArn").path("Ref").asText())
                .as("every notification (the .csv files and the _COMPLETE marker) invokes the alias, never $LATEST")
                .isEqualTo(aliasId));
        t.findResources("AWS::Events::Rule")
                .values()
                .forEach(rule -> assertThat(rule.toString())
                        .as("the debounce schedule invokes the alias too")
                        .contains(aliasId));
        t.resourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
        assertThat(t.findResources(
                        "AWS::Lambda::EventInvokeConfig", Map.of("Properties", Map.of("MaximumRetryAttempts", 2))))
                .as("the alias's async retries as well as the function's")
                .hasSize(2);
        t.hasOutput("InvokedAliasArn", Map.of());
        assertNoUnsuppressedNagErrors(snap.lambda());
    }

    @Test
    void withSnapStartTheScheduleInvokesTheAlias() throws Exception {
        Template t = Template.fromStack(
                CdkTestSupport.synth(Map.of("variants", "lambda", "lambdaSnapStart", "true", "trigger", "schedule"))
                        .lambda());
        String aliasId =
                t.findResources("AWS::Lambda::Alias").keySet().iterator().next();

        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(t.findResources("AWS::Events::Rule")))
                .as("the rule's target is the alias")
                .contains(aliasId);
    }

    @Test
    void withoutSnapStartThereIsNoVersionNorAlias() {
        s3Template.resourceCountIs("AWS::Lambda::Version", 0);
        s3Template.resourceCountIs("AWS::Lambda::Alias", 0);
        s3Template.hasResourceProperties("AWS::Lambda::Function", Map.of("SnapStart", Match.absent()));
        s3Template.hasOutput(Outputs.INSIGHTS_PREFIX, Map.of("Value", "lambda/insights/"));
    }
}

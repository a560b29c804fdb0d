package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Alarm;

/** Every alarm reaches a person: the one alarm topic, EC2 failed hours, freshness per variant. */
class AlarmsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TwinrunApp.Stacks all;

    @BeforeAll
    static void synth() {
        all = CdkTestSupport.synth(Map.of("variants", "lambda,ec2,fanout,ec2-per-run,fargate"));
    }

    private static List<Stack> variantStacks() {
        return List.of(all.lambda(), all.ec2(), all.fanout(), all.ec2PerRun(), all.fargate());
    }

    /** The data stack's alarm topic's logical id. */
    private static String topicId() {
        Map<String, Map<String, Object>> topics = Template.fromStack(all.data()).findResources("AWS::SNS::Topic");
        assertThat(topics).hasSize(1);
        return topics.keySet().iterator().next();
    }

    @Test
    void everyAlarmOfEveryStackNotifiesTheAlarmTopicWhenItFiresAndRecovers() throws Exception {
        String topic = topicId();
        int alarms = 0;
        for (Stack stack : List.of(
                all.data(), all.lambda(), all.ec2(), all.fanout(), all.ec2PerRun(), all.fargate(), all.dashboard())) {
            for (Map.Entry<String, Map<String, Object>> alarm : Template.fromStack(stack)
                    .findResources("AWS::CloudWatch::Alarm")
                    .entrySet()) {
                Map<?, ?> props = (Map<?, ?>) alarm.getValue().get("Properties");
                for (String actions : List.of("AlarmActions", "OKActions")) {
                    assertThat(props.get(actions))
                            .as("%s of %s in %s", actions, alarm.getKey(), stack.getStackName())
                            .isInstanceOf(List.class);
                    List<?> list = (List<?>) props.get(actions);
                    assertThat(list).hasSize(1);
                    // a cross-stack reference to the data stack's topic
                    assertThat(JSON.writeValueAsString(list.get(0)))
                            .as("%s of %s", actions, alarm.getKey())
                            .contains("Fn::ImportValue")
                            .contains(TwinrunApp.DATA + ":ExportsOutputRef" + topic);
                }
                alarms++;
            }
        }
        // lambda: errors, failure queue, freshness, skipped inputs; ec2, ec2-per-run and fargate: failed hours,
        // freshness, skipped inputs; fanout: failed executions, freshness, skipped inputs
        assertThat(alarms).isEqualTo(16);
    }

    @Test
    void theSynthFailsOnAnAlarmBuiltWithoutAnAction() {
        App app = new App();
        Stack stack = new Stack(app, "Silent");
        Alarm.Builder.create(stack, "Quiet")
                .metric(software.amazon.awscdk.services.cloudwatch.Metric.Builder.create()
                        .namespace("x")
                        .metricName("y")
                        .build())
                .threshold(1)
                .evaluationPeriods(1)
                .build();
        Aspects.of(app).add(Alarms.requireActions());
        Template.fromStack(stack);
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp(".*has no alarm action.*")))
                .hasSize(1);
    }

    @Test
    void theAppsAlarmsPassTheActionCheck() {
        for (Stack stack : variantStacks()) {
            Template.fromStack(stack);
            assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp(".*no alarm action.*")))
                    .as(stack.getStackName())
                    .isEmpty();
        }
    }

    @Test
    void theEc2VariantAlarmsOnAnyFailedHour() {
        Template.fromStack(all.ec2())
                .hasResourceProperties(
                        "AWS::CloudWatch::Alarm",
                        Map.of(
                                "Namespace",
                                Telemetry.NAMESPACE,
                                "MetricName",
                                Telemetry.HOURS_FAILED.name(),
                                "Dimensions",
                                List.of(Map.of("Name", Telemetry.VARIANT_DIMENSION, "Value", "ec2")),
                                "Statistic",
                                "Sum",
                                "Period",
                                3600,
                                "Threshold",
                                1,
                                "ComparisonOperator",
                                "GreaterThanOrEqualToThreshold",
                                "TreatMissingData",
                                "notBreaching"));
    }

    @Test
    void eachVariantAlarmsOnAnHourPublishedWithoutOneOfItsInputFiles() {
        for (Map.Entry<Stack, String> variant : Map.of(
                        all.lambda(), "lambda",
                        all.ec2(), "ec2",
                        all.fanout(), "fanout")
                .entrySet()) {
            Template.fromStack(variant.getKey())
                    .hasResourceProperties(
                            "AWS::CloudWatch::Alarm",
                            Map.of(
                                    "Namespace",
                                    Telemetry.NAMESPACE,
                                    "MetricName",
                                    Telemetry.SKIPPED_INPUTS.name(),
                                    "Dimensions",
                                    List.of(Map.of("Name", Telemetry.VARIANT_DIMENSION, "Value", variant.getValue())),
                                    "Statistic",
                                    "Sum",
                                    "Threshold",
                                    1,
                                    "ComparisonOperator",
                                    "GreaterThanOrEqualToThreshold",
                                    "TreatMissingData",
                                    "notBreaching"));
        }
    }

    @Test
    void eachVariantHasAFreshnessAlarmOnTwoHoursWithoutAnHourRun() {
        for (Map.Entry<Stack, String> variant : Map.of(
                        all.lambda(), "lambda",
                        all.ec2(), "ec2",
                        all.fanout(), "fanout",
                        all.ec2PerRun(), "ec2-per-run",
                        all.fargate(), "fargate")
                .entrySet()) {
            Template.fromStack(variant.getKey())
                    .hasResourceProperties(
                            "AWS::CloudWatch::Alarm",
                            Map.of(
                                    "Namespace",
                                    Telemetry.NAMESPACE,
                                    "MetricName",
                                    Telemetry.ROWS_READ.name(),
                                    "Dimensions",
                                    List.of(Map.of("Name", Telemetry.VARIANT_DIMENSION, "Value", variant.getValue())),
                                    "Statistic",
                                    "SampleCount",
                                    "Period",
                                    3600,
                                    "EvaluationPeriods",
                                    2,
                                    "DatapointsToAlarm",
                                    2,
                                    "ComparisonOperator",
                                    "LessThanThreshold",
                                    "Threshold",
                                    1,
                                    "TreatMissingData",
                                    "breaching"));
        }
    }

    @Test
    void everyEmfMetricAnAlarmWatchesIsInTheTelemetryContract() {
        List<String> watched = new ArrayList<>();
        for (Stack stack : variantStacks()) {
            for (Map<String, Object> alarm : Template.fromStack(stack)
                    .findResources("AWS::CloudWatch::Alarm")
                    .values()) {
                Map<?, ?> props = (Map<?, ?>) alarm.get("Properties");
                if (Telemetry.NAMESPACE.equals(props.get("Namespace"))) {
                    watched.add((String) props.get("MetricName"));
                }
            }
        }
        // freshness and skipped inputs in each of the five variants; failed hours in the three that run the EC2 runner
        assertThat(watched).hasSize(13);
        assertThat(watched)
                .allSatisfy(name -> assertThat(Telemetry.metric(name)).isPresent());
        assertThat(Telemetry.HOUR_METRICS.stream().map(Metric::name).collect(Collectors.toSet()))
                .as("the freshness alarm watches a metric every hour run writes")
                .contains(Alarms.ROWS_READ);
    }

    @Test
    void theTopicIsEncryptedWithARotatedKeyCloudWatchMayUseAndTlsOnly() {
        Template data = Template.fromStack(all.data());
        data.hasResourceProperties(
                "AWS::SNS::Topic",
                Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AlarmsKey.*"), "Arn"))));
        data.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        data.hasResourceProperties(
                "AWS::KMS::Key",
                Map.of(
                        "KeyPolicy",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))));
        data.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of(
                                                "Effect",
                                                "Deny",
                                                "Condition",
                                                Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                                        Match.objectLike(Map.of(
                                                "Effect", "Allow",
                                                "Action", "sns:Publish",
                                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"))))))));
        CdkTestSupport.assertNoUnsuppressedNagErrors(all.data());
    }

    @Test
    void anEmailIsSubscribedOnlyWhenAlarmEmailIsSet() {
        Template.fromStack(all.data()).resourceCountIs("AWS::SNS::Subscription", 0);
        Template withEmail = Template.fromStack(
                CdkTestSupport.synth(Map.of("alarmEmail", "ops@example.com")).data());
        withEmail.hasResourceProperties(
                "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
    }
}

package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.asList;
import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static dev.twinrun.infra.CdkTestSupport.policyStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class Ec2PerRunVariantStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TwinrunApp.Stacks stacks;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = CdkTestSupport.synth(Map.of("variants", "ec2-per-run", "ec2PerRunMaxRuntimeMinutes", "40"));
        template = Template.fromStack(stacks.ec2PerRun());
    }

    @Test
    void isNotDeployedUnlessNamedInVariants() {
        assertThat(TwinrunConfig.defaults().has(TwinrunConfig.Variant.EC2_PER_RUN))
                .as("ec2-per-run in the default variants")
                .isFalse();
        assertThat(stacks.ec2()).as("the always-on EC2 stack").isNull();
        assertThat(stacks.ec2PerRun().getStackName()).isEqualTo(TwinrunApp.EC2_PER_RUN);
    }

    @Test
    void theInstanceStopsWhenItPowersItselfOff() {
        template.resourceCountIs("AWS::EC2::Instance", 1);
        template.hasResourceProperties(
                "AWS::EC2::Instance",
                Map.of(
                        "InstanceInitiatedShutdownBehavior",
                        "stop",
                        "InstanceType",
                        "t4g.micro",
                        "MetadataOptions",
                        Match.objectLike(Map.of("HttpTokens", "required"))));
    }

    @Test
    void userDataInstallsTheBootUnitWithTheMaximumRuntimeAndTheVariantsSettings() throws Exception {
        String userData = JSON.writeValueAsString(
                template.findResources("AWS::EC2::Instance").values().iterator().next());
        assertThat(userData)
                .as("user data")
                .contains("bash " + Ec2VariantStack.INSTALL_DIR + "/install.sh --scheduler boot --log-group "
                        + Ec2PerRunVariantStack.RUNNER_LOG_GROUP + " --max-runtime-minutes 40 "
                        + Ec2VariantStack.JAR_PATH)
                .contains("TWINRUN_VARIANT=ec2-per-run")
                .contains("TWINRUN_OUTPUT_PREFIX=ec2-per-run/");
        template.hasResourceProperties(
                "AWS::Logs::LogGroup",
                Map.of("LogGroupName", Ec2PerRunVariantStack.RUNNER_LOG_GROUP, "RetentionInDays", 30));
    }

    @Test
    void aSchedulerScheduleStartsTheInstanceThroughTheUniversalTargetHourly() throws Exception {
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        template.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Map.of(
                        "ScheduleExpression",
                        "cron(5 * * * ? *)",
                        "ScheduleExpressionTimezone",
                        "UTC",
                        "FlexibleTimeWindow",
                        Map.of("Mode", "OFF"),
                        "State",
                        "ENABLED"));
        Map<?, ?> target = (Map<?, ?>) ((Map<?, ?>) template.findResources("AWS::Scheduler::Schedule")
                        .values()
                        .iterator()
                        .next()
                        .get("Properties"))
                .get("Target");
        assertThat(JSON.writeValueAsString(target.get("Arn")))
                .as("the universal target")
                .contains(":scheduler:::aws-sdk:ec2:startInstances");
        String instanceId =
                template.findResources("AWS::EC2::Instance").keySet().iterator().next();
        assertThat(JSON.writeValueAsString(target.get("Input")))
                .as("the input names the instance")
                .contains("InstanceIds")
                .contains(instanceId);
    }

    @Test
    void theSchedulerRoleMayOnlyStartThisInstance() throws Exception {
        template.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                        Map.of(
                                "Statement",
                                List.of(Match.objectLike(Map.of(
                                        "Principal",
                                        Map.of("Service", "scheduler.amazonaws.com"),
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))),
                                "Version",
                                "2012-10-17")));
        String instanceId =
                template.findResources("AWS::EC2::Instance").keySet().iterator().next();
        List<Map<String, Object>> start = policyStatements(template).stream()
                .filter(s -> asList(s.get("Action")).contains("ec2:StartInstances"))
                .toList();
        assertThat(start).as("statements allowing ec2:StartInstances").hasSize(1);
        assertThat(asList(start.get(0).get("Action"))).containsExactly("ec2:StartInstances");
        assertThat(asList(start.get(0).get("Resource"))).hasSize(1);
        assertThat(JSON.writeValueAsString(start.get(0).get("Resource")))
                .as("only this instance")
                .contains(":instance/")
                .contains(instanceId)
                .doesNotContain("\"*\"");
        assertThat(policyStatements(template))
                .as("no other EC2 action anywhere")
                .flatExtracting(s -> asList(s.get("Action")))
                .filteredOn(a -> ((String) a).startsWith("ec2:"))
                .containsOnly("ec2:StartInstances");
    }

    @Test
    void s3AccessIsScopedToTheVariantsOwnPrefixes() {
        PolicyAssertions.assertS3AccessScopedToJobPrefixes(template, "ec2-per-run/");
        template.hasOutput(Outputs.INSIGHTS_PREFIX, Map.of("Value", "ec2-per-run/insights/"));
    }

    @Test
    void theAlwaysOnStackKeepsItsLogicalIdsAndUserData() throws Exception {
        Template ec2 = Template.fromStack(
                CdkTestSupport.synth(Map.of("variants", "ec2")).ec2());
        assertThat(ec2.findResources("AWS::EC2::Instance")
                        .values()
                        .iterator()
                        .next()
                        .toString())
                .as("no shutdown behaviour, the timer install")
                .doesNotContain("InstanceInitiatedShutdownBehavior")
                .contains("install.sh " + Ec2VariantStack.JAR_PATH);
        // The logical ids the stack had before the shared RunnerInstance: an update keeps VPC, role and logs.
        assertThat(ec2.findResources("AWS::EC2::VPC")).containsOnlyKeys("Vpc8378EB38");
        assertThat(ec2.findResources("AWS::IAM::Role")).containsKey("InstanceRole3CCE2F1D");
        assertThat(ec2.findResources("AWS::EC2::SecurityGroup")).containsKey("InstanceSecurityGroup896E10BF");
        assertThat(ec2.findResources("AWS::Logs::LogGroup")).containsKeys("RunnerLogsF9B1C0E8", "FlowLogs16C1943A");
    }

    @Test
    void passesCdkNagWithNoUnsuppressedFindings() {
        assertNoUnsuppressedNagErrors(stacks.ec2PerRun());
    }
}

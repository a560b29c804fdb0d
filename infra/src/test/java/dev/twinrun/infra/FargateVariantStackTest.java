package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.asList;
import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static dev.twinrun.infra.CdkTestSupport.policyStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FargateVariantStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TwinrunApp.Stacks stacks;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = CdkTestSupport.synth(Map.of("variants", "fargate"));
        template = Template.fromStack(stacks.fargate());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers() {
        Map<String, Object> props = (Map<String, Object>) template.findResources("AWS::ECS::TaskDefinition")
                .values()
                .iterator()
                .next()
                .get("Properties");
        return (List<Map<String, Object>>) props.get("ContainerDefinitions");
    }

    private static Map<String, Object> container(String name) {
        return containers().stream()
                .filter(c -> name.equals(c.get("Name")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void isNotDeployedUnlessNamedInVariants() {
        assertThat(TwinrunConfig.defaults().has(TwinrunConfig.Variant.FARGATE)).isFalse();
        assertThat(stacks.fargate().getStackName()).isEqualTo(TwinrunApp.FARGATE);
    }

    @Test
    void anArm64TaskOfHalfAVcpuAndOneGbByDefault() {
        template.resourceCountIs("AWS::ECS::Cluster", 1);
        template.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Map.of(
                        "Cpu",
                        "512",
                        "Memory",
                        "1024",
                        "NetworkMode",
                        "awsvpc",
                        "RequiresCompatibilities",
                        List.of("FARGATE"),
                        "RuntimePlatform",
                        Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX")));
    }

    @Test
    void sizeAndArchitectureFollowTheSettings() {
        Template x86 = Template.fromStack(CdkTestSupport.synth(Map.of(
                        "variants",
                        "fargate",
                        "fargateCpu",
                        "1024",
                        "fargateMemoryMb",
                        "3072",
                        "fargateArch",
                        "x86_64"))
                .fargate());
        x86.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Map.of(
                        "Cpu",
                        "1024",
                        "Memory",
                        "3072",
                        "RuntimePlatform",
                        Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX")));
        assertThatThrownBy(() -> CdkTestSupport.synth(Map.of("variants", "fargate", "fargateMemoryMb", "512")))
                .as("512 CPU units with 512 MB")
                .hasMessageContaining("not a Fargate task size")
                .hasMessageContaining("1024..4096 in steps of 1024");
    }

    @Test
    void aPublicImageFetchesTheJarAssetThenCorrettoRunsRunDueOnceWithinTheMaximumRuntime() throws Exception {
        Map<String, Object> fetch = container("fetch");
        Map<String, Object> runner = container("runner");

        assertThat(fetch.get("Image")).isEqualTo(TwinrunConfig.FargateTask.DEFAULT_FETCH_IMAGE);
        assertThat(fetch.get("Essential")).as("the fetch container may exit").isEqualTo(false);
        assertThat(JSON.writeValueAsString(fetch.get("Command")))
                .contains("\"s3\",\"cp\"")
                .contains("cdk-hnb659fds-assets")
                .contains(FargateVariantStack.JAR_PATH);
        assertThat(runner.get("Image")).isEqualTo(TwinrunConfig.FargateTask.DEFAULT_IMAGE);
        assertThat(runner.get("Essential")).isEqualTo(true);
        assertThat(runner.get("DependsOn"))
                .as("starts when the jar is there")
                .isEqualTo(List.of(Map.of("ContainerName", "fetch", "Condition", "SUCCESS")));
        assertThat(runner.get("EntryPoint")).isEqualTo(List.of("sh", "-c"));
        assertThat(asList(runner.get("Command")))
                .containsExactly(
                        "exec timeout -s TERM -k 30 50m java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=75 -jar "
                                + FargateVariantStack.JAR_PATH + " run-due");
        for (Map<String, Object> c : List.of(fetch, runner)) {
            assertThat(JSON.writeValueAsString(c.get("MountPoints")))
                    .as("%s mounts the shared volume", c.get("Name"))
                    .contains("\"ContainerPath\":\"/twinrun\"")
                    .contains("\"SourceVolume\":\"runner\"");
            assertThat(JSON.writeValueAsString(c.get("LogConfiguration")))
                    .as("%s logs to CloudWatch", c.get("Name"))
                    .contains("awslogs");
        }
        template.hasResourceProperties(
                "AWS::Logs::LogGroup",
                Map.of("LogGroupName", FargateVariantStack.RUNNER_LOG_GROUP, "RetentionInDays", 30));
    }

    @Test
    void theRunnerGetsTheJobSettingsWithItsOwnPrefixAndLogsToStdout() throws Exception {
        String env = JSON.writeValueAsString(container("runner").get("Environment"));
        assertThat(env)
                .contains("{\"Name\":\"TWINRUN_VARIANT\",\"Value\":\"fargate\"}")
                .contains("{\"Name\":\"TWINRUN_OUTPUT_PREFIX\",\"Value\":\"fargate/\"}")
                .contains("{\"Name\":\"TWINRUN_INPUT_PREFIX\",\"Value\":\"incoming/\"}")
                .contains("{\"Name\":\"TWINRUN_LOG_FILE\",\"Value\":\"none\"}")
                .contains("TWINRUN_BUCKET");
        template.hasOutput(Outputs.INSIGHTS_PREFIX, Map.of("Value", "fargate/insights/"));
    }

    @Test
    void aSchedulerScheduleRunsTheTaskOnFargateHourlyWithAPublicAddress() {
        template.hasResourceProperties(
                "AWS::Scheduler::Schedule",
                Map.of(
                        "ScheduleExpression",
                        "cron(5 * * * ? *)",
                        "ScheduleExpressionTimezone",
                        "UTC",
                        "Target",
                        Match.objectLike(Map.of(
                                "EcsParameters",
                                Match.objectLike(Map.of(
                                        "LaunchType",
                                        "FARGATE",
                                        "TaskCount",
                                        1,
                                        "NetworkConfiguration",
                                        Map.of(
                                                "AwsvpcConfiguration",
                                                Match.objectLike(Map.of("AssignPublicIp", "ENABLED")))))))));
    }

    @Test
    void theSchedulerRoleMayRunOnlyThisTaskOnThisClusterAndPassOnlyItsRoles() throws Exception {
        List<Map<String, Object>> statements = policyStatements(template);
        Map<String, Object> run = statements.stream()
                .filter(s -> asList(s.get("Action")).contains("ecs:RunTask"))
                .findFirst()
                .orElseThrow();
        assertThat(asList(run.get("Action"))).containsExactly("ecs:RunTask");
        assertThat(JSON.writeValueAsString(run.get("Resource"))).contains("task-definition/");
        assertThat(JSON.writeValueAsString(run.get("Condition")))
                .contains("ArnEquals")
                .contains("ecs:cluster");
        Map<String, Object> pass = statements.stream()
                .filter(s -> asList(s.get("Action")).contains("iam:PassRole"))
                .findFirst()
                .orElseThrow();
        assertThat(asList(pass.get("Resource")))
                .as("the task and execution roles")
                .hasSize(2);
        assertThat(JSON.writeValueAsString(pass.get("Condition")))
                .contains("iam:PassedToService")
                .contains("ecs-tasks.amazonaws.com");
        assertThat(statements)
                .flatExtracting(s -> asList(s.get("Action")))
                .as("no wildcard action")
                .noneMatch(a -> ((String) a).contains("*"));
    }

    @Test
    void theTaskRoleHasTheJobsDataAccessAndReadsOnlyItsJar() {
        PolicyAssertions.assertS3AccessScopedToJobPrefixes(template, "fargate/");
        template.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void passesCdkNagWithNoUnsuppressedFindings() {
        assertNoUnsuppressedNagErrors(stacks.fargate());
    }
}

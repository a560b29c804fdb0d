package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class JobFunctionTest {

    @Test
    void theJobFunctionsKeepTheLogicalIdsTheirStacksGaveThemSoADeployUpdatesInPlace() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of("variants", "lambda,fanout"));

        assertThat(Template.fromStack(stacks.lambda()).toJSON().get("Resources"))
                .as("lambda stack resources")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys(
                        "Function76856677",
                        "Logs6819BB44",
                        "FunctionRole111A5701",
                        "FunctionEventInvokeConfig9F3DE447");
        assertThat(Template.fromStack(stacks.fanout()).toJSON().get("Resources"))
                .as("fan-out stack resources")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys(
                        "PlanFunctionEA79BDD0",
                        "PlanLogs46AFE57B",
                        "PlanRole42C4D327",
                        "PlanDataAccessE57DE75F",
                        "ShardFunction9FE25F2F",
                        "ShardLogsBDBE7019",
                        "ShardRole9D985044",
                        "MergeFunction25311E72",
                        "MergeLogs48E50530",
                        "MergeRoleC1AB97BF",
                        "MergeJobDataAccessPolicy05A6F361");
    }

    @Test
    void everyJobFunctionTakesRuntimeArchitectureAndMemoryFromTheConfig() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of(
                "variants",
                "lambda,fanout",
                "lambdaArch",
                "x86_64",
                "lambdaMemoryMb",
                "2048",
                "lambdaRuntime",
                "java25"));

        for (var stack : new software.amazon.awscdk.Stack[] {stacks.lambda(), stacks.fanout()}) {
            Map<String, Map<String, Object>> functions =
                    Template.fromStack(stack).findResources("AWS::Lambda::Function");
            assertThat(functions).as("functions of %s", stack.getStackName()).isNotEmpty();
            var jobFunctions = functions.values().stream()
                    .map(f -> (Map<?, ?>) f.get("Properties"))
                    .filter(p -> String.valueOf(p.get("Description")).startsWith("twinrun"))
                    .toList();
            assertThat(jobFunctions)
                    .as("job functions of %s", stack.getStackName())
                    .hasSize(stack == stacks.lambda() ? 1 : 3);
            jobFunctions.forEach(p -> {
                assertThat(p.get("MemorySize")).as("memory").isEqualTo(2048);
                assertThat(p.get("Runtime")).as("runtime").isEqualTo("java25");
                assertThat(p.get("Architectures")).as("architecture").isEqualTo(List.of("x86_64"));
                assertThat(p.get("EphemeralStorage"))
                        .as("/tmp for the quarantine spill")
                        .isEqualTo(Map.of("Size", 2048));
            });
        }
    }
}

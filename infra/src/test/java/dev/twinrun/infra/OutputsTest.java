package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The outputs `compare --target aws` reads to check a runner stack before it uploads anything (docs/AWS.md). */
class OutputsTest {
    private static TwinrunApp.Stacks all;

    @BeforeAll
    static void synth() {
        all = CdkTestSupport.synth(Map.of("variants", "lambda,ec2,fanout,ec2-per-run,fargate"));
    }

    @Test
    void everyRunnerStackNamesItsJarDigestLogGroupAndSchedule() {
        Map<Stack, String> logGroups = Map.of(
                all.ec2(), Ec2VariantStack.RUNNER_LOG_GROUP,
                all.ec2PerRun(), Ec2PerRunVariantStack.RUNNER_LOG_GROUP,
                all.fargate(), FargateVariantStack.RUNNER_LOG_GROUP);
        for (var e : logGroups.entrySet()) {
            Map<String, Map<String, Object>> outputs =
                    Template.fromStack(e.getKey()).findOutputs("*");
            assertThat(value(outputs, Outputs.RUNNER_JAR_SHA256))
                    .as("%s: the runner jar's SHA-256", e.getKey().getStackName())
                    .matches("[0-9a-f]{64}");
            assertThat(value(outputs, Outputs.LOG_GROUP_NAME)).isEqualTo(e.getValue());
            assertThat(value(outputs, Outputs.SCHEDULE_EXPRESSION)).isEqualTo("cron(5 * * * ? *)");
            assertThat(value(outputs, Outputs.INSIGHTS_PREFIX)).endsWith("insights/");
        }
    }

    @Test
    void theDigestIsTheJarsOwn() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("outputs-test");
        var jar = dir.resolve("a.jar");
        java.nio.file.Files.write(jar, "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(Outputs.sha256Hex(jar))
                .as("SHA-256 of \"abc\" (FIPS 180-2 test vector)")
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static String value(Map<String, Map<String, Object>> outputs, String name) {
        assertThat(outputs).as("outputs").containsKey(name);
        return String.valueOf(outputs.get(name).get("Value"));
    }
}

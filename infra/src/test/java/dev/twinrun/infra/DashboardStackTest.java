package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class DashboardStackTest {

    private static TwinrunApp.Stacks stacks;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = CdkTestSupport.synth(Map.of());
        template = Template.fromStack(stacks.dashboard());
    }

    @Test
    void showsBothVariantsDurationRowsErrorsAndCostDriversSideBySide() throws Exception {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        String body = new ObjectMapper().writeValueAsString(template.findResources("AWS::CloudWatch::Dashboard"));
        assertThat(body)
                .contains("\\\"twinrun\\\",\\\"DurationMs\\\",\\\"Variant\\\",\\\"lambda\\\"")
                .contains("\\\"twinrun\\\",\\\"DurationMs\\\",\\\"Variant\\\",\\\"ec2\\\"")
                .contains("RowsRead")
                .contains("AWS/Lambda")
                .contains("Errors")
                .contains("GB-seconds")
                .contains("AWS/EC2")
                .contains("IncomingBytes");
    }

    @Test
    void chartsEveryDeployedVariantAndOnlyThose() throws Exception {
        TwinrunApp.Stacks all = CdkTestSupport.synth(Map.of("variants", "lambda,ec2,fanout,ec2-per-run,fargate"));
        String body = new ObjectMapper()
                .writeValueAsString(Template.fromStack(all.dashboard()).findResources("AWS::CloudWatch::Dashboard"));
        for (String variant : new String[] {"lambda", "ec2", "fanout", "ec2-per-run", "fargate"}) {
            assertThat(body)
                    .as(variant)
                    .contains("\\\"DurationMs\\\",\\\"Variant\\\",\\\"" + variant + "\\\"")
                    .contains("\\\"RowsRead\\\",\\\"Variant\\\",\\\"" + variant + "\\\"");
        }
        for (String runner : new String[] {"ec2", "ec2-per-run", "fargate"}) {
            assertThat(body).contains("\\\"HoursFailed\\\",\\\"Variant\\\",\\\"" + runner + "\\\"");
        }
        assertThat(body).contains("AWS/States").contains("ExecutionsFailed");

        TwinrunApp.Stacks fanoutOnly = CdkTestSupport.synth(Map.of("variants", "fanout"));
        String fanoutBody = new ObjectMapper()
                .writeValueAsString(
                        Template.fromStack(fanoutOnly.dashboard()).findResources("AWS::CloudWatch::Dashboard"));
        assertThat(fanoutBody)
                .contains("\\\"Variant\\\",\\\"fanout\\\"")
                .doesNotContain("\\\"Variant\\\",\\\"lambda\\\"");
    }

    @Test
    void passesCdkNagAwsSolutionsChecks() {
        assertNoUnsuppressedNagErrors(stacks.dashboard());
        assertNoUnsuppressedNagErrors(stacks.data());
    }
}

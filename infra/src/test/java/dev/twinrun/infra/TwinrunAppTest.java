package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class TwinrunAppTest {

    @Test
    void lambdaAloneNeedsOnlyTheDataStackAndLeavesEc2OutOfTheDashboard() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of("variants", "lambda"));
        assertThat(stacks.ec2()).isNull();
        Template.fromStack(stacks.lambda()); // cross-stack dependencies are recorded while synthesizing
        assertThat(stacks.lambda().getDependencies())
                .extracting(Stack::getStackName)
                .as("the Lambda stack depends only on the data stack")
                .containsExactly(TwinrunApp.DATA);
        assertThat(Template.fromStack(stacks.dashboard()).toJSON().toString()).doesNotContain("AWS/EC2");
    }

    @Test
    void ec2AloneNeedsOnlyTheDataStack() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of("variants", "ec2"));
        assertThat(stacks.lambda()).isNull();
        Template.fromStack(stacks.ec2());
        assertThat(stacks.ec2().getDependencies())
                .extracting(Stack::getStackName)
                .containsExactly(TwinrunApp.DATA);
        Template.fromStack(stacks.data()).resourceCountIs("AWS::S3::Bucket", 2);
    }

    @Test
    void theDataStackNeverRefersToAVariant() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of());
        Template.fromStack(stacks.data()).resourceCountIs("Custom::S3BucketNotifications", 0);
        assertThat(stacks.dashboard().getDependencies())
                .extracting(Stack::getStackName)
                .as("the dashboard depends on both variants")
                .contains(TwinrunApp.LAMBDA, TwinrunApp.EC2);
        assertThat(stacks.data().getDependencies())
                .as("data stack dependencies")
                .isEmpty();
    }

    @Test
    void synthesizesWithoutAnAccountOrRegion() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of());
        for (Stack stack : new Stack[] {stacks.data(), stacks.lambda(), stacks.ec2(), stacks.dashboard()}) {
            assertThat(software.amazon.awscdk.Token.isUnresolved(stack.getRegion()))
                    .as("%s is environment-agnostic", stack.getStackName())
                    .isTrue();
        }
    }

    @Test
    void missingArtifactsBecomePlaceholdersWithAWarning() {
        App app = new App(AppProps.builder()
                .context(Map.of(
                        "lambdaArtifact",
                        "does/not/exist.zip",
                        "ec2Jar",
                        "does/not/exist.jar",
                        "ec2InstallDir",
                        "does/not/exist"))
                .build());
        TwinrunApp.Stacks stacks = TwinrunApp.build(app, TwinrunConfig.fromContext(app.getNode()));
        Annotations.fromStack(stacks.lambda())
                .hasWarning("*", Match.stringLikeRegexp(".*lambda-adapter deployment zip not found.*placeholder.*"));
        Annotations.fromStack(stacks.ec2())
                .hasWarning("*", Match.stringLikeRegexp(".*ec2-adapter runnable jar not found.*"));
        Annotations.fromStack(stacks.ec2()).hasWarning("*", Match.stringLikeRegexp(".*install bundle.*not found.*"));
        assertThat(Artifacts.PLACEHOLDER_DIR.resolve("twinrun-lambda.zip")).isRegularFile();
        assertThat(Artifacts.PLACEHOLDER_DIR.resolve("install/install.sh")).isRegularFile();
    }

    @Test
    void requireArtifactsTurnsAMissingArtifactIntoAnError() {
        App app = new App(AppProps.builder()
                .context(Map.of(
                        "variants", "lambda", "lambdaArtifact", "does/not/exist.zip", "requireArtifacts", "true"))
                .build());
        assertThatThrownBy(() -> TwinrunApp.build(app, TwinrunConfig.fromContext(app.getNode())))
                .hasMessageContaining("lambda-adapter deployment zip not found")
                .hasMessageContaining("requireArtifacts=true");
    }
}

package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/** cdk.json is what the CLI runs with: its app command and its context must work with this app. */
class CdkJsonTest {

    @Test
    void appCommandRunsTheAppThroughMavenAndItsContextSynthesizesEveryStack() throws Exception {
        JsonNode cdkJson = new ObjectMapper().readTree(Path.of("cdk.json").toFile());
        assertThat(cdkJson.path("app").asText()).endsWith("-e -q -Dtwinrun.cdk.app compile exec:java");
        Map<String, Object> context = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cdkJson.path("context").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            context.put(entry.getKey(), new ObjectMapper().treeToValue(entry.getValue(), Object.class));
        }
        context.put(
                "lambdaArtifact",
                CdkTestSupport.ARTIFACTS.resolve("twinrun-lambda.zip").toString());
        context.put(
                "ec2Jar", CdkTestSupport.ARTIFACTS.resolve("twinrun-ec2.jar").toString());
        context.put("ec2InstallDir", CdkTestSupport.ARTIFACTS.resolve("install").toString());
        App app = new App(AppProps.builder().context(context).build());
        TwinrunApp.Stacks stacks = TwinrunApp.build(app, TwinrunConfig.fromContext(app.getNode()));
        // An unknown or removed feature flag in cdk.json fails here, as it would in `cdk synth`.
        Template.fromStack(stacks.ec2()).resourceCountIs("AWS::EC2::Instance", 1);
        Template.fromStack(stacks.lambda()).resourceCountIs("AWS::Lambda::Function", 2);
    }
}

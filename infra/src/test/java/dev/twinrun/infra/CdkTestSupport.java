package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** Builds the app the way {@link TwinrunApp#main} does, with fake artifacts, and checks what tests share. */
final class CdkTestSupport {

    /** Fake adapter artifacts, so tests never depend on the other modules having been built. */
    static final Path ARTIFACTS = fakeArtifacts();

    private CdkTestSupport() {}

    /** The stacks for {@code context} (merged over the fake artifact paths), with cdk-nag's AwsSolutions checks. */
    static TwinrunApp.Stacks synth(Map<String, ?> context) {
        return synth(context, null);
    }

    /** As {@link #synth(Map)}, writing the cloud assembly to {@code outdir} when it is not null. */
    static TwinrunApp.Stacks synth(Map<String, ?> context, Path outdir) {
        Map<String, Object> merged = new HashMap<>();
        merged.put("lambdaArtifact", ARTIFACTS.resolve("twinrun-lambda.zip").toString());
        merged.put("ec2Jar", ARTIFACTS.resolve("twinrun-ec2.jar").toString());
        merged.put("ec2InstallDir", ARTIFACTS.resolve("install").toString());
        merged.put("requireArtifacts", "true");
        merged.putAll(context);
        AppProps.Builder props = AppProps.builder().context(merged);
        if (outdir != null) {
            props.outdir(outdir.toString());
        }
        App app = new App(props.build());
        TwinrunApp.Stacks stacks = TwinrunApp.build(app, TwinrunConfig.fromContext(app.getNode()));
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stacks;
    }

    /** Asserts that cdk-nag reported no error on {@code stack} that is not suppressed. */
    static void assertNoUnsuppressedNagErrors(Stack stack) {
        Template.fromStack(stack); // synthesizes, which runs the aspects
        List<SynthesisMessage> errors =
                Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<String> described = new ArrayList<>();
        for (SynthesisMessage error : errors) {
            described.add(error.getId() + ": " + error.getEntry().getData());
        }
        assertThat(described)
                .as("unsuppressed cdk-nag AwsSolutions errors in %s", stack.getStackName())
                .isEmpty();
    }

    /** Every statement of every IAM policy (inline AWS::IAM::Policy) in {@code template}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> policyStatements(Template template) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> resource :
                template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            Map<String, Object> document = (Map<String, Object>) props.get("PolicyDocument");
            out.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        return out;
    }

    /** A statement's Action or Resource as a list. */
    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of(value);
    }

    private static Path fakeArtifacts() {
        try {
            Path dir = Files.createTempDirectory("twinrun-infra-test");
            Files.writeString(dir.resolve("twinrun-lambda.zip"), "fake lambda zip");
            Files.writeString(dir.resolve("twinrun-ec2.jar"), "fake runner jar");
            Files.createDirectories(dir.resolve("install"));
            Files.writeString(dir.resolve("install/install.sh"), "#!/bin/bash\necho fake\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

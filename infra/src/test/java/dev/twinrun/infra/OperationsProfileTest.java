package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.infra.inventory.OperationsProfile;
import dev.twinrun.infra.inventory.OperationsProfile.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/**
 * The operations profile the reports show is read from the synthesized templates: the built-in copy is what the five
 * variants' stacks create, and a changed stack setting changes the profile.
 */
class OperationsProfileTest {
    /** Where the synthesized profile is written, to refresh the built-in copy from. */
    static final Path WRITTEN = Path.of("target", "operations-profile.json");

    static final String BUILT_IN = "pricing/src/main/resources/deployments/twinrun-2026-operations.json";

    @TempDir
    static Path cdkOut;

    private static Map<String, Variant> profile;

    @BeforeAll
    static void synthAndRead() throws IOException {
        profile = synth(Map.of("variants", "lambda,ec2,fanout,ec2-per-run,fargate"), cdkOut);
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, OperationsProfile.toJson(profile) + "\n", StandardCharsets.UTF_8);
    }

    static Map<String, Variant> synth(Map<String, ?> context, Path dir) {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(context, dir);
        ((App) stacks.data().getNode().getRoot()).synth();
        return OperationsProfile.read(dir);
    }

    @Test
    void theBuiltInProfileIsWhatTheStacksCreate() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode builtIn;
        try (InputStream in =
                OperationsProfile.class.getResourceAsStream("/deployments/twinrun-2026-operations.json")) {
            assertThat(in).as(BUILT_IN + " on the classpath").isNotNull();
            builtIn = json.readTree(in);
        }
        assertThat(builtIn)
                .as("the built-in operations profile; when the stacks change, copy infra/" + WRITTEN + " to "
                        + BUILT_IN)
                .isEqualTo(json.readTree(OperationsProfile.toJson(profile)));
    }

    @Test
    void everyVariantHasEveryFactWithWhereItWasRead() {
        assertThat(profile).containsOnlyKeys("lambda", "ec2", "fanout", "ec2-per-run", "fargate");
        for (String v : new String[] {"lambda", "ec2", "fanout", "ec2-per-run", "fargate"}) {
            assertThat(profile.get(v).facts()).as(v).containsOnlyKeys(OperationsProfile.FACTS);
            profile.get(v)
                    .facts()
                    .forEach((k, f) -> assertThat(f.from()).as(v + " " + k).contains("template"));
        }
    }

    @Test
    void theFactsAreTheTemplatesOwn() {
        Variant ec2 = profile.get("ec2");
        assertThat(ec2.resources()).containsEntry("AWS::EC2::Instance", 1).containsEntry("AWS::CloudWatch::Alarm", 3);
        assertThat(fact(ec2, "operate.patch")).contains("/aws/service/ami-amazon-linux-latest/al2023");
        assertThat(fact(ec2, "operate.agent")).startsWith("CloudWatch agent");
        assertThat(fact(ec2, "rollout.how")).startsWith("a new instance");
        assertThat(fact(ec2, "observe.alarms")).startsWith("3 alarms, 3 with an action");
        assertThat(fact(ec2, "observe.dashboard")).matches("[1-9]\\d* of the shared dashboard's \\d+ widgets.*");

        Variant lambda = profile.get("lambda");
        assertThat(fact(lambda, "operate.patch"))
                .contains("managed runtime java21")
                .contains("patched by AWS");
        assertThat(fact(lambda, "operate.agent")).startsWith("none");
        assertThat(fact(lambda, "operate.scales")).contains("capped at 5");
        assertThat(fact(lambda, "rollout.rollback")).startsWith("not one step");
        assertThat(fact(lambda, "operate.iam")).contains("s3:GetObject");

        assertThat(fact(profile.get("fargate"), "operate.patch")).contains("amazoncorretto");
        assertThat(fact(profile.get("fanout"), "operate.scales"))
                .contains("distributed Map")
                .contains("MaxConcurrency");
        assertThat(fact(profile.get("fanout"), "observe.dashboard")).startsWith("2 of");
        assertThat(fact(profile.get("fargate"), "observe.dashboard")).doesNotStartWith("0 of");
    }

    @Test
    void aChangedStackSettingChangesTheProfile(@TempDir Path other) {
        Map<String, Variant> changed = synth(Map.of("variants", "lambda", "lambdaSnapStart", "true"), other);
        assertThat(changed).as("without the EC2 variant there is no EC2 column").doesNotContainKey("ec2");
        Variant lambda = changed.get("lambda");
        assertThat(lambda.resources()).containsKeys("AWS::Lambda::Version", "AWS::Lambda::Alias");
        assertThat(fact(lambda, "rollout.how"))
                .startsWith("publish a new version")
                .contains("live");
        assertThat(fact(lambda, "rollout.rollback")).startsWith("one step");
        assertThat(fact(lambda, "operate.resources")).isNotEqualTo(fact(profile.get("lambda"), "operate.resources"));
    }

    private static String fact(Variant v, String key) {
        return v.facts().get(key).value();
    }
}

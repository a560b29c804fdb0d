package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.benchmarks.measure.AwsApi.FunctionView;
import dev.twinrun.benchmarks.measure.AwsApi.StackView;
import dev.twinrun.benchmarks.measure.AwsDeployment.AwsVariant;
import dev.twinrun.benchmarks.measure.AwsDeployment.Deployed;
import dev.twinrun.benchmarks.measure.AwsDeployment.NotReady;
import dev.twinrun.benchmarks.measure.AwsDeployment.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsDeploymentTest {
    /** The bytes whose hashes the recorded responses carry. */
    static final String ZIP_BYTES = "twinrun-lambda.zip as built here\n";

    static final String JAR_BYTES = "twinrun-ec2.jar as built here\n";

    @TempDir
    Path dir;

    Path zip;
    Path jar;

    @BeforeEach
    void artifacts() throws IOException {
        zip = Files.writeString(dir.resolve("twinrun-lambda.zip"), ZIP_BYTES, StandardCharsets.UTF_8);
        jar = Files.writeString(dir.resolve("twinrun-ec2.jar"), JAR_BYTES, StandardCharsets.UTF_8);
    }

    private AwsDeployment.Local local(Set<AwsVariant> wanted) {
        return new AwsDeployment.Local(zip, jar, wanted, null, null, "eu-west-1");
    }

    @Test
    void aCurrentDeploymentGivesEveryVariantItsPrefixScheduleAndLogGroup() {
        AwsDeployment.Plan plan = AwsDeployment.check(
                Recorded.stacks("describe-stacks-ready.xml"), Recorded.function("get-function.json"), local(Set.of()));

        assertThat(plan.bucket()).isEqualTo("twinrundata-databucket1a2b3c4d-9x8y7z6w5v4u");
        assertThat(plan.variants()).extracting(Deployed::variant).containsExactly(AwsVariant.values());
        Deployed lambda = plan.variants().get(0);
        assertThat(lambda.outputPrefix()).as("InsightsPrefix lambda/insights/").isEqualTo("lambda/");
        assertThat(lambda.eventDriven())
                .as("no ScheduleExpression output: the S3-triggered function")
                .isTrue();
        assertThat(lambda.snapStart()).as("SnapStart.ApplyOn PublishedVersions").isTrue();
        assertThat(lambda.logGroup()).isEqualTo("/aws/lambda/TwinrunLambda-Function76856677-AbCdEf123456");
        Deployed ec2 = plan.variants().get(1);
        assertThat(ec2.logGroup()).as("the runner's default log group").isEqualTo("/twinrun/ec2/runner");
        assertThat(ec2.schedule().expression()).as("the runner timer's *:05").isEqualTo("cron(5 * * * ? *)");
        Deployed fargate = plan.variants().get(3);
        assertThat(fargate.outputPrefix()).isEqualTo("fargate/");
        assertThat(fargate.logGroup()).isEqualTo("/twinrun/fargate/runner");
        assertThat(fargate.eventDriven()).isFalse();
    }

    @Test
    void anOlderDeploymentIsRefusedWithEveryProblemAndItsFix() {
        assertThatThrownBy(() -> AwsDeployment.check(
                        Recorded.stacks("describe-stacks-before-issue-15.xml"),
                        Recorded.function("get-function.json"),
                        local(Set.of())))
                .isInstanceOfSatisfying(NotReady.class, e -> {
                    assertThat(e.getMessage()).contains("nothing was uploaded");
                    assertThat(e.problems())
                            .extracting(Problem::what)
                            .anySatisfy(w -> assertThat(w).contains("TwinrunEc2 has no output RunnerJarSha256"))
                            .anySatisfy(w -> assertThat(w).contains("TwinrunEc2 has no output InsightsPrefix"))
                            .anySatisfy(w -> assertThat(w).contains("TwinrunFargate is UPDATE_ROLLBACK_COMPLETE"));
                    assertThat(e.problems())
                            .filteredOn(p -> p.what().contains("RunnerJarSha256"))
                            .extracting(Problem::fix)
                            .containsExactly("redeploy it with this checkout's infra: (cd infra && npx cdk deploy"
                                    + " TwinrunEc2 -c variants=ec2 -c requireArtifacts=true)");
                });
    }

    @Test
    void otherCodeThanTheLocalZipOrJarIsRefused() throws IOException {
        Files.writeString(zip, "another build\n");
        Files.writeString(jar, "another jar\n");
        assertThatThrownBy(() -> AwsDeployment.check(
                        Recorded.stacks("describe-stacks-ready.xml"),
                        Recorded.function("get-function.json"),
                        local(Set.of(AwsVariant.LAMBDA, AwsVariant.FARGATE))))
                .isInstanceOfSatisfying(
                        NotReady.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::toString)
                                .anySatisfy(p -> assertThat(p)
                                        .contains("runs other code than " + zip)
                                        .contains("CodeSha256 iHMrOLQ50bWuYH0VCfDXjo+0N0KQhx6kvx+flIBu2HM=")
                                        .contains("npx cdk deploy TwinrunLambda -c variants=lambda"))
                                .anySatisfy(p -> assertThat(p)
                                        .contains("TwinrunFargate runs another runner jar than " + jar)
                                        .contains("npx cdk deploy TwinrunFargate -c variants=fargate"))
                                .hasSize(2));
    }

    @Test
    void twoVariantsUnderOnePrefixAreRefused() {
        AwsApi.Stacks stacks = name -> switch (name) {
            case "TwinrunData" -> Optional.of(new StackView(name, "CREATE_COMPLETE", Map.of("BucketName", "b")));
            case "TwinrunLambda" -> Optional.of(new StackView(name, "CREATE_COMPLETE", Map.of("FunctionName", "f")));
            case "TwinrunEc2" ->
                Optional.of(new StackView(
                        name,
                        "UPDATE_COMPLETE",
                        Map.of("InsightsPrefix", "insights/", "RunnerJarSha256", AwsDeployment.sha256Hex(jar))));
            default -> Optional.empty();
        };
        FunctionView f = Recorded.functionView("get-function.json");
        AwsApi.Functions functions = name -> Optional.of(
                new FunctionView(name, "$LATEST", f.codeSha256(), false, Map.of("TWINRUN_OUTPUT_PREFIX", "")));

        assertThatThrownBy(() -> AwsDeployment.check(stacks, functions, local(Set.of())))
                .isInstanceOfSatisfying(
                        NotReady.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(p -> assertThat(p.what())
                                        .isEqualTo(
                                                "TwinrunLambda and TwinrunEc2 publish under the same output prefix '':"
                                                        + " whichever publishes an hour first makes it current for the other,"
                                                        + " which then skips it")));
        // Measured one at a time, the same stacks pass.
        assertThat(AwsDeployment.check(stacks, functions, local(Set.of(AwsVariant.EC2)))
                        .variants())
                .extracting(Deployed::stack)
                .containsExactly("TwinrunEc2");
    }

    @Test
    void missingStacksNameTheDeployCommand() {
        AwsApi.Stacks none = name -> Optional.empty();
        assertThatThrownBy(() -> AwsDeployment.check(none, name -> Optional.empty(), local(Set.of())))
                .isInstanceOfSatisfying(
                        NotReady.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::toString)
                                .containsExactly(
                                        "stack TwinrunData does not exist in eu-west-1\n    fix: (cd infra && npx cdk deploy"
                                                + " TwinrunData) after `npx cdk bootstrap` (docs/AWS.md)",
                                        "none of the variant stacks TwinrunLambda, TwinrunEc2, TwinrunEc2PerRun,"
                                                + " TwinrunFargate exists in eu-west-1\n    fix: ./mvnw -B -pl"
                                                + " lambda-adapter,ec2-adapter -am package -DskipTests && (cd infra && npx cdk"
                                                + " deploy --all -c requireArtifacts=true) (docs/AWS.md)"));
        assertThatThrownBy(() -> AwsDeployment.check(
                        Recorded.stacks("describe-stacks-before-issue-15.xml"),
                        Recorded.function("get-function.json"),
                        local(Set.of(AwsVariant.EC2_PER_RUN))))
                .hasMessageContaining("--variants names ec2-per-run but stack TwinrunEc2PerRun does not exist")
                .hasMessageContaining("npx cdk deploy TwinrunEc2PerRun -c variants=ec2-per-run");
    }

    @Test
    void variantNamesParse() {
        assertThat(AwsVariant.parse("ec2-per-run")).isEqualTo(AwsVariant.EC2_PER_RUN);
        assertThatThrownBy(() -> AwsVariant.parse("batch"))
                .hasMessage("--variants: unknown variant 'batch', expected one of [lambda, ec2, ec2-per-run, fargate]");
    }
}

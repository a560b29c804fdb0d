package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TwinrunConfigTest {

    @Test
    void defaultsMatchTheDocumentedSettings() {
        TwinrunConfig config = TwinrunConfig.defaults();
        assertThat(config.variants())
                .containsExactlyInAnyOrder(TwinrunConfig.Variant.LAMBDA, TwinrunConfig.Variant.EC2);
        assertThat(config.lambdaMemoryMb()).isEqualTo(1024);
        assertThat(config.lambdaArch()).isEqualTo(TwinrunConfig.LambdaArch.ARM64);
        assertThat(config.trigger()).isEqualTo(TwinrunConfig.Trigger.S3);
        assertThat(config.instanceType()).isEqualTo("t4g.micro");
        assertThat(config.insightsPrefix()).isEqualTo("insights/");
        assertThat(config.quarantinePrefix()).isEqualTo("quarantine/");
        assertThat(config.nag()).isTrue();
    }

    @Test
    void readsStringsFromTheCommandLineAndNumbersFromCdkJson() {
        TwinrunConfig config = TwinrunConfig.fromMap(Map.of(
                "variants",
                "ec2",
                "lambdaMemoryMb",
                2048,
                "lambdaArch",
                "x86_64",
                "trigger",
                "schedule",
                "instanceType",
                "t4g.small",
                "outputPrefix",
                "out/",
                "nag",
                false));
        assertThat(config.variants()).containsExactly(TwinrunConfig.Variant.EC2);
        assertThat(config.lambdaMemoryMb()).isEqualTo(2048);
        assertThat(config.lambdaArch()).isEqualTo(TwinrunConfig.LambdaArch.X86_64);
        assertThat(config.trigger()).isEqualTo(TwinrunConfig.Trigger.SCHEDULE);
        assertThat(config.insightsPrefix()).isEqualTo("out/insights/");
        assertThat(config.nag()).isFalse();
        assertThat(config.jobEnvironment("b", TwinrunConfig.Variant.EC2))
                .containsEntry("TWINRUN_OUTPUT_PREFIX", "out/")
                .containsEntry("TWINRUN_VARIANT", "ec2");
    }

    @Test
    void rejectsValuesThatWouldNotDeploy() {
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("trigger", "sqs")))
                .hasMessageContaining("trigger")
                .hasMessageContaining("sqs");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("lambdaMemoryMb", "64")))
                .hasMessageContaining("lambdaMemoryMb");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("lambdaArch", "mips")))
                .hasMessageContaining("lambdaArch");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("variants", ""))).hasMessageContaining("variants");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("inputPrefix", "incoming")))
                .hasMessageContaining("inputPrefix");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("logRetentionDays", "31")))
                .hasMessageContaining("logRetentionDays");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("lambdaRetryAttempts", "3")))
                .hasMessageContaining("lambdaRetryAttempts");
    }

    @Test
    void theFanoutSettingsComeFromTheirOwnContextKeys() {
        TwinrunConfig.Fanout defaults = TwinrunConfig.defaults().fanout();
        assertThat(defaults).isEqualTo(new TwinrunConfig.Fanout(10, true, 256, 200, 900));

        TwinrunConfig.Fanout set = TwinrunConfig.fromMap(Map.of(
                        "fanoutMaxConcurrency",
                        40,
                        "fanoutTrigger",
                        "None",
                        "fanoutShardTargetMb",
                        "64",
                        "fanoutMaxShards",
                        "500",
                        "fanoutShardTimeoutSeconds",
                        "600"))
                .fanout();
        assertThat(set).isEqualTo(new TwinrunConfig.Fanout(40, false, 64, 500, 600));

        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("fanoutTrigger", "sqs")))
                .hasMessageContaining("fanoutTrigger")
                .hasMessageContaining("sqs");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("fanoutMaxShards", "501")))
                .hasMessageContaining("fanoutMaxShards");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("fanoutMaxConcurrency", "0")))
                .hasMessageContaining("fanoutMaxConcurrency");
    }

    @Test
    void rejectsOutputPrefixesThatOverlapTheInput() {
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("outputPrefix", "incoming/out/")))
                .hasMessageContaining("overlap")
                .hasMessageContaining("incoming/out/insights/");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("inputPrefix", "insights/")))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("inputPrefix", "data/", "outputPrefix", "data/")))
                .hasMessageContaining("overlap");
        assertThat(TwinrunConfig.fromMap(Map.of("inputPrefix", "in/", "outputPrefix", "out/"))
                        .insightsPrefix())
                .isEqualTo("out/insights/");
    }

    @Test
    void theFunctionsGetTheConfiguredTemporaryStorage() {
        assertThat(TwinrunConfig.defaults().lambdaEphemeralStorageMb()).isEqualTo(2048);
        assertThat(TwinrunConfig.fromMap(Map.of("lambdaEphemeralStorageMb", "4096"))
                        .lambdaEphemeralStorageMb())
                .isEqualTo(4096);
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("lambdaEphemeralStorageMb", "100")))
                .hasMessageContaining("lambdaEphemeralStorageMb");
    }

    @Test
    void alarmEmailIsOptionalAndMustLookLikeAnAddress() {
        assertThat(TwinrunConfig.defaults().alarmSubscription()).isEmpty();
        assertThat(TwinrunConfig.fromMap(Map.of("alarmEmail", "ops@example.com"))
                        .alarmSubscription())
                .contains("ops@example.com");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("alarmEmail", "ops")))
                .hasMessageContaining("alarmEmail must be an email address");
        assertThat(TwinrunConfig.defaults().noncurrentRetentionDays()).isEqualTo(7);
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("noncurrentRetentionDays", "0")))
                .hasMessageContaining("noncurrentRetentionDays");
    }

    @Test
    void eachVariantPublishesUnderItsOwnPrefixByDefault() {
        TwinrunConfig config = TwinrunConfig.fromMap(Map.of("variants", "lambda,ec2,ec2-per-run,fargate,fanout"));

        assertThat(config.variants()).containsExactlyInAnyOrder(TwinrunConfig.Variant.values());
        assertThat(java.util.Arrays.stream(TwinrunConfig.Variant.values())
                        .map(v -> config.forVariant(v).insightsPrefix()))
                .containsExactly(
                        "lambda/insights/",
                        "ec2/insights/",
                        "fanout/insights/",
                        "ec2-per-run/insights/",
                        "fargate/insights/");
        assertThat(config.forVariant(TwinrunConfig.Variant.EC2_PER_RUN)
                        .jobEnvironment("b", TwinrunConfig.Variant.EC2_PER_RUN))
                .containsEntry("TWINRUN_OUTPUT_PREFIX", "ec2-per-run/")
                .containsEntry("TWINRUN_VARIANT", "ec2-per-run");
        assertThat(TwinrunConfig.fromMap(Map.of("outputPrefix", "out/"))
                        .forVariant(TwinrunConfig.Variant.LAMBDA)
                        .quarantinePrefix())
                .as("under the base outputPrefix")
                .isEqualTo("out/lambda/quarantine/");
        TwinrunConfig shared = TwinrunConfig.fromMap(Map.of("distinctOutputPrefixes", "false"));
        assertThat(shared.forVariant(TwinrunConfig.Variant.EC2).insightsPrefix())
                .as("distinctOutputPrefixes=false: the old shared prefix")
                .isEqualTo("insights/");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("inputPrefix", "lambda/", "outputPrefix", "")))
                .as("an input prefix that is a variant's output folder")
                .hasMessageContaining("overlap");
    }

    @Test
    void snapStartTakesTheLargestTemporaryStorageItSupports() {
        TwinrunConfig snap = TwinrunConfig.fromMap(Map.of("lambdaSnapStart", "true"));

        assertThat(snap.lambdaSnapStart()).isTrue();
        assertThat(snap.lambdaEphemeralStorageMb())
                .as("default /tmp with SnapStart")
                .isEqualTo(512);
        assertThat(TwinrunConfig.defaults().lambdaSnapStart()).isFalse();
        assertThatThrownBy(() ->
                        TwinrunConfig.fromMap(Map.of("lambdaSnapStart", "true", "lambdaEphemeralStorageMb", "2048")))
                .hasMessageContaining("SnapStart does not support ephemeral storage above 512 MB");
    }

    @Test
    void lambdaS3ClientSetsTheTransportOfTheLambdaFunctionsOnly() {
        assertThat(TwinrunConfig.defaults().jobEnvironment("b", TwinrunConfig.Variant.LAMBDA))
                .as("auto: the adapters choose (signed REST with the role's keys in the environment)")
                .doesNotContainKey("TWINRUN_S3_CLIENT");
        TwinrunConfig sdk = TwinrunConfig.fromMap(Map.of("lambdaS3Client", "sdk"));
        assertThat(sdk.jobEnvironment("b", TwinrunConfig.Variant.LAMBDA)).containsEntry("TWINRUN_S3_CLIENT", "sdk");
        assertThat(sdk.jobEnvironment("b", TwinrunConfig.Variant.FANOUT)).containsEntry("TWINRUN_S3_CLIENT", "sdk");
        assertThat(sdk.jobEnvironment("b", TwinrunConfig.Variant.EC2))
                .as("EC2 reads its instance profile through the SDK anyway")
                .doesNotContainKey("TWINRUN_S3_CLIENT");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("lambdaS3Client", "fast")))
                .hasMessageContaining("lambdaS3Client must be auto, sdk or http, was fast");
    }

    @Test
    void fargateSizesAreTheCombinationsFargateAccepts() {
        TwinrunConfig.FargateTask task = TwinrunConfig.defaults().fargate();
        assertThat(task.cpu()).isEqualTo(512);
        assertThat(task.memoryMb()).isEqualTo(1024);
        assertThat(task.arch()).isEqualTo(TwinrunConfig.LambdaArch.ARM64);
        assertThat(TwinrunConfig.FargateTask.validMemoryMb(256)).containsExactly(512, 1024, 2048);
        assertThat(TwinrunConfig.FargateTask.validMemoryMb(4096))
                .startsWith(8192)
                .endsWith(30720)
                .hasSize(23);
        assertThat(TwinrunConfig.FargateTask.validMemoryMb(16384))
                .startsWith(32768)
                .endsWith(122880);
        assertThat(TwinrunConfig.fromMap(Map.of("fargateCpu", "2048", "fargateMemoryMb", "16384"))
                        .fargate()
                        .memoryMb())
                .isEqualTo(16384);
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("fargateCpu", "300")))
                .hasMessageContaining("fargateCpu must be one of 256, 512, 1024");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("fargateCpu", "256", "fargateMemoryMb", "4096")))
                .hasMessageContaining("[512, 1024, 2048]");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("fargateMaxRuntimeMinutes", "2")))
                .hasMessageContaining("fargateMaxRuntimeMinutes");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("ec2PerRunMaxRuntimeMinutes", "0")))
                .hasMessageContaining("ec2PerRunMaxRuntimeMinutes");
        assertThatThrownBy(() -> TwinrunConfig.fromMap(Map.of("ec2Jit", "c3")))
                .hasMessageContaining("ec2Jit must be c1 or c2, was c3");
    }
}

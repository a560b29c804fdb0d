package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ec2BenchSettingsTest {
    private static Ec2Bench.Settings settings(String aotTraining, List<Path> javaHomes) {
        return new Ec2Bench.Settings(
                Path.of("runner.jar"), 1 << 20, 1, 42, 0.01, 1, false, true, aotTraining, javaHomes, Path.of("out"));
    }

    @Test
    void theAotCacheIsTrainedOnARunDueTickAsInstallShTrainsItUnlessStatusIsAsked() {
        assertThat(settings(null, List.of()).aotTraining()).isEqualTo(Ec2Bench.AOT_TRAINING_RUN_DUE);
        assertThat(settings("status", List.of()).aotTraining()).isEqualTo(Ec2Bench.AOT_TRAINING_STATUS);
        assertThatThrownBy(() -> settings("run", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status or run-due");
    }

    @Test
    void withoutJavaHomesTheTicksRunOnThisJvm() {
        assertThat(settings(null, null).javaHomes()).containsExactly(Path.of(System.getProperty("java.home")));
        assertThat(new Ec2Bench.Settings(Path.of("j.jar"), 1, 1, 1, 0, 1, true, Path.of("o")).aot())
                .as("the settings of earlier versions")
                .isFalse();
    }

    @Test
    void variantsNameTheArchiveAndTheJdkOnlyWhenSeveralRun() {
        Ec2Bench.Launch aot = new Ec2Bench.Launch(Path.of("/jdk25"), 25, "aot");
        Ec2Bench.Launch plain = new Ec2Bench.Launch(Path.of("/jdk17"), 17, "");

        assertThat(Ec2Bench.IDLE + aot.suffix(true)).isEqualTo(Ec2Bench.IDLE_AOT);
        assertThat(Ec2Bench.BUSY + aot.suffix(false)).isEqualTo("ec2-tick-busy-aot-java25");
        assertThat(Ec2Bench.IDLE + plain.suffix(true)).isEqualTo(Ec2Bench.IDLE);
        assertThat(Ec2Bench.IDLE + plain.suffix(false)).isEqualTo("ec2-tick-idle-java17");
    }

    @Test
    void jvmOptionsAreAddedToTheLaunchAndNamedInItsVariantDefaultStandingForNone() {
        Ec2Bench.Settings s = new Ec2Bench.Settings(
                Path.of("runner.jar"),
                1 << 20,
                1,
                42,
                0.01,
                1,
                false,
                true,
                null,
                List.of(),
                List.of("default", " -XX:TieredStopAtLevel=1 "),
                Path.of("out"));
        assertThat(s.jvmOptions()).containsExactly("", "-XX:TieredStopAtLevel=1");
        assertThat(settings(null, List.of()).jvmOptions()).containsExactly("");

        Ec2Bench.Launch c1 = new Ec2Bench.Launch(Path.of("/jdk25"), 25, "aot", "-XX:TieredStopAtLevel=1 -Xss512k");
        assertThat(c1.jvm()).containsSubsequence(Ec2Bench.JVM).endsWith("-XX:TieredStopAtLevel=1", "-Xss512k");
        assertThat(Ec2Bench.IDLE + c1.suffix(true)).isEqualTo("ec2-tick-idle-aot -XX:TieredStopAtLevel=1 -Xss512k");
        assertThat(Ec2Bench.fileName(Ec2Bench.IDLE + c1.suffix(true)))
                .isEqualTo("ec2-tick-idle-aot_-XX_TieredStopAtLevel_1_-Xss512k");
        assertThat(new Ec2Bench.Launch(Path.of("/jdk25"), 25, "aot").jvm()).isEqualTo(Ec2Bench.JVM);
    }

    @Test
    void theJdksFeatureVersionComesFromItsReleaseFile(@TempDir Path jdks) throws Exception {
        Path jdk = Files.createDirectories(jdks.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");

        assertThat(LambdaBench.Jvm.major(jdk)).isEqualTo(25);
        assertThat(LambdaBench.Jvm.major(Files.createDirectories(jdks.resolve("no-release"))))
                .as("no release file")
                .isZero();
    }
}

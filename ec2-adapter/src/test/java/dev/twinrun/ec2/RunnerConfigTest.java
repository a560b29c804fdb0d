package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigTest {
    @TempDir
    Path tmp;

    private static RunnerConfig.Overrides file(Path f) {
        return new RunnerConfig.Overrides(f, null, null, null);
    }

    @Test
    void configFileIsReadAndTheEnvironmentWinsOverIt() throws Exception {
        Path f = Files.writeString(tmp.resolve("twinrun.env"), """
                # comment
                TWINRUN_BUCKET=from-file
                export TWINRUN_INPUT_PREFIX="raw/"
                TWINRUN_TRANSFORMATION='ecommerce'
                AWS_REGION=eu-west-1
                """);

        RunnerConfig cfg = RunnerConfig.load(file(f), Map.of("TWINRUN_BUCKET", "from-env"));

        assertThat(cfg.bucket()).as("environment overrides the file").isEqualTo("from-env");
        assertThat(cfg.settings())
                .as("file values, unquoted, with export stripped")
                .containsEntry("TWINRUN_INPUT_PREFIX", "raw/")
                .containsEntry("TWINRUN_TRANSFORMATION", "ecommerce")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("TWINRUN_VARIANT", "ec2");
        assertThat(cfg.configFile()).as("config file used").isEqualTo(f);
        assertThat(cfg.warnings()).as("no warnings").isEmpty();
    }

    @Test
    void defaultsForLockLogAndStateFiles() {
        RunnerConfig cfg = RunnerConfig.load(RunnerConfig.Overrides.NONE, Map.of("TWINRUN_BUCKET", "b"));

        assertThat(cfg.lockFile()).as("lock").isEqualTo(Path.of(RunnerConfig.DEFAULT_LOCK_FILE));
        assertThat(cfg.logFile()).as("log").isEqualTo(Path.of(RunnerConfig.DEFAULT_LOG_FILE));
        assertThat(cfg.logFileExplicit()).as("log explicit").isFalse();
        assertThat(cfg.stateFile()).as("state").isEqualTo(Path.of(RunnerConfig.DEFAULT_STATE_FILE));
    }

    @Test
    void commandLineOverridesWinAndDashSwitchesFilesOff() {
        RunnerConfig cfg = RunnerConfig.load(
                new RunnerConfig.Overrides(null, tmp.resolve("l.lock"), "-", "none"),
                Map.of("TWINRUN_BUCKET", "b", "TWINRUN_LOCK_FILE", "/elsewhere.lock", "TWINRUN_LOG_FILE", "/x.log"));

        assertThat(cfg.lockFile()).as("lock from the command line").isEqualTo(tmp.resolve("l.lock"));
        assertThat(cfg.logFile()).as("log switched off").isNull();
        assertThat(cfg.logFileExplicit()).as("log explicit").isTrue();
        assertThat(cfg.stateFile()).as("state switched off").isNull();
    }

    @Test
    void missingBucketIsAConfigErrorNamingTheKeyAndTheFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("twinrun.env"), "TWINRUN_INPUT_PREFIX=incoming/\n");

        assertThatThrownBy(() -> RunnerConfig.load(file(f), Map.of()))
                .as("no bucket anywhere")
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("TWINRUN_BUCKET is not set")
                .hasMessageContaining(f.toString());
        assertThatThrownBy(() -> RunnerConfig.load(file(f), Map.of("TWINRUN_BUCKET", "  ")))
                .as("blank bucket")
                .isInstanceOf(ConfigError.class);
    }

    @Test
    void anExplicitConfigFileThatDoesNotExistIsAnError() {
        Path missing = tmp.resolve("nope.env");

        assertThatThrownBy(() -> RunnerConfig.load(file(missing), Map.of("TWINRUN_BUCKET", "b")))
                .as("--config pointing nowhere")
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> RunnerConfig.load(
                        RunnerConfig.Overrides.NONE,
                        Map.of("TWINRUN_BUCKET", "b", "TWINRUN_CONFIG", missing.toString())))
                .as("TWINRUN_CONFIG pointing nowhere")
                .isInstanceOf(ConfigError.class);
    }

    @Test
    void malformedLinesAreErrorsWithFileAndLineNumber() throws Exception {
        Path f = Files.writeString(tmp.resolve("bad.env"), "TWINRUN_BUCKET=b\njust words\n");
        Path q = Files.writeString(tmp.resolve("quote.env"), "TWINRUN_BUCKET=\"b\n");
        Path k = Files.writeString(tmp.resolve("key.env"), "TWINRUN-BUCKET=b\n");

        assertThatThrownBy(() -> RunnerConfig.load(file(f), Map.of()))
                .as("no equals sign")
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(f + ":2: expected KEY=VALUE");
        assertThatThrownBy(() -> RunnerConfig.load(file(q), Map.of()))
                .as("unterminated quote")
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(q + ":1: unterminated quote");
        assertThatThrownBy(() -> RunnerConfig.load(file(k), Map.of()))
                .as("bad variable name")
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("not a valid variable name");
    }

    @Test
    void unknownTwinrunKeysInTheFileAreWarnedAbout() throws Exception {
        Path f = Files.writeString(tmp.resolve("typo.env"), "TWINRUN_BUCKET=b\nTWINRUN_BUKET=c\nOTHER=1\n");

        RunnerConfig cfg = RunnerConfig.load(file(f), Map.of());

        assertThat(cfg.warnings()).as("warnings").hasSize(1);
        assertThat(cfg.warnings().get(0)).as("warning names the key").contains("TWINRUN_BUKET");
    }

    @Test
    void lookbackHoursDefaultsToEveryHourWithInputAndIsValidated() {
        assertThat(RunnerConfig.load(RunnerConfig.Overrides.NONE, Map.of("TWINRUN_BUCKET", "b"))
                        .lookbackHours())
                .as("default: 0, every hour that still has input")
                .isZero();
        assertThat(RunnerConfig.load(
                                RunnerConfig.Overrides.NONE,
                                Map.of("TWINRUN_BUCKET", "b", "TWINRUN_LOOKBACK_HOURS", "0"))
                        .lookbackHours())
                .as("all history")
                .isZero();
        assertThat(RunnerConfig.load(
                                new RunnerConfig.Overrides(null, null, null, null, 5),
                                Map.of("TWINRUN_BUCKET", "b", "TWINRUN_LOOKBACK_HOURS", "9"))
                        .lookbackHours())
                .as("command line wins")
                .isEqualTo(5);
        for (String bad : new String[] {"-1", "soon", "100000"}) {
            assertThatThrownBy(() -> RunnerConfig.load(
                            RunnerConfig.Overrides.NONE, Map.of("TWINRUN_BUCKET", "b", "TWINRUN_LOOKBACK_HOURS", bad)))
                    .as("lookback " + bad)
                    .isInstanceOf(ConfigError.class)
                    .hasMessageContaining("TWINRUN_LOOKBACK_HOURS");
        }
    }

    @Test
    void envFileParserKeepsEqualsSignsInValues() {
        Map<String, String> m = EnvFile.parse(List.of("A=b=c", "B=", "  C = spaced  "), "test");

        assertThat(m)
                .as("parsed")
                .containsEntry("A", "b=c")
                .containsEntry("B", "")
                .containsEntry("C", "spaced");
    }

    @Test
    void theVariantIsEc2UnlessTheDeploymentNamesAnother() throws Exception {
        Path f = Files.writeString(tmp.resolve("variant.env"), "TWINRUN_BUCKET=b\n");

        assertThat(RunnerConfig.load(file(f), Map.of()).variant()).isEqualTo("ec2");
        assertThat(RunnerConfig.load(file(f), Map.of("TWINRUN_VARIANT", "ec2-per-run"))
                        .variant())
                .isEqualTo("ec2-per-run");
        assertThat(RunnerConfig.load(file(f), Map.of("TWINRUN_VARIANT", " fargate "))
                        .variant())
                .isEqualTo("fargate");
    }
}

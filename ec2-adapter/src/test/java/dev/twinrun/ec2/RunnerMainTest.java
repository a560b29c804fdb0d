package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerMainTest {
    @TempDir
    Path tmp;

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(tmp.resolve("twinrun.env"), "# no bucket yet\n");
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        env = new HashMap<>();
        env.put("TWINRUN_CONFIG", tmp.resolve("twinrun.env").toString());
        env.put("TWINRUN_LOCK_FILE", tmp.resolve("runner.lock").toString());
        env.put("TWINRUN_LOG_FILE", "-");
        env.put("TWINRUN_STATE_FILE", "-");
        // Nothing listens here: these tests must end before any S3 call.
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        LogSetup.configure(null, false);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitCodesAreDistinctAndTheUsualOnesForCronAndSystemd() {
        assertThat(Arrays.stream(ExitCode.values())
                        .map(ExitCode::code)
                        .distinct()
                        .count())
                .as("codes are distinct")
                .isEqualTo(ExitCode.values().length);
        assertThat(ExitCode.OK.code()).as("ok").isZero();
        assertThat(ExitCode.HOUR_FAILED.code()).as("hour failed").isEqualTo(1);
        assertThat(ExitCode.CONFIG_ERROR.code()).as("usage or config error").isEqualTo(2);
        assertThat(ExitCode.LOCK_BUSY.code()).as("EX_TEMPFAIL").isEqualTo(75);
        assertThat(ExitCode.INTERNAL_ERROR.code()).as("EX_SOFTWARE").isEqualTo(70);
        assertThat(ExitCode.of(75)).as("lookup").isEqualTo(ExitCode.LOCK_BUSY);
        assertThat(ExitCode.of(12345)).as("unknown code").isEqualTo(ExitCode.INTERNAL_ERROR);
    }

    @Test
    void everyExitCodeIsInTheHelpAndInTheReadme() throws Exception {
        String help = RunnerMain.usage();
        String readme = Files.readString(Path.of("README.md"));

        for (ExitCode c : ExitCode.values()) {
            assertThat(help).as("--help lists exit code " + c).containsPattern("(?m)^\\s*" + c.code() + "\\s+\\S");
            assertThat(readme)
                    .as("README table lists exit code " + c)
                    .contains("| " + c.code() + " | `" + c.name() + "`");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(RunnerMain.execute(env)).as("no subcommand").isEqualTo(2);
        assertThat(err()).as("prints usage").contains("Usage: twinrun-ec2");
    }

    @Test
    void unknownOptionsAndBadHoursAreUsageErrors() {
        assertThat(RunnerMain.execute(env, "run-due", "--frobnicate"))
                .as("unknown option")
                .isEqualTo(2);
        assertThat(RunnerMain.execute(env, "run", "--hour", "2026-13-01T00"))
                .as("bad month")
                .isEqualTo(2);
        assertThat(RunnerMain.execute(env, "run")).as("--hour missing").isEqualTo(2);
        assertThat(RunnerMain.execute(env, "run-due", "--now", "soon"))
                .as("bad --now")
                .isEqualTo(2);
        assertThat(err()).as("says which value is wrong").contains("--hour").contains("soon");
    }

    @Test
    void helpAndVersionExitZeroAndEqualsValuesUnknownCommandsAndRepeatsAreHandled() {
        assertThat(RunnerMain.execute(env, "--help")).as("--help").isZero();
        assertThat(RunnerMain.execute(env, "run", "-h")).as("run -h").isZero();
        assertThat(RunnerMain.execute(env, "-V")).as("-V").isZero();
        assertThat(RunnerMain.execute(env, "frobnicate")).as("unknown command").isEqualTo(2);
        assertThat(err()).as("names it").contains("unknown command: 'frobnicate'");
        assertThat(RunnerMain.execute(env, "status", "--hours=0"))
                .as("--hours=0")
                .isEqualTo(2);
        assertThat(err()).as("range").contains("--hours must be 1..744");
        assertThat(RunnerMain.execute(env, "status", "--hours"))
                .as("value missing")
                .isEqualTo(2);
        assertThat(err()).as("missing value").contains("missing value for option '--hours'");
        assertThat(RunnerMain.execute(env, "run-due", "--now", "2026-11-26T13", "--now", "2026-11-26T14"))
                .as("repeated option")
                .isEqualTo(2);
        assertThat(RunnerMain.execute(env, "status", "--json=yes"))
                .as("flag with a value")
                .isEqualTo(2);
        assertThat(RunnerMain.execute(env, "run-due", "--lookback-hours", "soon"))
                .as("not a number")
                .isEqualTo(2);
        assertThat(RunnerMain.usage())
                .as("usage lists the commands")
                .contains("run-due")
                .contains("status");
    }

    @Test
    void missingOrInvalidConfigurationExitsTwoWithAClearMessage() throws Exception {
        assertThat(RunnerMain.execute(env, "run-due")).as("no bucket").isEqualTo(ExitCode.CONFIG_ERROR.code());
        assertThat(err()).as("missing bucket message").contains("TWINRUN_BUCKET is not set");

        Files.writeString(tmp.resolve("twinrun.env"), "TWINRUN_BUCKET=Not_A_Bucket\n");
        assertThat(RunnerMain.execute(env, "run-due")).as("invalid bucket").isEqualTo(ExitCode.CONFIG_ERROR.code());
        assertThat(err()).as("core's validation message").contains("is not a valid S3 bucket name");

        Files.writeString(tmp.resolve("twinrun.env"), "TWINRUN_BUCKET=ok-bucket\nTWINRUN_TRANSFORMATION=nope\n");
        assertThat(RunnerMain.execute(env, "status"))
                .as("unknown transformation")
                .isEqualTo(ExitCode.CONFIG_ERROR.code());

        assertThat(RunnerMain.execute(
                        env, "run-due", "--config", tmp.resolve("missing.env").toString()))
                .as("--config file missing")
                .isEqualTo(ExitCode.CONFIG_ERROR.code());
        assertThat(err()).as("missing file named").contains("missing.env does not exist");
    }

    @Test
    void aHeldLockExits75BeforeTouchingS3() throws Exception {
        Files.writeString(tmp.resolve("twinrun.env"), "TWINRUN_BUCKET=ok-bucket\n");

        int code;
        try (RunnerLock held = RunnerLock.tryAcquire(tmp.resolve("runner.lock")).orElseThrow()) {
            assertThat(held.path()).as("held").exists();
            code = RunnerMain.execute(env, "run-due");
        }

        assertThat(code).as("lock busy").isEqualTo(ExitCode.LOCK_BUSY.code());
        assertThat(err())
                .as("busy message")
                .contains("another twinrun run holds")
                .contains("exits 75");
    }

    @Test
    void anUnwritableExplicitLogFileIsAConfigError() throws Exception {
        Files.writeString(tmp.resolve("twinrun.env"), "TWINRUN_BUCKET=ok-bucket\n");
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");

        int code = RunnerMain.execute(
                env, "run-due", "--log-file", notADir.resolve("runner.log").toString());

        assertThat(code).as("explicit log file cannot be written").isEqualTo(ExitCode.CONFIG_ERROR.code());
        assertThat(err()).as("names the log file").contains("cannot write log file");
    }
}

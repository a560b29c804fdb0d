package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallBundleTest {
    private static final Path INSTALL = Path.of(System.getProperty("twinrun.ec2.install", "src/main/install"));

    @TempDir
    Path tmp;

    @Test
    void installScriptInATempRootInstallsJavaJarUnitsTimerAndAgent() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = stubs(calls, "1.8.0_392");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "not really a jar");

        Result r = runInstall(
                stubs,
                Map.of("TWINRUN_BUCKET", "the-bucket", "AWS_REGION", "eu-west-1"),
                "--root",
                root.toString(),
                jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        List<String> called = Files.readAllLines(calls);
        assertThat(called)
                .as("commands install.sh ran")
                .contains("dnf install -y java-25-amazon-corretto-headless")
                .doesNotContain("dnf install -y java-21-amazon-corretto-headless")
                .contains("useradd --system --no-create-home --home-dir /var/lib/twinrun --shell /sbin/nologin twinrun")
                .contains("systemctl daemon-reload")
                .contains("systemctl enable --now twinrun-run-due.timer")
                .contains("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:" + root
                        + "/opt/aws/amazon-cloudwatch-agent/etc/twinrun.json");
        assertThat(called.indexOf("systemctl daemon-reload"))
                .as("daemon-reload comes before enabling the timer")
                .isLessThan(called.indexOf("systemctl enable --now twinrun-run-due.timer"));
        assertThat(Files.readString(root.resolve("opt/twinrun/twinrun-ec2.jar")))
                .as("jar copied")
                .isEqualTo("not really a jar");
        for (String f : List.of(
                "etc/systemd/system/twinrun-run-due.service",
                "etc/systemd/system/twinrun-run-due.timer",
                "etc/tmpfiles.d/twinrun.conf",
                "opt/aws/amazon-cloudwatch-agent/etc/twinrun.json",
                "opt/twinrun/twinrun.crontab")) {
            assertThat(root.resolve(f)).as("installed " + f).isRegularFile();
        }
        for (String d : List.of("var/log/twinrun", "var/lib/twinrun", "run/lock/twinrun")) {
            assertThat(root.resolve(d)).as("created " + d).isDirectory();
        }
        Map<String, String> env = EnvFile.read(root.resolve("etc/twinrun/twinrun.env"));
        assertThat(env)
                .as("generated twinrun.env")
                .containsEntry("TWINRUN_BUCKET", "the-bucket")
                .containsEntry("TWINRUN_INPUT_PREFIX", "incoming/")
                .containsEntry("TWINRUN_TRANSFORMATION", "ecommerce")
                .containsEntry("TWINRUN_VARIANT", "ec2")
                .containsEntry("AWS_REGION", "eu-west-1")
                .doesNotContainKey("JAVA_OPTS"); // the stub still reports Java 8 after "installing"
    }

    @Test
    void onJava19OrLaterTheEnvFileTurnsOnAnAppCdsArchive() throws Exception {
        Path root = tmp.resolve("root");
        Path stubs = stubs(tmp.resolve("calls.log"), "21.0.5");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(stubs, Map.of("TWINRUN_BUCKET", "b"), "--root", root.toString(), jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        assertThat(EnvFile.read(root.resolve("etc/twinrun/twinrun.env")).get("JAVA_OPTS"))
                .as("JAVA_OPTS")
                .isEqualTo("-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/var/lib/twinrun/twinrun-ec2.jsa");
        assertThat(UnitFile.parse(INSTALL.resolve("twinrun-run-due.service")).get("Service", "ExecStart"))
                .as("the unit passes JAVA_OPTS")
                .contains(" $JAVA_OPTS ");
    }

    @Test
    void withoutCorretto25TheInstallFallsBackToCorretto21() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = stubs(calls, "1.8.0_392");
        script(stubs.resolve("dnf"), "echo \"dnf $*\" >> '" + calls + "'\ncase \"$*\" in *java-25*) exit 1 ;; esac\n");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(stubs, Map.of("TWINRUN_BUCKET", "b"), "--root", root.toString(), jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        assertThat(Files.readAllLines(calls))
                .as("Corretto 25 tried first, then 21")
                .containsSubsequence(
                        "dnf install -y java-25-amazon-corretto-headless",
                        "dnf install -y java-21-amazon-corretto-headless");
    }

    @Test
    void onJava25TheInstallTrainsAnAotCacheOnAFirstTickAsTheUnitRunsItAndTheEnvFileUsesIt() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = java25Stubs(calls, 1); // the command itself (run-due without a reachable bucket) fails
        // As root: `id -u` says 0, and runuser (logged) runs the rest as the service user.
        script(stubs.resolve("id"), "[ \"$*\" = -u ] && { echo 0; exit 0; }\nexit 1\n");
        script(stubs.resolve("runuser"), "echo \"runuser $1 $2 $3\" >> '" + calls + "'\nshift 3\nexec \"$@\"\n");
        Files.createDirectories(root.resolve("var/lib/twinrun"));
        Files.writeString(root.resolve("var/lib/twinrun/twinrun-ec2.aot"), "stale cache of an older jar");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(stubs, Map.of("TWINRUN_BUCKET", "b"), "--root", root.toString(), jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        List<String> called = Files.readAllLines(calls);
        String unitJava = unitJavaFlags();
        String training = "java " + unitJava + " -XX:AOTCacheOutput=" + root + "/var/lib/twinrun/twinrun-ec2.aot -jar "
                + root + "/opt/twinrun/twinrun-ec2.jar run-due --config " + root + "/etc/twinrun/twinrun.env";
        assertThat(called)
                .as("one training tick, as the service user with the unit's JVM flags, before the timer starts")
                .containsOnlyOnce(training)
                .containsSubsequence("runuser -u twinrun --", training, "systemctl enable --now twinrun-run-due.timer")
                .noneMatch(l -> l.startsWith("dnf install"));
        assertThat(root.resolve("var/lib/twinrun/twinrun-ec2.aot"))
                .as("the cache made anew by the training run")
                .content()
                .isEqualTo("aot\n");
        assertThat(EnvFile.read(root.resolve("etc/twinrun/twinrun.env")).get("JAVA_OPTS"))
                .as("JAVA_OPTS on Java 25")
                .isEqualTo("-XX:AOTCache=/var/lib/twinrun/twinrun-ec2.aot");
        assertThat(r.output).as("a failed training run is reported").contains("the training tick exited 1");
    }

    @Test
    void onJava25AnAppCdsJavaOptsLineFromAnEarlierInstallBecomesTheAotCache() throws Exception {
        Path root = tmp.resolve("root");
        Path stubs = stubs(tmp.resolve("calls.log"), "25.0.1");
        Files.createDirectories(root.resolve("etc/twinrun"));
        Files.writeString(
                root.resolve("etc/twinrun/twinrun.env"),
                "TWINRUN_BUCKET=kept\n"
                        + "JAVA_OPTS=-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/var/lib/twinrun/twinrun-ec2.jsa\n");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(stubs, Map.of(), "--root", root.toString(), jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        assertThat(Files.readAllLines(root.resolve("etc/twinrun/twinrun.env")))
                .as("settings kept, the AppCDS line replaced")
                .containsExactly("TWINRUN_BUCKET=kept", "JAVA_OPTS=-XX:AOTCache=/var/lib/twinrun/twinrun-ec2.aot");
        assertThat(r.output)
                .as("the stub java writes no cache: the install says so and goes on")
                .contains("WARNING: no AOT cache made");
    }

    @Test
    void withJitC2OnJava25TheTrainingRunAndTheEnvFileAddC2AfterTheUnitsFlags() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = java25Stubs(calls, 0);
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r =
                runInstall(stubs, Map.of("TWINRUN_BUCKET", "b"), "--root", root.toString(), "--jit=c2", jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        String unitJava = unitJavaFlags();
        assertThat(Files.readAllLines(calls))
                .as("the AOT cache trained with C2, after the unit's flags as in the tick")
                .contains("java " + unitJava + " -XX:TieredStopAtLevel=4 -XX:AOTCacheOutput=" + root
                        + "/var/lib/twinrun/twinrun-ec2.aot -jar " + root + "/opt/twinrun/twinrun-ec2.jar run-due"
                        + " --config " + root + "/etc/twinrun/twinrun.env");
        assertThat(EnvFile.read(root.resolve("etc/twinrun/twinrun.env")).get("JAVA_OPTS"))
                .as("JAVA_OPTS: the AOT cache, then C2")
                .isEqualTo("-XX:AOTCache=/var/lib/twinrun/twinrun-ec2.aot -XX:TieredStopAtLevel=4");
    }

    @Test
    void withJitC2BeforeJava25TheInstallWarnsAndStillWritesC2AfterTheArchive() throws Exception {
        Path root = tmp.resolve("root");
        Path stubs = stubs(tmp.resolve("calls.log"), "21.0.5");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(stubs, Map.of(), "--root", root.toString(), "--jit", "c2", jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        assertThat(r.output)
                .as("C2 was measured cheaper only with the AOT cache's profiles")
                .contains("WARNING: --jit c2 on Java 21: C2 measured cheaper only with the AOT cache of Java 25+");
        assertThat(EnvFile.read(root.resolve("etc/twinrun/twinrun.env")).get("JAVA_OPTS"))
                .as("JAVA_OPTS on Java 21 with --jit c2")
                .isEqualTo("-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/var/lib/twinrun/twinrun-ec2.jsa"
                        + " -XX:TieredStopAtLevel=4");
    }

    @Test
    void aReinstallWithTheOtherJitReplacesTheLineAnEarlierInstallWroteButKeepsTheUsersOwn() throws Exception {
        Path stubs = stubs(tmp.resolve("calls.log"), "21.0.5");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");
        String appCds = "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/var/lib/twinrun/twinrun-ec2.jsa";
        Map<String, String> cases = Map.of(
                "JAVA_OPTS=" + appCds + " -XX:TieredStopAtLevel=4",
                "JAVA_OPTS=" + appCds,
                "JAVA_OPTS=-XX:TieredStopAtLevel=4",
                "JAVA_OPTS=" + appCds,
                "JAVA_OPTS=-Xmx300m -XX:TieredStopAtLevel=4",
                "JAVA_OPTS=-Xmx300m -XX:TieredStopAtLevel=4");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path root = Files.createDirectories(tmp.resolve("root-" + c.getKey().hashCode()));
            Files.createDirectories(root.resolve("etc/twinrun"));
            Files.writeString(root.resolve("etc/twinrun/twinrun.env"), "TWINRUN_BUCKET=kept\n" + c.getKey() + "\n");

            Result r = runInstall(stubs, Map.of(), "--root", root.toString(), "--jit", "c1", jar.toString());

            assertThat(r.exitCode)
                    .as("install.sh exit code; output:\n" + r.output)
                    .isZero();
            assertThat(Files.readAllLines(root.resolve("etc/twinrun/twinrun.env")))
                    .as("after an earlier " + c.getKey())
                    .containsExactly("TWINRUN_BUCKET=kept", c.getValue());
        }
    }

    @Test
    void installScriptRunTwiceKeepsTheEnvFileAndSkipsJavaWhenPresent() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = stubs(calls, "17.0.15");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");
        Files.createDirectories(root.resolve("etc/twinrun"));
        Files.writeString(root.resolve("etc/twinrun/twinrun.env"), "TWINRUN_BUCKET=kept\n");

        Result first = runInstall(stubs, Map.of(), "--root", root.toString(), jar.toString());
        Result second = runInstall(stubs, Map.of("TWINRUN_ROOT", root.toString()), jar.toString());

        assertThat(first.exitCode).as("first install; output:\n" + first.output).isZero();
        assertThat(second.exitCode)
                .as("second install via TWINRUN_ROOT; output:\n" + second.output)
                .isZero();
        assertThat(Files.readString(root.resolve("etc/twinrun/twinrun.env")))
                .as("existing settings kept")
                .isEqualTo("TWINRUN_BUCKET=kept\n");
        assertThat(Files.readAllLines(calls))
                .as("no Java install when Java 17 is present")
                .noneMatch(l -> l.startsWith("dnf install"));
    }

    @Test
    void installScriptAcceptsTheJarAlreadyInPlaceAndAnEnvFileWrittenByTheUserData() throws Exception {
        // What the CDK user data does: env file and jar first, then install.sh on the jar in /opt/twinrun.
        Path root = tmp.resolve("root");
        Path stubs = stubs(tmp.resolve("calls.log"), "21.0.5");
        Files.createDirectories(root.resolve("opt/twinrun"));
        Files.createDirectories(root.resolve("etc/twinrun"));
        Path jar = Files.writeString(root.resolve("opt/twinrun/twinrun-ec2.jar"), "in place");
        Files.writeString(root.resolve("etc/twinrun/twinrun.env"), "TWINRUN_BUCKET=from-cdk\nAWS_REGION=us-east-1\n");

        Result r = runInstall(stubs, Map.of(), "--root", root.toString(), jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        assertThat(Files.readString(jar)).as("jar untouched").isEqualTo("in place");
        Map<String, String> env = EnvFile.read(root.resolve("etc/twinrun/twinrun.env"));
        assertThat(env)
                .as("user data settings kept, AppCDS added on Java 21")
                .containsEntry("TWINRUN_BUCKET", "from-cdk")
                .containsEntry("AWS_REGION", "us-east-1")
                .containsKey("JAVA_OPTS");
        Result again = runInstall(stubs, Map.of(), "--root", root.toString(), jar.toString());
        assertThat(again.exitCode).as("second install").isZero();
        assertThat(Files.readAllLines(root.resolve("etc/twinrun/twinrun.env")))
                .as("JAVA_OPTS added once")
                .filteredOn(l -> l.startsWith("JAVA_OPTS="))
                .hasSize(1);
    }

    @Test
    void installScriptWithCronSchedulerInstallsTheCrontabInsteadOfTheTimer() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = stubs(calls, "21.0.5");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(stubs, Map.of(), "--root=" + root, "--scheduler", "cron", jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        assertThat(Files.readAllLines(calls))
                .as("commands for the cron variant")
                .contains("crontab -u twinrun " + root + "/opt/twinrun/twinrun.crontab")
                .noneMatch(l -> l.startsWith("systemctl"));
        assertThat(Files.readAllLines(root.resolve("opt/twinrun/twinrun.crontab")))
                .as("cron reads no env file: the installed line carries its JAVA_OPTS (Java 21: the AppCDS archive)")
                .anyMatch(l -> l.contains("-XX:MaxRAMPercentage=60 -XX:+AutoCreateSharedArchive "
                        + "-XX:SharedArchiveFile=/var/lib/twinrun/twinrun-ec2.jsa -jar /opt/twinrun/twinrun-ec2.jar"));
        assertThat(r.output).as("warns that the bucket is not set").contains("TWINRUN_BUCKET not set");
    }

    @Test
    void installScriptRejectsAMissingJarAndUnknownOptions() throws Exception {
        Path stubs = stubs(tmp.resolve("calls.log"), "17");
        Result missing = runInstall(
                stubs,
                Map.of(),
                "--root",
                tmp.toString(),
                tmp.resolve("nope.jar").toString());
        Result unknown = runInstall(stubs, Map.of(), "--frobnicate", "x.jar");
        Result none = runInstall(stubs, Map.of());
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");
        Result badJit = runInstall(stubs, Map.of(), "--root", tmp.toString(), "--jit", "c3", jar.toString());

        assertThat(missing.exitCode).as("missing jar").isEqualTo(2);
        assertThat(missing.output).as("missing jar message").contains("jar not found");
        assertThat(unknown.exitCode).as("unknown option").isEqualTo(2);
        assertThat(none.exitCode).as("no jar argument").isEqualTo(2);
        assertThat(badJit.exitCode).as("unknown --jit").isEqualTo(2);
        assertThat(badJit.output).as("unknown --jit message").contains("--jit must be c1 or c2, was 'c3'");
    }

    @Test
    void bootSchedulerInstallsTheRunOnceUnitAndWatchdogWithTheMaximumRuntimeAndLogGroup() throws Exception {
        Path root = tmp.resolve("root");
        Path calls = tmp.resolve("calls.log");
        Path stubs = stubs(calls, "21.0.5");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");

        Result r = runInstall(
                stubs,
                Map.of("TWINRUN_BUCKET", "b"),
                "--root",
                root.toString(),
                "--scheduler",
                "boot",
                "--log-group",
                "/twinrun/ec2-per-run/runner",
                "--max-runtime-minutes",
                "40",
                jar.toString());

        assertThat(r.exitCode).as("install.sh exit code; output:\n" + r.output).isZero();
        List<String> called = Files.readAllLines(calls);
        assertThat(called)
                .as("commands for the per-run variant")
                .contains("systemctl enable twinrun-watchdog.timer twinrun-run-once.service")
                .contains("systemctl start --no-block twinrun-watchdog.timer twinrun-run-once.service")
                .doesNotContain("systemctl enable --now twinrun-run-due.timer")
                .noneMatch(l -> l.startsWith("crontab"));
        assertThat(called.indexOf("systemctl daemon-reload"))
                .as("daemon-reload before enabling")
                .isLessThan(called.indexOf("systemctl enable twinrun-watchdog.timer twinrun-run-once.service"));
        assertThat(called.indexOf("systemctl start --no-block twinrun-watchdog.timer twinrun-run-once.service"))
                .as("the first run starts once the agent ships the runner log")
                .isGreaterThan(called.stream()
                        .filter(l -> l.startsWith("amazon-cloudwatch-agent-ctl "))
                        .findFirst()
                        .map(called::indexOf)
                        .orElseThrow());
        Path systemd = root.resolve("etc/systemd/system");
        for (String f : List.of("twinrun-run-once.service", "twinrun-watchdog.timer", "twinrun-watchdog.service")) {
            assertThat(systemd.resolve(f)).as("installed " + f).isRegularFile();
        }
        assertThat(UnitFile.parse(systemd.resolve("twinrun-run-once.service.d/max-runtime.conf"))
                        .get("Service", "TimeoutStartSec"))
                .as("the run's timeout is the maximum runtime")
                .isEqualTo("40min");
        UnitFile timerDropIn = UnitFile.parse(systemd.resolve("twinrun-watchdog.timer.d/max-runtime.conf"));
        assertThat(timerDropIn.sections().get("Timer").get("OnBootSec"))
                .as("the drop-in resets the timer's OnBootSec, then sets the maximum runtime")
                .containsExactly("", "40min");
        var agent = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(root.resolve("opt/aws/amazon-cloudwatch-agent/etc/twinrun.json")
                        .toFile());
        assertThat(agent.at("/logs/logs_collected/files/collect_list/0/log_group_name")
                        .asText())
                .as("the agent ships to the per-run log group")
                .isEqualTo("/twinrun/ec2-per-run/runner");
    }

    @Test
    void installScriptRejectsABadMaximumRuntimeOrLogGroup() throws Exception {
        Path stubs = stubs(tmp.resolve("calls.log"), "21");
        Path jar = Files.writeString(tmp.resolve("twinrun-ec2.jar"), "jar");
        String root = tmp.resolve("root").toString();

        Result tooShort = runInstall(stubs, Map.of(), "--root", root, "--max-runtime-minutes", "2", jar.toString());
        Result notANumber = runInstall(stubs, Map.of(), "--root", root, "--max-runtime-minutes=abc", jar.toString());
        Result relative = runInstall(stubs, Map.of(), "--root", root, "--log-group", "twinrun", jar.toString());
        Result quoting = runInstall(stubs, Map.of(), "--root", root, "--log-group", "/a\"b", jar.toString());
        Result scheduler = runInstall(stubs, Map.of(), "--root", root, "--scheduler", "anacron", jar.toString());

        assertThat(tooShort.exitCode).as("2 minutes").isEqualTo(2);
        assertThat(tooShort.output).contains("--max-runtime-minutes must be a whole number from 5 to 1440");
        assertThat(notANumber.exitCode).as("abc minutes").isEqualTo(2);
        assertThat(relative.exitCode).as("relative log group").isEqualTo(2);
        assertThat(relative.output).contains("--log-group must start with /");
        assertThat(quoting.exitCode).as("a quote in the log group").isEqualTo(2);
        assertThat(scheduler.exitCode).as("unknown scheduler").isEqualTo(2);
        assertThat(scheduler.output).contains("systemd, cron or boot");
    }

    @Test
    void runOnceUnitRunsRunDueAtBootThenPowersOffWithinTheMaximumRuntime() throws IOException {
        UnitFile unit = UnitFile.parse(INSTALL.resolve("twinrun-run-once.service"));

        assertThat(unit.get("Service", "Type")).as("Type").isEqualTo("oneshot");
        assertThat(unit.get("Service", "ExecStart"))
                .as("ExecStart: the same command as the timer's service")
                .isEqualTo(UnitFile.parse(INSTALL.resolve("twinrun-run-due.service"))
                        .get("Service", "ExecStart"));
        assertThat(unit.get("Service", "EnvironmentFile")).isEqualTo("/etc/twinrun/twinrun.env");
        assertThat(unit.get("Service", "User")).isEqualTo("twinrun");
        assertThat(unit.get("Service", "SuccessExitStatus")).isEqualTo(String.valueOf(ExitCode.LOCK_BUSY.code()));
        assertThat(unit.get("Service", "ExecStopPost"))
                .as("powers off after the run whatever its outcome, as root, unless keep-running exists")
                .startsWith("+/bin/sh -c ")
                .contains("[ -e /etc/twinrun/keep-running ] || /usr/bin/systemctl poweroff");
        assertThat(unit.get("Service", "TimeoutStartSec"))
                .as("default maximum runtime")
                .isEqualTo("50min");
        assertThat(unit.get("Unit", "After"))
                .as("stops before the log agent")
                .contains("amazon-cloudwatch-agent.service");
        assertThat(unit.get("Install", "WantedBy")).as("started at boot").isEqualTo("multi-user.target");
    }

    @Test
    void watchdogPowersOffAtTheMaximumRuntimeAfterBoot() throws IOException {
        UnitFile timer = UnitFile.parse(INSTALL.resolve("twinrun-watchdog.timer"));
        UnitFile service = UnitFile.parse(INSTALL.resolve("twinrun-watchdog.service"));

        assertThat(timer.get("Timer", "OnBootSec")).as("OnBootSec").isEqualTo("50min");
        assertThat(timer.get("Timer", "Unit")).isEqualTo("twinrun-watchdog.service");
        assertThat(timer.get("Install", "WantedBy")).isEqualTo("timers.target");
        assertThat(service.get("Service", "ExecStart")).isEqualTo("/usr/bin/systemctl poweroff --no-block");
        assertThat(service.get("Unit", "ConditionPathExists")).isEqualTo("!/etc/twinrun/keep-running");
        assertThat(service.get("Service", "User"))
                .as("runs as root to power off")
                .isNull();
    }

    @Test
    void serviceUnitIsAOneshotRunDueWithTheEnvironmentFile() throws IOException {
        UnitFile unit = UnitFile.parse(INSTALL.resolve("twinrun-run-due.service"));

        assertThat(unit.sections()).as("sections").containsKeys("Unit", "Service");
        assertThat(unit.get("Service", "Type")).as("Type").isEqualTo("oneshot");
        assertThat(unit.get("Service", "EnvironmentFile")).as("EnvironmentFile").isEqualTo("/etc/twinrun/twinrun.env");
        assertThat(unit.get("Service", "ExecStart"))
                .as("ExecStart")
                .startsWith("/usr/bin/java ")
                .endsWith("-jar /opt/twinrun/twinrun-ec2.jar run-due");
        assertThat(unit.get("Service", "SuccessExitStatus"))
                .as("lock busy is not a failure")
                .isEqualTo(String.valueOf(ExitCode.LOCK_BUSY.code()));
        assertThat(unit.get("Service", "User")).as("runs as the service user").isEqualTo("twinrun");
        assertThat(unit.get("Service", "LogsDirectory")).as("log directory").isEqualTo("twinrun");
        assertThat(unit.sections())
                .as("a oneshot started by the timer has no [Install]")
                .doesNotContainKey("Install");
    }

    @Test
    void timerUnitRunsHourlyAndCatchesUpMissedTicks() throws IOException {
        UnitFile timer = UnitFile.parse(INSTALL.resolve("twinrun-run-due.timer"));

        assertThat(timer.get("Timer", "OnCalendar")).as("OnCalendar").isEqualTo("*-*-* *:05:00");
        assertThat(timer.get("Timer", "Persistent")).as("Persistent").isEqualTo("true");
        assertThat(timer.get("Timer", "Unit")).as("Unit").isEqualTo("twinrun-run-due.service");
        assertThat(timer.get("Install", "WantedBy")).as("WantedBy").isEqualTo("timers.target");
    }

    @Test
    void crontabLineIsHourlyAtFivePastWithFlockAndTheRunner() throws IOException {
        List<String> lines = Files.readAllLines(INSTALL.resolve("twinrun.crontab")).stream()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .toList();

        assertThat(lines).as("exactly one crontab entry").hasSize(1);
        String[] fields = lines.get(0).strip().split("\\s+", 6);
        assertThat(fields).as("5 schedule fields and a command").hasSize(6);
        assertThat(List.of(fields).subList(0, 5))
                .as("schedule: five past every hour, like the timer")
                .containsExactly("5", "*", "*", "*", "*");
        assertThat(fields[5])
                .as("command")
                .startsWith("/usr/bin/flock -n -E " + ExitCode.LOCK_BUSY.code() + " /var/lock/twinrun/runner.lock ")
                .contains("/usr/bin/java ")
                .contains("-jar /opt/twinrun/twinrun-ec2.jar run-due");
    }

    @Test
    void cloudWatchAgentConfigShipsTheRunnerLog() throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(INSTALL.resolve("amazon-cloudwatch-agent.json").toFile());
        var collect = json.at("/logs/logs_collected/files/collect_list");

        assertThat(collect.isArray()).as("collect_list is an array").isTrue();
        assertThat(collect.get(0).get("file_path").asText())
                .as("shipped file")
                .isEqualTo(RunnerConfig.DEFAULT_LOG_FILE);
        assertThat(collect.get(0).get("log_group_name").asText())
                .as("log group")
                .isEqualTo("/twinrun/ec2/runner");
    }

    @Test
    void systemdAnalyzeAcceptsTheUnitsWhenAvailable() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze not installed");
        Result verify = run(
                List.of(
                        "systemd-analyze",
                        "verify",
                        INSTALL.resolve("twinrun-run-due.service").toString(),
                        INSTALL.resolve("twinrun-run-due.timer").toString(),
                        INSTALL.resolve("twinrun-run-once.service").toString(),
                        INSTALL.resolve("twinrun-watchdog.timer").toString(),
                        INSTALL.resolve("twinrun-watchdog.service").toString()),
                Map.of());
        Result calendar = run(List.of("systemd-analyze", "calendar", "*-*-* *:05:00"), Map.of());

        List<String> complaints = verify.output
                .lines()
                .filter(l -> l.contains("twinrun-"))
                .filter(l -> !l.contains("is not executable")) // no Java on the build machine's /usr/bin
                .toList();
        assertThat(verify.exitCode)
                .as("systemd-analyze verify exit; output:\n" + verify.output)
                .isZero();
        assertThat(complaints).as("systemd-analyze verify complaints").isEmpty();
        assertThat(calendar.output).as("calendar spec normalises unchanged").contains("Normalized form: *-*-* *:05:00");
    }

    // --- helpers -------------------------------------------------------------------------------

    private record Result(int exitCode, String output) {}

    private Path stubs(Path calls, String javaVersion) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("stubs"));
        for (String c : List.of(
                "dnf",
                "apt-get",
                "systemctl",
                "useradd",
                "chown",
                "systemd-tmpfiles",
                "crontab",
                "amazon-cloudwatch-agent-ctl")) {
            script(dir.resolve(c), "echo \"" + c + " $*\" >> '" + calls + "'\n");
        }
        script(dir.resolve("id"), "exit 1\n");
        script(dir.resolve("java"), "echo 'openjdk version \"" + javaVersion + "\" 2024-01-01' >&2\n");
        return dir;
    }

    /**
     * {@link #stubs} on Java 25: {@code java -version} prints the version; any other call is logged to {@code calls},
     * and {@code -XX:AOTCacheOutput=F} writes F, as the JVM does at exit; the call exits {@code exitCode}.
     */
    private Path java25Stubs(Path calls, int exitCode) throws IOException {
        Path stubs = stubs(calls, "25.0.1");
        script(
                stubs.resolve("java"),
                "if [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.1\" 2025-10-21' >&2; exit 0; fi\n"
                        + "echo \"java $*\" >> '" + calls + "'\n"
                        + "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*) echo aot > \"${a#*=}\" ;; esac; done\n"
                        + "exit " + exitCode + "\n");
        return stubs;
    }

    /** The JVM flags of the unit's {@code ExecStart}, before {@code $JAVA_OPTS}. */
    private static String unitJavaFlags() throws IOException {
        return UnitFile.parse(INSTALL.resolve("twinrun-run-due.service"))
                .get("Service", "ExecStart")
                .replaceFirst(" \\$JAVA_OPTS .*", "")
                .replaceFirst("^/usr/bin/java ", "");
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result runInstall(Path stubs, Map<String, String> env, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("bash", INSTALL.resolve("install.sh").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.put("PATH", stubs + ":/usr/bin:/bin");
        return run(cmd, e);
    }

    private static Result run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TWINRUN_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("finished in time: " + cmd)
                .isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}

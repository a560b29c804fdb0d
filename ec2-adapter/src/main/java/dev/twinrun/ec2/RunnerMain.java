package dev.twinrun.ec2;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The EC2 runner's entry point: {@code run-due}, {@code run --hour H} and {@code status}, for cron or a
 * systemd timer; maps arguments and environment to a {@link Runner} and its outcome to an {@link ExitCode}.
 */
@Command(name = "twinrun-ec2", mixinStandardHelpOptions = true, version = "twinrun-ec2 0.1.0",
        description = "Processes hourly CSV input in S3 into insights; run by cron or a systemd timer.",
        subcommands = {RunnerMain.RunDue.class, RunnerMain.RunOne.class, RunnerMain.Status.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:every due hour published, or nothing due",
            " 1:at least one hour failed (it stays due; the next run retries it)",
            " 2:usage or configuration error (nothing was run)",
            "70:internal error (a bug; see the log)",
            "75:another run holds the lock (EX_TEMPFAIL; this one did nothing)"})
public final class RunnerMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Options every command takes. */
    static final class Common {
        @Option(names = "--config", paramLabel = "FILE",
                description = "KEY=VALUE settings file (default: $TWINRUN_CONFIG, else /etc/twinrun/twinrun.env if it"
                        + " exists); the environment overrides it")
        Path config;

        @Option(names = "--lock-file", paramLabel = "FILE",
                description = "lock keeping two runs apart (default: $TWINRUN_LOCK_FILE, else "
                        + RunnerConfig.DEFAULT_LOCK_FILE + ")")
        Path lockFile;

        @Option(names = "--log-file", paramLabel = "FILE",
                description = "JSON log + EMF metrics file, '-' for stdout only (default: $TWINRUN_LOG_FILE, else "
                        + RunnerConfig.DEFAULT_LOG_FILE + ")")
        String logFile;

        @Option(names = "--state-file", paramLabel = "FILE",
                description = "last-run summary for status, '-' for none (default: $TWINRUN_STATE_FILE, else "
                        + RunnerConfig.DEFAULT_STATE_FILE + ")")
        String stateFile;

        @Option(names = "--lookback-hours", paramLabel = "N",
                description = "look for due hours this far back from the last complete hour, 0 for all history"
                        + " (default: $TWINRUN_LOOKBACK_HOURS, else " + RunnerConfig.DEFAULT_LOOKBACK_HOURS + ")")
        Integer lookbackHours;

        RunnerConfig.Overrides overrides() {
            return new RunnerConfig.Overrides(config, lockFile, logFile, stateFile, lookbackHours);
        }
    }

    @Command(name = "run-due", mixinStandardHelpOptions = true,
            description = "Process every hour that has input and no current result, oldest first, up to the hour"
                    + " before now (missed and failed hours included).")
    static final class RunDue implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--now", paramLabel = "INSTANT",
                description = "pretend it is this instant (ISO-8601, e.g. 2026-11-26T14:05:00Z), for tests and replays")
        Instant now;

        @Override
        public Integer call() {
            return Runner.execute(common.overrides(), ENV.get(), "run-due",
                    r -> r.runDue(now == null ? Instant.now() : now)).code();
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Process one hour (a backfill or a rerun), whether due or not.")
    static final class RunOne implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--hour", required = true, paramLabel = "HOUR",
                description = "the UTC hour, e.g. 2026-11-26T13 or dt=2026-11-26/hour=13")
        HourId hour;

        @Override
        public Integer call() {
            return Runner.execute(common.overrides(), ENV.get(), "run", r -> r.runOne(hour)).code();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show what is due, what is done, whether a run holds the lock, and the last run's errors.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--hours", defaultValue = "24", paramLabel = "N",
                description = "how many recent hours to list (default: ${DEFAULT-VALUE})")
        int hours;

        @Option(names = "--now", paramLabel = "INSTANT", description = "pretend it is this instant (ISO-8601)")
        Instant now;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Override
        public Integer call() {
            if (hours < 1 || hours > 24 * 31) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--hours must be 1.." + 24 * 31);
            }
            return Runner.executeStatus(common.overrides(), ENV.get(),
                    r -> r.status(now == null ? Instant.now() : now, hours, json, new PrintWriter(System.out, true)))
                    .code();
        }
    }

    /** The environment the commands read; tests swap it. */
    static final ThreadLocal<Map<String, String>> ENV = ThreadLocal.withInitial(System::getenv);

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCode.CONFIG_ERROR.code();
    }

    /** Runs the command line against an environment and returns the exit code (no {@code System.exit}). */
    public static int execute(Map<String, String> env, String... args) {
        ENV.set(env);
        try {
            CommandLine cl = commandLine();
            return cl.execute(args);
        } finally {
            ENV.remove();
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RunnerMain());
        cl.registerConverter(HourId.class, HourId::parse);
        cl.registerConverter(Instant.class, RunnerMain::parseInstant);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException || e instanceof ConfigError
                || e instanceof ConfigException ? ExitCode.CONFIG_ERROR.code() : ExitCode.INTERNAL_ERROR.code());
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("twinrun-ec2: internal error: " + e);
            e.printStackTrace(c.getErr());
            return ExitCode.INTERNAL_ERROR.code();
        });
        return cl;
    }

    /** An ISO instant, or an hour ({@code 2026-11-26T13}) meaning its start. */
    static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return HourId.parse(text).start();
        }
    }

    public static void main(String[] args) {
        int code = execute(System.getenv(), args);
        LogSetup.shutdown();
        System.exit(code);
    }
}

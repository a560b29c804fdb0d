package dev.twinrun.ec2;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The EC2 runner's entry point: {@code run-due}, {@code run --hour H} and {@code status}, for cron or a systemd
 * timer; maps arguments and environment to a {@link Runner} and its outcome to an {@link ExitCode}. The arguments are
 * parsed here by hand (a few commands and options; a parser library would only add to the jar and the start):
 * {@code --name VALUE} or {@code --name=VALUE}; {@code -h}/{@code --help} and {@code -V}/{@code --version} anywhere.
 * A usage error prints the problem and the usage on stderr and exits {@link ExitCode#CONFIG_ERROR}.
 */
public final class RunnerMain {
    static final String NAME = "twinrun-ec2";
    static final String VERSION = "twinrun-ec2 0.1.0";

    private RunnerMain() {}

    /** An option: its name, its value's label (null for a flag) and its help. */
    private record Opt(String name, String label, String help) {}

    /** A command: its name, its help and its options besides {@link #COMMON}. */
    private record Cmd(String name, String help, List<Opt> options) {}

    /** Options every command takes. */
    private static final List<Opt> COMMON = List.of(
            new Opt(
                    "--config",
                    "FILE",
                    "KEY=VALUE settings file (default: $TWINRUN_CONFIG, else"
                            + " /etc/twinrun/twinrun.env if it exists); the environment overrides it"),
            new Opt(
                    "--lock-file",
                    "FILE",
                    "lock keeping two runs apart (default: $TWINRUN_LOCK_FILE, else " + RunnerConfig.DEFAULT_LOCK_FILE
                            + ")"),
            new Opt(
                    "--log-file",
                    "FILE",
                    "JSON log + EMF metrics file, '-' for stdout only (default:" + " $TWINRUN_LOG_FILE, else "
                            + RunnerConfig.DEFAULT_LOG_FILE + ")"),
            new Opt(
                    "--state-file",
                    "FILE",
                    "last-run summary for status, '-' for none (default:" + " $TWINRUN_STATE_FILE, else "
                            + RunnerConfig.DEFAULT_STATE_FILE + ")"),
            new Opt(
                    "--lookback-hours",
                    "N",
                    "look for due hours this far back from the last complete hour, 0 for"
                            + " all history (default: $TWINRUN_LOOKBACK_HOURS, else "
                            + RunnerConfig.DEFAULT_LOOKBACK_HOURS
                            + ")"));

    private static final Opt NOW = new Opt(
            "--now",
            "INSTANT",
            "pretend it is this instant (ISO-8601, e.g. 2026-11-26T14:05:00Z, or an hour), for tests and replays");
    private static final int MAX_STATUS_HOURS = 24 * 31;

    private static final List<Cmd> COMMANDS = List.of(
            new Cmd(
                    "run-due",
                    "Process every hour that has input and no current result, oldest first, up to the"
                            + " hour before now (missed and failed hours included).",
                    List.of(NOW)),
            new Cmd(
                    "run",
                    "Process one hour (a backfill or a rerun), whether due or not.",
                    List.of(new Opt(
                            "--hour",
                            "HOUR",
                            "the UTC hour, e.g. 2026-11-26T13 or dt=2026-11-26/hour=13" + " (required)"))),
            new Cmd(
                    "status",
                    "Show what is due, what is done, whether a run holds the lock, and the last run's" + " errors.",
                    List.of(
                            new Opt(
                                    "--hours",
                                    "N",
                                    "how many recent hours to list, 1.." + MAX_STATUS_HOURS + " (default: 24)"),
                            NOW,
                            new Opt("--json", null, "print JSON instead of text"))));

    /** A bad command line. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Cmd command;

        UsageError(String message, Cmd command) {
            super(message);
            this.command = command;
        }
    }

    /** The environment the commands read; tests swap it. */
    static final ThreadLocal<Map<String, String>> ENV = ThreadLocal.withInitial(System::getenv);

    /** Runs the command line against an environment and returns the exit code (no {@code System.exit}). */
    public static int execute(Map<String, String> env, String... args) {
        ENV.set(env);
        try {
            return execute(args, System.out, System.err);
        } finally {
            ENV.remove();
        }
    }

    private static int execute(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = List.of(args);
        if (rest.isEmpty()) {
            err.print(usage());
            return ExitCode.CONFIG_ERROR.code();
        }
        Cmd cmd = COMMANDS.stream()
                .filter(c -> c.name().equals(rest.get(0)))
                .findFirst()
                .orElse(null);
        List<String> tail = cmd == null ? rest : rest.subList(1, rest.size());
        if (tail.contains("-h") || tail.contains("--help")) {
            out.print(cmd == null ? usage() : usage(cmd));
            return ExitCode.OK.code();
        }
        if (tail.contains("-V") || tail.contains("--version")) {
            out.println(VERSION);
            return ExitCode.OK.code();
        }
        try {
            if (cmd == null) {
                throw new UsageError(
                        rest.get(0).startsWith("-")
                                ? "unknown option: '" + rest.get(0) + "'"
                                : "unknown command: '" + rest.get(0) + "'",
                        null);
            }
            Map<String, String> opts = parse(cmd, tail);
            return run(cmd, opts).code();
        } catch (UsageError e) {
            err.println(NAME + ": " + e.getMessage());
            err.print(e.command == null ? usage() : usage(e.command));
            return ExitCode.CONFIG_ERROR.code();
        } catch (ConfigError | ConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCode.CONFIG_ERROR.code();
        } catch (RuntimeException e) {
            err.println(NAME + ": internal error: " + e);
            e.printStackTrace(err);
            return ExitCode.INTERNAL_ERROR.code();
        }
    }

    /** Option name to value ({@code "true"} for a flag); unknown options, missing values and repeats are errors. */
    private static Map<String, String> parse(Cmd cmd, List<String> args) {
        Map<String, Opt> known = new LinkedHashMap<>();
        COMMON.forEach(o -> known.put(o.name(), o));
        cmd.options().forEach(o -> known.put(o.name(), o));
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            Opt opt = known.get(name);
            if (opt == null) {
                throw new UsageError(
                        arg.startsWith("-") ? "unknown option: '" + arg + "'" : "unexpected argument: '" + arg + "'",
                        cmd);
            }
            String value;
            if (opt.label() == null) {
                if (eq > 0) {
                    throw new UsageError("option '" + name + "' takes no value", cmd);
                }
                value = "true";
            } else if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageError("missing value for option '" + name + "' (" + opt.label() + ")", cmd);
            }
            if (values.put(name, value) != null) {
                throw new UsageError("option '" + name + "' given twice", cmd);
            }
        }
        return values;
    }

    private static ExitCode run(Cmd cmd, Map<String, String> o) {
        RunnerConfig.Overrides overrides = new RunnerConfig.Overrides(
                value(o, cmd, "--config", Path::of),
                value(o, cmd, "--lock-file", Path::of),
                o.get("--log-file"),
                o.get("--state-file"),
                value(o, cmd, "--lookback-hours", Integer::valueOf));
        Instant now = value(o, cmd, "--now", RunnerMain::parseInstant);
        Instant at = now == null ? Instant.now() : now;
        switch (cmd.name()) {
            case "run-due":
                return Runner.execute(overrides, ENV.get(), "run-due", r -> r.runDue(at));
            case "run": {
                HourId hour = value(o, cmd, "--hour", HourId::parse);
                if (hour == null) {
                    throw new UsageError("missing required option: '--hour=HOUR'", cmd);
                }
                return Runner.execute(overrides, ENV.get(), "run", r -> r.runOne(hour));
            }
            case "status": {
                Integer hours = value(o, cmd, "--hours", Integer::valueOf);
                int n = hours == null ? 24 : hours;
                if (n < 1 || n > MAX_STATUS_HOURS) {
                    throw new UsageError("--hours must be 1.." + MAX_STATUS_HOURS + ", was " + n, cmd);
                }
                boolean json = o.containsKey("--json");
                return Runner.executeStatus(
                        overrides, ENV.get(), r -> r.status(at, n, json, new PrintWriter(System.out, true)));
            }
            default:
                throw new IllegalStateException("no such command " + cmd.name());
        }
    }

    /** The option's value converted, or null when not given; a value that does not convert is a usage error. */
    private static <T> T value(Map<String, String> o, Cmd cmd, String name, Function<String, T> convert) {
        String v = o.get(name);
        if (v == null) {
            return null;
        }
        try {
            return convert.apply(v);
        } catch (RuntimeException e) {
            throw new UsageError("invalid value for option '" + name + "': '" + v + "': " + e.getMessage(), cmd);
        }
    }

    /** An ISO instant, or an hour ({@code 2026-11-26T13}) meaning its start. */
    static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return HourId.parse(text).start();
        }
    }

    /** The top-level usage: the commands and the exit codes. */
    static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(NAME).append(" [-hV] COMMAND [OPTIONS]\n");
        b.append("Processes hourly CSV input in S3 into insights; run by cron or a systemd timer.\n");
        b.append("  -h, --help      Show this help message and exit.\n");
        b.append("  -V, --version   Print version information and exit.\n");
        b.append("Commands:\n");
        for (Cmd c : COMMANDS) {
            b.append(String.format(Locale.ROOT, "  %-8s  %s%n", c.name(), c.help()));
        }
        b.append("Run '").append(NAME).append(" COMMAND --help' for a command's options.\n");
        b.append(exitCodes());
        return b.toString();
    }

    /** One command's usage: its options and the exit codes. */
    static String usage(Cmd cmd) {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(NAME).append(' ').append(cmd.name()).append(" [OPTIONS]\n");
        b.append(cmd.help()).append('\n');
        List<Opt> all = new ArrayList<>(cmd.options());
        all.addAll(COMMON);
        for (Opt o : all) {
            String left = o.label() == null ? o.name() : o.name() + "=" + o.label();
            b.append(String.format(Locale.ROOT, "      %-24s %s%n", left, o.help()));
        }
        b.append("  -h, --help                     Show this help message and exit.\n");
        b.append("  -V, --version                  Print version information and exit.\n");
        b.append(exitCodes());
        return b.toString();
    }

    private static String exitCodes() {
        StringBuilder b = new StringBuilder("\nExit codes:\n");
        for (ExitCode c : ExitCode.values()) {
            b.append(String.format(Locale.ROOT, "  %2d   %s%n", c.code(), c.meaning()));
        }
        return b.toString();
    }

    public static void main(String[] args) {
        int code = execute(System.getenv(), args);
        LogSetup.shutdown();
        System.exit(code);
    }
}

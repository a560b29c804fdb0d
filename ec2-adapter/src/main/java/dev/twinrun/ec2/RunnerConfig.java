package dev.twinrun.ec2;

import dev.twinrun.core.job.CatchUp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The runner's settings, merged from the config file and the environment, validated at start.
 *
 * <p>Precedence, lowest first: the config file ({@code --config FILE}, else {@code TWINRUN_CONFIG}, else
 * {@value #DEFAULT_CONFIG_FILE} when it exists), then the process environment (as systemd's
 * {@code Environment=} overrides {@code EnvironmentFile=}), then command-line options.
 *
 * @param settings  every variable the job sees (file plus environment), passed to the core and the S3 client
 * @param configFile the file read, or null when none
 * @param lockFile  the lock that keeps two runners apart; default {@value #DEFAULT_LOCK_FILE}
 * @param logFile   the JSON log the CloudWatch agent ships, or null for stdout only; default {@value #DEFAULT_LOG_FILE}
 * @param logFileExplicit whether the log file was asked for (an unwritable explicit log file is an error,
 *                  an unwritable default one only a warning)
 * @param stateFile the last-run summary {@code status} shows, or null for none; default {@value #DEFAULT_STATE_FILE}
 * @param lookbackHours how many hours back from the last complete hour {@code run-due} looks for due hours,
 *                  0 for all history; default {@value #DEFAULT_LOOKBACK_HOURS}
 * @param warnings  things worth logging once logging is up (unknown keys)
 */
public record RunnerConfig(
        Map<String, String> settings,
        Path configFile,
        Path lockFile,
        Path logFile,
        boolean logFileExplicit,
        Path stateFile,
        int lookbackHours,
        List<String> warnings) {

    public static final String DEFAULT_CONFIG_FILE = "/etc/twinrun/twinrun.env";
    public static final String DEFAULT_LOCK_FILE = "/var/lock/twinrun/runner.lock";
    public static final String DEFAULT_LOG_FILE = "/var/log/twinrun/runner.log";
    public static final String DEFAULT_STATE_FILE = "/var/lib/twinrun/last-run.json";
    public static final int DEFAULT_LOOKBACK_HOURS = CatchUp.DEFAULT_LOOKBACK_HOURS;

    public static final String BUCKET = "TWINRUN_BUCKET";
    public static final String VARIANT = "TWINRUN_VARIANT";
    public static final String CONFIG = "TWINRUN_CONFIG";
    public static final String LOCK_FILE = "TWINRUN_LOCK_FILE";
    public static final String LOG_FILE = "TWINRUN_LOG_FILE";
    public static final String STATE_FILE = "TWINRUN_STATE_FILE";
    public static final String LOOKBACK_HOURS = "TWINRUN_LOOKBACK_HOURS";

    /** Keys this runner or the core reads; other {@code TWINRUN_*} keys in the file are probably typos. */
    static final Set<String> KNOWN_KEYS = Set.of(
            BUCKET,
            VARIANT,
            CONFIG,
            LOCK_FILE,
            LOG_FILE,
            STATE_FILE,
            LOOKBACK_HOURS,
            "TWINRUN_INPUT_PREFIX",
            "TWINRUN_OUTPUT_PREFIX",
            "TWINRUN_TRANSFORMATION");

    public RunnerConfig {
        settings = Map.copyOf(settings);
        Objects.requireNonNull(lockFile, "lockFile");
        warnings = List.copyOf(warnings);
    }

    /** Command-line overrides; null fields mean "not given". */
    public record Overrides(Path configFile, Path lockFile, String logFile, String stateFile, Integer lookbackHours) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null);

        public Overrides(Path configFile, Path lockFile, String logFile, String stateFile) {
            this(configFile, lockFile, logFile, stateFile, null);
        }
    }

    public String bucket() {
        return settings.get(BUCKET);
    }

    /**
     * The deployment variant ({@value #VARIANT}: {@code ec2} unless the deployment names another, e.g.
     * {@code ec2-per-run} or {@code fargate}), the {@code Variant} dimension of the runner's EMF metrics.
     */
    public String variant() {
        String v = settings.get(VARIANT);
        return blank(v) ? Runner.VARIANT : v.strip();
    }

    /** Loads and validates; a problem is a {@link ConfigError} saying what to fix. */
    public static RunnerConfig load(Overrides cli, Map<String, String> env) {
        Objects.requireNonNull(cli, "cli");
        Objects.requireNonNull(env, "env");
        List<String> warnings = new ArrayList<>();

        Path configFile = cli.configFile();
        boolean explicit = configFile != null;
        if (configFile == null && !blank(env.get(CONFIG))) {
            configFile = Path.of(env.get(CONFIG).strip());
            explicit = true;
        }
        if (configFile == null) {
            configFile = Path.of(DEFAULT_CONFIG_FILE);
        }
        Map<String, String> merged = new HashMap<>();
        if (explicit || Files.exists(configFile)) {
            Map<String, String> fromFile = EnvFile.read(configFile);
            for (String key : fromFile.keySet()) {
                if (key.startsWith("TWINRUN_") && !KNOWN_KEYS.contains(key)) {
                    warnings.add("unknown key " + key + " in " + configFile + " (ignored by the runner; known: "
                            + String.join(", ", KNOWN_KEYS.stream().sorted().toList()) + ")");
                }
            }
            merged.putAll(fromFile);
        } else {
            configFile = null;
        }
        env.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        merged.putIfAbsent(VARIANT, "ec2");

        if (blank(merged.get(BUCKET))) {
            throw new ConfigError(BUCKET + " is not set: put " + BUCKET + "=<bucket> in "
                    + (configFile != null ? configFile : DEFAULT_CONFIG_FILE + " (or --config FILE)")
                    + " or the environment");
        }

        Path lockFile =
                cli.lockFile() != null ? cli.lockFile() : Path.of(orDefault(merged.get(LOCK_FILE), DEFAULT_LOCK_FILE));

        String logText = cli.logFile() != null ? cli.logFile() : merged.get(LOG_FILE);
        boolean logExplicit = logText != null;
        Path logFile = optionalPath(logText == null ? DEFAULT_LOG_FILE : logText);

        String stateText = cli.stateFile() != null ? cli.stateFile() : merged.get(STATE_FILE);
        Path stateFile = optionalPath(stateText == null ? DEFAULT_STATE_FILE : stateText);

        int lookback;
        if (cli.lookbackHours() != null) {
            lookback = cli.lookbackHours();
        } else if (blank(merged.get(LOOKBACK_HOURS))) {
            lookback = DEFAULT_LOOKBACK_HOURS;
        } else {
            try {
                lookback = Integer.parseInt(merged.get(LOOKBACK_HOURS).strip());
            } catch (NumberFormatException e) {
                lookback = -1;
            }
        }
        if (lookback < 0 || lookback > 24 * 366) {
            throw new ConfigError(LOOKBACK_HOURS + " must be a whole number of hours from 0 (all history) to "
                    + 24 * 366 + ", was '"
                    + (cli.lookbackHours() != null ? cli.lookbackHours() : merged.get(LOOKBACK_HOURS))
                    + "'");
        }

        return new RunnerConfig(merged, configFile, lockFile, logFile, logExplicit, stateFile, lookback, warnings);
    }

    /** {@code -}, {@code none} or empty switch a file off. */
    private static Path optionalPath(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("-") || t.equalsIgnoreCase("none")) {
            return null;
        }
        return Path.of(t);
    }

    private static String orDefault(String v, String dflt) {
        return blank(v) ? dflt : v.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

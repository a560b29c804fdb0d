package dev.twinrun.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.adapter.DeployedJob;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.HourFailure;
import dev.twinrun.adapter.HourRunLog;
import dev.twinrun.adapter.LogField;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.Telemetry;
import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.CatchUp;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.HourStatus;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.S3Clients;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One runner invocation (a cron tick): configuration, logging, lock, S3 client and job set up once; then the
 * command's hours processed in order, each through {@link HourRunLog} (the same log lines and hour metrics as the
 * Lambda adapter, {@code Variant=ec2}), counted; the outcome summarised as an exit code, a last log line and the
 * tick's metrics ({@link Telemetry#RUN_METRICS}).
 *
 * <p>Ids: the tick's run id is the core's run id of every hour it processes; its {@code requestId} is
 * {@value #REQUEST_ID_PREFIX} followed by the run id (EC2 has no platform request id; see {@link LogField}).
 */
final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    static final String VARIANT = "ec2";
    static final String REQUEST_ID_PREFIX = "ec2-";

    private final RunnerConfig config;
    private final JobConfig jobConfig;
    private final HourJob job;
    private final String runId;
    private final EmfWriter metrics;
    private final HourRunLog runLog;
    private final CatchUp catchUp;
    private final List<RunState.Failure> failures = new ArrayList<>();
    private int hoursDue;
    private int hoursProcessed;

    private Runner(RunnerConfig config, DeployedJob deployed, String runId) {
        this.config = config;
        this.jobConfig = deployed.config();
        this.job = deployed.job();
        this.runId = runId;
        // The deployment's variant (ec2, ec2-per-run, fargate): each one's alarms watch its own dimension.
        this.metrics = EmfWriter.toLog(config.variant());
        this.runLog = new HourRunLog(jobConfig, metrics);
        this.catchUp = new CatchUp(job, config.lookbackHours());
    }

    /** Sets up, takes the lock, runs {@code body}, records the outcome; never throws. */
    static ExitCode execute(
            RunnerConfig.Overrides overrides,
            Map<String, String> env,
            String command,
            Function<Runner, ExitCode> body) {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        MDC.put(LogField.REQUEST_ID.key(), REQUEST_ID_PREFIX + runId);
        MDC.put(LogField.RUN_ID.key(), runId);
        Setup setup;
        try {
            setup = setUp(overrides, env, false);
        } catch (ConfigError | ConfigException e) {
            return configError(e);
        }
        MDC.put(LogField.BUCKET.key(), setup.jobConfig.bucket());
        Optional<RunnerLock> lock;
        try {
            lock = RunnerLock.tryAcquire(setup.config.lockFile());
        } catch (ConfigError e) {
            return configError(e);
        }
        if (lock.isEmpty()) {
            String holder = RunnerLock.holderPid(setup.config.lockFile())
                    .map(p -> " (pid " + p + ")")
                    .orElse("");
            String msg = "another twinrun run holds " + setup.config.lockFile() + holder + "; this " + command
                    + " did nothing and exits " + ExitCode.LOCK_BUSY.code();
            LOG.warn(msg);
            System.err.println("twinrun-ec2: " + msg);
            MDC.clear();
            return ExitCode.LOCK_BUSY;
        }
        String in = setup.jobConfig.inputPrefix();
        String out = setup.jobConfig.outputPrefix();
        FirstByteProbe probe = new FirstByteProbe(key -> key.startsWith(in)
                && !key.startsWith(out + HourJob.INSIGHTS)
                && !key.startsWith(out + HourJob.QUARANTINE));
        ExitCode exit;
        Runner runner = null;
        try (RunnerLock held = lock.get();
                S3Client s3 = probe.wrap(S3Clients.fromEnvironment(setup.config.settings()))) {
            runner = new Runner(setup.config, DeployedJob.of(setup.jobConfig, s3), runId);
            LOG.info(
                    "{} started (pid {}, lock {})",
                    command,
                    ProcessHandle.current().pid(),
                    held.path());
            exit = body.apply(runner);
        } catch (ConfigError | ConfigException e) {
            return configError(e);
        } catch (RuntimeException e) {
            LOG.error(command + " failed unexpectedly: " + e, e);
            exit = ExitCode.INTERNAL_ERROR;
        }
        Instant finished = Instant.now();
        if (runner != null) {
            runner.finish(command, started, finished, exit, probe);
        }
        MDC.clear();
        return exit;
    }

    /** {@code status}: no lock (it only reads), console lines on stderr so stdout stays the report. */
    static ExitCode executeStatus(
            RunnerConfig.Overrides overrides, Map<String, String> env, Function<Runner, ExitCode> body) {
        Setup setup;
        try {
            setup = setUp(overrides, env, true);
        } catch (ConfigError | ConfigException e) {
            return configError(e);
        }
        try (S3Client s3 = S3Clients.fromEnvironment(setup.config.settings())) {
            return body.apply(new Runner(setup.config, DeployedJob.of(setup.jobConfig, s3), "status"));
        } catch (ConfigError | ConfigException e) {
            return configError(e);
        } catch (RuntimeException e) {
            LOG.error("status failed: " + e, e);
            System.err.println("twinrun-ec2: status failed: " + e);
            return ExitCode.HOUR_FAILED;
        }
    }

    private record Setup(RunnerConfig config, JobConfig jobConfig) {}

    private static Setup setUp(RunnerConfig.Overrides overrides, Map<String, String> env, boolean forStatus) {
        RunnerConfig config;
        try {
            config = RunnerConfig.load(overrides, env);
        } catch (ConfigError e) {
            LogSetup.configure(null, false, forStatus);
            throw e;
        }
        Optional<String> logWarning = forStatus
                ? LogSetup.configure(null, false, true, config.variant())
                : LogSetup.configure(config.logFile(), config.logFileExplicit(), false, config.variant());
        logWarning.ifPresent(LOG::warn);
        config.warnings().forEach(LOG::warn);
        JobConfig jobConfig = JobConfig.fromEnv(config.settings());
        return new Setup(config, jobConfig);
    }

    private static ExitCode configError(RuntimeException e) {
        LOG.error("configuration error: " + e.getMessage());
        System.err.println("twinrun-ec2: configuration error: " + e.getMessage());
        MDC.clear();
        return ExitCode.CONFIG_ERROR;
    }

    /**
     * Every due hour in the lookback window up to the hour before {@code now}, oldest first, and the hours their
     * republishing makes due ({@link CatchUp}); a failed hour does not stop the rest.
     */
    ExitCode runDue(Instant now) {
        HourId upTo = HourId.of(now).previous();
        List<HourId> due;
        try {
            due = catchUp.dueHours(upTo);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not list due hours up to " + upTo + ": " + e, e);
            failures.add(new RunState.Failure(null, jobConfig.inputLocation(), e.toString()));
            return ExitCode.HOUR_FAILED;
        }
        hoursDue = due.size();
        if (due.isEmpty()) {
            LOG.info("nothing due up to {} (lookback {} h)", upTo, config.lookbackHours());
        } else {
            LOG.info("{} hour(s) due up to {}: {}", due.size(), upTo, due);
        }
        hoursDue = catchUp.run(due, upTo, this::processHour).size();
        return failures.isEmpty() ? ExitCode.OK : ExitCode.HOUR_FAILED;
    }

    /** One hour, due or not. */
    ExitCode runOne(HourId hour) {
        hoursDue = 1;
        processHour(hour);
        return failures.isEmpty() ? ExitCode.OK : ExitCode.HOUR_FAILED;
    }

    /** Processes one hour; true when it published new results. */
    private boolean processHour(HourId hour) {
        try {
            RunResult r = runLog.run(job, hour, REQUEST_ID_PREFIX + runId, runId, null);
            hoursProcessed++;
            return r.outcome() == RunResult.Outcome.PUBLISHED;
        } catch (HourFailure f) {
            failures.add(new RunState.Failure(hour.toString(), f.key(), f.error()));
            return false;
        }
    }

    private void finish(String command, Instant started, Instant finished, ExitCode exit, FirstByteProbe probe) {
        Instant jvmStart = ProcessStats.jvmStart();
        long firstRead = probe.firstReadEpochMs();
        MDC.put(LogField.EXIT_CODE.key(), Integer.toString(exit.code()));
        MDC.put(LogField.HOURS_DUE.key(), Integer.toString(hoursDue));
        MDC.put(LogField.HOURS_PROCESSED.key(), Integer.toString(hoursProcessed));
        MDC.put(LogField.HOURS_FAILED.key(), Integer.toString(failures.size()));
        MDC.put(LogField.WALL_MS.key(), Long.toString(finished.toEpochMilli() - jvmStart.toEpochMilli()));
        MDC.put(
                LogField.JVM_START_TO_FIRST_ROW_MS.key(),
                Long.toString(firstRead < 0 ? -1 : firstRead - jvmStart.toEpochMilli()));
        MDC.put(LogField.PEAK_RSS_KB.key(), Long.toString(ProcessStats.peakRssKb()));
        LOG.info(
                "{} finished: exit {} ({}), {} due, {} processed, {} failed",
                command,
                exit.code(),
                exit.name().toLowerCase(Locale.ROOT),
                hoursDue,
                hoursProcessed,
                failures.size());
        Map<Metric, Long> m = new LinkedHashMap<>();
        m.put(Telemetry.HOURS_DUE, (long) hoursDue);
        m.put(Telemetry.HOURS_PROCESSED, (long) hoursProcessed);
        m.put(Telemetry.HOURS_FAILED, (long) failures.size());
        metrics.write(m, Map.of(LogField.REQUEST_ID.key(), REQUEST_ID_PREFIX + runId, LogField.RUN_ID.key(), runId));
        if (config.stateFile() != null) {
            try {
                new RunState(
                                runId,
                                command,
                                started.toString(),
                                finished.toString(),
                                exit.code(),
                                hoursDue,
                                hoursProcessed,
                                failures)
                        .write(config.stateFile());
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not write " + config.stateFile() + ": " + e);
            }
        }
    }

    /** Prints what is due, the recent hours' status, the lock holder and the last run. */
    ExitCode status(Instant now, int hours, boolean json, PrintWriter out) {
        HourId upTo = HourId.of(now).previous();
        List<HourId> due;
        try {
            due = catchUp.dueHours(upTo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map.Entry<HourId, HourStatus>> recent = new ArrayList<>();
        HourId h = upTo;
        for (int i = 0; i < hours; i++, h = h.previous()) {
            try {
                recent.add(Map.entry(h, job.status(h)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Optional<Long> holder = lockHolder();
        Optional<RunState> last = RunState.read(config.stateFile());
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            root.put("bucket", jobConfig.bucket());
            root.put("input", jobConfig.inputLocation());
            root.put("output", jobConfig.outputLocation());
            root.put("upTo", upTo.toString());
            ArrayNode dueNode = root.putArray("due");
            due.forEach(d -> dueNode.add(d.toString()));
            ObjectNode recentNode = root.putObject("recent");
            recent.forEach(
                    e -> recentNode.put(e.getKey().toString(), e.getValue().name()));
            if (holder.isPresent()) {
                root.put("runningPid", holder.get());
            } else {
                root.putNull("runningPid");
            }
            root.set(
                    "lastRun",
                    last.<com.fasterxml.jackson.databind.JsonNode>map(m::valueToTree)
                            .orElse(null));
            try {
                out.println(m.writeValueAsString(root));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.printf(
                    "bucket   %s (input %s, output %s)%n",
                    jobConfig.bucket(), jobConfig.inputLocation(), jobConfig.outputLocation());
            out.printf(
                    "running  %s%n",
                    holder.map(p -> "yes, pid " + p + " holds " + config.lockFile())
                            .orElse("no"));
            out.printf("due      %s%n", due.isEmpty() ? "nothing up to " + upTo : due.size() + " hour(s): " + due);
            if (last.isPresent()) {
                RunState s = last.get();
                out.printf(
                        "last run %s %s, finished %s, exit %d (%s): %d due, %d processed, %d failed%n",
                        s.command(),
                        s.runId(),
                        s.finishedAt(),
                        s.exitCode(),
                        ExitCode.of(s.exitCode()).name().toLowerCase(Locale.ROOT),
                        s.hoursDue(),
                        s.hoursProcessed(),
                        s.failures().size());
                for (RunState.Failure f : s.failures()) {
                    out.printf("  error  %s %s: %s%n", f.hour() == null ? "-" : f.hour(), f.key(), f.error());
                }
            } else {
                out.printf("last run none recorded%s%n", config.stateFile() == null ? "" : " in " + config.stateFile());
            }
            out.printf("recent hours (newest first):%n");
            for (Map.Entry<HourId, HourStatus> e : recent) {
                out.printf("  %s  %s%n", e.getKey(), e.getValue());
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The pid of a running runner, from the pid the lock holder writes (and clears on exit); status never
     * takes the lock itself, so it cannot make a starting run exit as busy.
     */
    private Optional<Long> lockHolder() {
        return RunnerLock.holderPid(config.lockFile())
                .flatMap(pid -> ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info()
                                .commandLine()
                                .map(c -> c.contains("twinrun"))
                                .orElse(true))
                        .map(ProcessHandle::pid));
    }
}

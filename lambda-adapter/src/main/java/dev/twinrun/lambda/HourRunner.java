package dev.twinrun.lambda;

import dev.twinrun.adapter.DeployedJob;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.HourFailure;
import dev.twinrun.adapter.HourRunLog;
import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.job.CatchUp;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.PublishPolicy;
import dev.twinrun.core.job.ReplayClock;
import dev.twinrun.core.job.RunResult;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both handlers share: the deployed job built once per execution environment, and one hour run through
 * {@link HourRunLog} (its log lines and EMF metrics, {@code Variant=lambda}, on stdout). Bad rows are the job's
 * business (quarantined); an unusable file or a storage failure becomes {@link HourFailedException}.
 *
 * <p>On Lambda the job is incremental ({@code TWINRUN_INCREMENTAL}, default {@code true}): each file's parse result is
 * kept as a partial, so an S3 event parses only the new file and a publication merges the partials. The
 * {@link PublishPolicy} ({@code TWINRUN_QUIET_MINUTES}, {@code TWINRUN_GRACE_MINUTES}, {@code TWINRUN_EXPECTED_FILES},
 * {@code TWINRUN_COMPLETION_MARKER}) says when an event publishes and whether the hour is provisional or final.
 */
final class HourRunner {
    static final String VARIANT = "lambda";
    /** Whether the Lambda job keeps a partial per file ({@code true} unless set to {@code false}). */
    static final String INCREMENTAL = "TWINRUN_INCREMENTAL";

    private static final Logger LOG = LoggerFactory.getLogger(HourRunner.class);

    private final DeployedJob deployed;
    private final HourRunLog runLog;
    private final HourJob job;

    HourRunner(DeployedJob deployed, EmfWriter metrics) {
        this(deployed, metrics, true, PublishPolicy.defaults(), Clock.systemUTC());
    }

    HourRunner(DeployedJob deployed, EmfWriter metrics, boolean incremental, PublishPolicy policy, Clock clock) {
        this.deployed = deployed;
        this.runLog = new HourRunLog(deployed.config(), metrics);
        this.job = deployed.job().withIncremental(incremental).withPolicy(policy, clock);
    }

    /** From the function's environment ({@code TWINRUN_*}, {@code AWS_*}); a bad setting fails the init with its name. */
    static HourRunner fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, ReplayClock.fromEnv(env)); // the system clock unless a replay sets one
    }

    static HourRunner fromEnvironment(Map<String, String> env, Clock clock) {
        PublishPolicy policy = PublishPolicy.fromEnv(env);
        String inc = env.getOrDefault(INCREMENTAL, "").strip();
        if (!inc.isEmpty() && !inc.equals("true") && !inc.equals("false")) {
            throw new ConfigException(
                    "invalid twinrun configuration: " + INCREMENTAL + "='" + inc + "' is neither true nor false");
        }
        return new HourRunner(
                DeployedJob.fromEnvironment(env), EmfWriter.toStdout(VARIANT), !inc.equals("false"), policy, clock);
    }

    HourJob job() {
        return job;
    }

    /**
     * The hour the schedule catches up to at {@code time}: the last complete hour, or, when events are debounced
     * (a quiet period is set), the current hour too, whose quiet files are published provisionally.
     */
    HourId scheduleUpTo(java.time.Instant time) {
        HourId now = HourId.of(time);
        return job.policy().quiet().isZero() ? now.previous() : now;
    }

    /**
     * An S3 event for {@code key} in {@code hour}: publishes the hour when events are not debounced, or when the hour
     * is final (closed past its grace period, or its completion signal is there); otherwise parses only the files
     * without a partial (the new one), records the arrival, and leaves the publication to the schedule
     * ({@link #runDue}), which publishes the hour once its newest file is the quiet period old.
     */
    Map<String, Object> onEvent(HourId hour, String requestId, String key) {
        PublishPolicy policy = job.policy();
        if (policy.quiet().isZero()) {
            boolean open = open(hour);
            try {
                return run(hour, requestId, key);
            } catch (HourFailedException e) {
                if (open && changing(e)) {
                    // Newer files landed while this event published the hour, attempt after attempt: each of them
                    // has its own event, which publishes the hour with this file's partial in it.
                    LOG.info("hour {}: files arrived while {} published it; left to their events", hour, key);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("hour", hour.toString());
                    out.put("outcome", SUPERSEDED);
                    return out;
                }
                throw e;
            }
        }
        try {
            job.recordArrival(hour, job.clock().instant());
            if (job.publishStatus(hour) == PublishPolicy.Status.FINAL) {
                return run(hour, requestId, key);
            }
            int parsed = job.prepare(hour);
            LOG.info(
                    "hour {}: {} parsed ({} file(s) new); published by the schedule once quiet for {} min, or at once"
                            + " on its completion signal",
                    hour,
                    key,
                    parsed,
                    policy.quiet().toMinutes());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("hour", hour.toString());
            out.put("outcome", DEFERRED);
            out.put("filesParsed", parsed);
            return out;
        } catch (IOException | UnusableInputException | RuntimeException e) {
            throw new HourFailedException("hour " + hour + ": " + key + " not parsed: " + e, e);
        }
    }

    /** The outcome of an event whose hour is left to the schedule. */
    static final String DEFERRED = "DEFERRED";

    /** The outcome of an undebounced event whose open hour kept changing under it: left to the newer files' events. */
    static final String SUPERSEDED = "SUPERSEDED";

    /**
     * The handlers' runner on Lambda: from the process environment; under SnapStart primed before the snapshot
     * ({@link SnapStartPriming}), otherwise primed during the init when asked (see {@link Priming}).
     */
    static HourRunner forLambda() {
        Map<String, String> env = System.getenv();
        HourRunner runner = fromEnvironment(env);
        if (SnapStartPriming.snapshotting(env)) {
            SnapStartPriming.register(runner.config(), runner.deployed.job().input());
        } else if (Priming.enabled(env)) {
            Priming.prime(runner.config(), runner.deployed.job().input());
        }
        return runner;
    }

    JobConfig config() {
        return deployed.config();
    }

    /**
     * Every due hour up to {@code upTo} that still has input, oldest first, with the republish chain ({@link CatchUp},
     * the engine every trigger uses), while more than {@code marginMs} of the invocation remain; hours left over stay
     * due for the next tick. Returns the summary of the last hour processed (or of {@code upTo} when none was due) with
     * {@code hours}: every hour processed, in order. A failed hour does not stop the rest; the invocation then fails
     * naming it.
     */
    Map<String, Object> runDue(HourId upTo, String requestId, LongSupplier remainingMs, long marginMs) {
        CatchUp catchUp = new CatchUp(job, CatchUp.DEFAULT_LOOKBACK_HOURS);
        List<HourId> due;
        try {
            due = catchUp.dueHours(upTo);
        } catch (IOException | RuntimeException e) {
            throw new HourFailedException("could not list the due hours up to " + upTo + ": " + e, e);
        }
        if (due.isEmpty()) {
            return run(upTo, requestId, null);
        }
        List<Map<String, Object>> done = new ArrayList<>();
        List<HourFailedException> failed = new ArrayList<>();
        catchUp.run(due, upTo, hour -> {
            if (remainingMs.getAsLong() < marginMs) {
                return false; // no time left: the hour stays due for the next tick
            }
            boolean open;
            try {
                open = open(hour);
                if (!job.ready(hour)) {
                    LOG.info(
                            "hour {}: newest file less than {} min old; published on a later tick",
                            hour,
                            job.policy().quiet().toMinutes());
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                failed.add(new HourFailedException("hour " + hour + ": debounce state not read: " + e, e));
                return false;
            }
            try {
                Map<String, Object> r = run(hour, requestId, null);
                done.add(r);
                return RunResult.Outcome.PUBLISHED.name().equals(r.get("outcome"));
            } catch (HourFailedException e) {
                if (!job.policy().quiet().isZero() && open && changing(e)) {
                    // Files arrived while the tick published the quiet hour: it is not quiet any more, so by the
                    // debounce rule it waits for a later tick (or its own event, or the marker), not a failure.
                    LOG.info(
                            "hour {}: files arrived while it was being published; not quiet, left for a later tick",
                            hour);
                    return false;
                }
                failed.add(e);
                return false;
            }
        });
        if (!failed.isEmpty()) {
            throw new HourFailedException(
                    failed.size() + " of " + (done.size() + failed.size()) + " due hour(s) failed; first: "
                            + failed.get(0).getMessage(),
                    failed.get(0));
        }
        Map<String, Object> last =
                done.isEmpty() ? new LinkedHashMap<>() : new LinkedHashMap<>(done.get(done.size() - 1));
        last.put("hours", done.stream().map(m -> m.get("hour")).toList());
        return last;
    }

    /**
     * Whether the hour is open (not final) now, before a run: an open hour whose input keeps changing under the run
     * (new files still arriving) is not quiet, so a debounced tick leaves it to a later tick and an undebounced event
     * to the newer files' events (a schedule without the debounce still fails, and Lambda retries it); a final hour
     * (grace over, marker written, files expected all in) whose input keeps changing is a failure. Taken before the
     * run, as the hour was when it started: a run that retries long enough can see the hour turn final on the clock.
     */
    private boolean open(HourId hour) {
        try {
            return job.publishStatus(hour) != PublishPolicy.Status.FINAL;
        } catch (IOException | RuntimeException statusUnknown) {
            return false;
        }
    }

    /** Whether {@code e} is the input changing under the run, attempt after attempt. */
    private static boolean changing(HourFailedException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HourJob.InputKeptChanging) {
                return true;
            }
        }
        return false;
    }

    /** Runs one hour with a fresh run id; {@code key} is the object that triggered it, or null for a scheduled run. */
    Map<String, Object> run(HourId hour, String requestId, String key) {
        try {
            return HourRunLog.summary(
                    runLog.run(job, hour, requestId, UUID.randomUUID().toString(), key));
        } catch (HourFailure f) {
            throw new HourFailedException(f.getMessage(), f.getCause());
        }
    }
}

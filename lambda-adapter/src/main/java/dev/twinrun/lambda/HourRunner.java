package dev.twinrun.lambda;

import dev.twinrun.adapter.DeployedJob;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.HourFailure;
import dev.twinrun.adapter.HourRunLog;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.CatchUp;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.RunResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * What both handlers share: the deployed job built once per execution environment, and one hour run through
 * {@link HourRunLog} (its log lines and EMF metrics, {@code Variant=lambda}, on stdout). Bad rows are the job's
 * business (quarantined); an unusable file or a storage failure becomes {@link HourFailedException}.
 */
final class HourRunner {
    static final String VARIANT = "lambda";

    private final DeployedJob deployed;
    private final HourRunLog runLog;

    HourRunner(DeployedJob deployed, EmfWriter metrics) {
        this.deployed = deployed;
        this.runLog = new HourRunLog(deployed.config(), metrics);
    }

    /** From the function's environment ({@code TWINRUN_*}, {@code AWS_*}); a bad setting fails the init with its name. */
    static HourRunner fromEnvironment(Map<String, String> env) {
        return new HourRunner(DeployedJob.fromEnvironment(env), EmfWriter.toStdout(VARIANT));
    }

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
        HourJob job = deployed.job();
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
            try {
                Map<String, Object> r = run(hour, requestId, null);
                done.add(r);
                return RunResult.Outcome.PUBLISHED.name().equals(r.get("outcome"));
            } catch (HourFailedException e) {
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

    /** Runs one hour with a fresh run id; {@code key} is the object that triggered it, or null for a scheduled run. */
    Map<String, Object> run(HourId hour, String requestId, String key) {
        try {
            return HourRunLog.summary(runLog.run(
                    deployed.job(), hour, requestId, UUID.randomUUID().toString(), key));
        } catch (HourFailure f) {
            throw new HourFailedException(f.getMessage(), f.getCause());
        }
    }
}

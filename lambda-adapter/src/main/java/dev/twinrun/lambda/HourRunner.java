package dev.twinrun.lambda;

import dev.twinrun.adapter.DeployedJob;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.HourFailure;
import dev.twinrun.adapter.HourRunLog;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.JobConfig;
import java.util.Map;
import java.util.UUID;

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

    /** The handlers' runner on Lambda: from the process environment; primed when asked (see {@link Priming}). */
    static HourRunner forLambda() {
        Map<String, String> env = System.getenv();
        HourRunner runner = fromEnvironment(env);
        if (Priming.enabled(env)) {
            Priming.prime(runner.config(), runner.deployed.job().input());
        }
        return runner;
    }

    JobConfig config() {
        return deployed.config();
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

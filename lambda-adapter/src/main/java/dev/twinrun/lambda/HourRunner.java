package dev.twinrun.lambda;

import dev.twinrun.core.store.Stores;
import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.store.S3Clients;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What both handlers share: the core job built once per execution environment, and one hour run with its log lines
 * and metrics. Bad rows are the job's business (quarantined); an unusable file or a storage failure becomes
 * {@link HourFailedException} after an ERROR line naming the object and the reason.
 */
final class HourRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HourRunner.class);

    private final JobConfig config;
    private final HourJob job;
    private final Metrics metrics;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    HourRunner(JobConfig config, HourJob job, Metrics metrics) {
        this.config = config;
        this.job = job;
        this.metrics = metrics;
    }

    /** From the function's environment ({@code TWINRUN_*}, {@code AWS_*}); a bad setting fails the init with its name. */
    static HourRunner fromEnvironment(Map<String, String> env) {
        JobConfig config;
        try {
            config = JobConfig.fromEnv(env);
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw e;
        }
        S3Client s3 = S3Clients.fromEnvironment(env);
        return new HourRunner(config, Stores.deployedJob(config, s3), new Metrics());
    }

    JobConfig config() {
        return config;
    }

    /** Runs one hour; {@code key} is the object that triggered it, or null for a scheduled run. */
    Map<String, Object> run(HourId hour, String requestId, String key) {
        String runId = UUID.randomUUID().toString();
        boolean cold = coldStart.getAndSet(false);
        MDC.put(LogFields.REQUEST_ID, requestId);
        MDC.put(LogFields.RUN_ID, runId);
        MDC.put(LogFields.BUCKET, config.bucket());
        if (key != null) {
            MDC.put(LogFields.KEY, key);
        }
        MDC.put(LogFields.HOUR, hour.toString());
        try {
            RunResult r = job.run(hour, runId);
            LogFields.putResult(r);
            LOG.info("hour {} {}", hour, r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            metrics.hour(r, requestId, config.bucket(), key, cold);
            return LogFields.summary(r);
        } catch (UnusableInputException e) {
            MDC.put(LogFields.KEY, e.file());
            MDC.put("reason", e.reason());
            LOG.error("unusable input {}: {}; nothing published for hour {}", e.file(), e.reason(), hour);
            throw new HourFailedException("hour " + hour + ": unusable input " + e.file() + ": " + e.reason(), e);
        } catch (IOException | RuntimeException e) {
            // The core wraps every storage error in an IOException; anything else is a fault of ours.
            String what = e instanceof IOException ? "storage failure" : "unexpected failure";
            String object = key != null ? "s3://" + config.bucket() + "/" + key : config.inputLocation() + hour.path() + "/";
            MDC.put("reason", e.toString());
            LOG.error("{} on {} while processing hour {}: {}", what, object, hour, e.toString(), e);
            throw new HourFailedException("hour " + hour + ": " + what + " on " + object + ": " + e, e);
        } finally {
            MDC.clear();
        }
    }
}

package dev.twinrun.adapter;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.Stores;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The job as a delivery adapter runs it: the configuration, the S3 client and the core job over the configured bucket.
 * Closing it closes the client.
 *
 * @param config the job's settings ({@code TWINRUN_*})
 * @param s3     the client every store of the job uses
 * @param job    the core job: input and output in {@code config.bucket()}, default options
 */
public record DeployedJob(JobConfig config, S3Client s3, HourJob job) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeployedJob.class);

    public DeployedJob {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(job, "job");
    }

    /**
     * From an environment ({@code TWINRUN_*} for the job, {@code AWS_*} for the client); a bad setting is logged
     * ({@code cannot start: ...}) and thrown as the {@link ConfigException} naming it.
     */
    public static DeployedJob fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, UnaryOperator.identity());
    }

    /** As {@link #fromEnvironment(Map)}, with the S3 client passed through {@code wrap} first. */
    public static DeployedJob fromEnvironment(Map<String, String> env, UnaryOperator<S3Client> wrap) {
        JobConfig config;
        try {
            config = JobConfig.fromEnv(env);
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw e;
        }
        return of(config, wrap.apply(S3Clients.fromEnvironment(env)));
    }

    /** The job for {@code config} over {@code s3}. */
    public static DeployedJob of(JobConfig config, S3Client s3) {
        return new DeployedJob(config, s3, Stores.deployedJob(config, s3));
    }

    @Override
    public void close() {
        s3.close();
    }
}

package dev.twinrun.adapter;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.store.S3Access;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.Stores;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The job as a delivery adapter runs it: the configuration, the S3 transport and the core job over the configured
 * bucket. Closing it closes the transport.
 *
 * @param config the job's settings ({@code TWINRUN_*})
 * @param s3     the transport every store of the job uses
 * @param job    the core job: input and output in {@code config.bucket()}, default options
 */
public record DeployedJob(JobConfig config, S3Access s3, HourJob job) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeployedJob.class);

    public DeployedJob {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(job, "job");
    }

    /**
     * From an environment ({@code TWINRUN_*} for the job, {@code AWS_*} and {@code TWINRUN_S3_CLIENT} for the
     * transport, see {@link S3Access#fromEnvironment}); a bad setting is logged ({@code cannot start: ...}) and thrown
     * as the {@link ConfigException} naming it.
     */
    public static DeployedJob fromEnvironment(Map<String, String> env) {
        JobConfig config = logged(() -> JobConfig.fromEnv(env));
        S3Access s3 = logged(() -> S3Access.fromEnvironment(env));
        return new DeployedJob(config, s3, Stores.deployedJob(config, s3));
    }

    /** As {@link #fromEnvironment(Map)}, through the SDK's client, passed through {@code wrap} first (tests count its calls). */
    public static DeployedJob fromEnvironment(Map<String, String> env, UnaryOperator<S3Client> wrap) {
        return of(logged(() -> JobConfig.fromEnv(env)), wrap.apply(S3Clients.fromEnvironment(env)));
    }

    /** What {@code setting} reads; a bad setting is logged as {@code cannot start: ...} before it is thrown. */
    private static <T> T logged(Supplier<T> setting) {
        try {
            return setting.get();
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw e;
        }
    }

    /** The job for {@code config} over the SDK client {@code s3}. */
    public static DeployedJob of(JobConfig config, S3Client s3) {
        S3Access access = S3Access.sdk(s3);
        return new DeployedJob(config, access, Stores.deployedJob(config, access));
    }

    @Override
    public void close() {
        s3.close();
    }
}

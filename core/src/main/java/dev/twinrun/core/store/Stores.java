package dev.twinrun.core.store;

import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.transform.Transformations;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens a store from a location string: {@code s3://bucket/prefix} or a local folder. */
public final class Stores {
    private Stores() {}

    /** Opens {@code location}; S3 locations use {@link S3Clients#fromEnvironment()}. */
    public static ObjectStore open(String location) {
        if (isS3(location)) {
            return openS3(location, S3Clients.fromEnvironment());
        }
        return new LocalObjectStore(Path.of(location));
    }

    public static boolean isS3(String location) {
        return location.startsWith("s3://");
    }

    /** The deployed job over the SDK client {@code s3}. */
    public static HourJob deployedJob(JobConfig config, S3Client s3) {
        return deployedJob(config, S3Access.sdk(s3));
    }

    /** The deployed job: input and output in the configured bucket, default options. */
    public static HourJob deployedJob(JobConfig config, S3Access s3) {
        return new HourJob(
                s3.store(config.bucket(), config.inputPrefix()),
                s3.store(config.bucket(), config.outputPrefix()),
                Transformations.byName(config.transformation()),
                JobOptions.defaults());
    }

    /** Opens an {@code s3://bucket/prefix} location with the given client. */
    public static S3ObjectStore openS3(String location, S3Client s3) {
        return openS3(location, S3Access.sdk(s3));
    }

    /** Opens an {@code s3://bucket/prefix} location over the given transport. */
    public static S3ObjectStore openS3(String location, S3Access s3) {
        if (!isS3(location)) {
            throw new IllegalArgumentException("not an s3:// location: '" + location + "'");
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + location + "'; expected s3://bucket/prefix");
        }
        return s3.store(bucket, prefix);
    }
}

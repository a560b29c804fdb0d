package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.stats.InputData;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.spec.SpecTransformation;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.S3Access;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.core.transform.Transformation;
import dev.twinrun.core.transform.Transformations;
import dev.twinrun.pricing.DataSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The experiment's bucket on an S3 endpoint both variants reach: generated hours under {@code incoming/}, each variant's
 * outputs under its own prefix (so neither finds the other's results current).
 *
 * @param endpoint  the S3 endpoint the variants use ({@code AWS_ENDPOINT_URL_S3}); null for real AWS
 * @param client    a client for this process
 * @param bucket    the bucket name
 * @param accessKey credentials handed to the variants (local servers accept any)
 * @param region    the region handed to the variants
 * @param jobSpec   a job spec file both variants run ({@code TWINRUN_JOB_SPEC}), or null for the built-in job
 * @param userJar   a user's transformation both variants run ({@code TWINRUN_TRANSFORMATION}), or null
 */
public record Bucket(
        URI endpoint, S3Client client, String bucket, String accessKey, String region, Path jobSpec, UserJar userJar) {
    public static final String INPUT_PREFIX = "incoming/";

    public Bucket {
        requireNonNull(client, "client");
        requireNonNull(bucket, "bucket");
        requireNonNull(region, "region");
    }

    public Bucket(URI endpoint, S3Client client, String bucket, String accessKey, String region) {
        this(endpoint, client, bucket, accessKey, region, null, null);
    }

    /** The same bucket, the variants running the job spec {@code file} (null: the built-in job). */
    public Bucket withJobSpec(Path file) {
        return new Bucket(
                endpoint, client, bucket, accessKey, region, file == null ? null : file.toAbsolutePath(), userJar);
    }

    /** The same bucket, the variants running the job of the settings: a spec, a user's jar, or the built-in one. */
    public Bucket withJobOf(ExperimentSettings s) {
        return new Bucket(
                endpoint,
                client,
                bucket,
                accessKey,
                region,
                s.jobSpec() == null ? null : s.jobSpec().toAbsolutePath(),
                s.userJar());
    }

    /** Writes the hours (deterministic bytes for the same settings); returns each hour's input keys, bucket-relative. */
    public Map<HourId, List<String>> generate(ExperimentSettings s, ProgressBar bar) throws IOException {
        EventGenerator gen = new EventGenerator(s.seed(), s.badRowRatio());
        var store = Stores.openS3("s3://" + bucket + "/" + INPUT_PREFIX, client);
        Map<HourId, List<String>> keys = new LinkedHashMap<>();
        for (HourId h : s.hourIds()) {
            List<String> k = new ArrayList<>();
            for (String key : gen.writeHour(store, h, s.sizeBytes(), s.filesPerHour())) {
                k.add(INPUT_PREFIX + key);
            }
            keys.put(h, k);
            bar.step("generated hour " + h);
        }
        return keys;
    }

    /**
     * Copies the user's hours in (the same keys under {@link #INPUT_PREFIX}), then runs the job once on them in this
     * process (outputs under {@code check/}, never read by the variants), so an unusable file fails before anything
     * is measured, named as the user gave it; returns each hour's input keys, bucket-relative.
     */
    public Map<HourId, List<String>> copyIn(UserInput.Plan plan, ProgressBar bar)
            throws IOException, UnusableInputException {
        var store = Stores.openS3("s3://" + bucket + "/" + INPUT_PREFIX, client);
        Map<HourId, List<String>> keys = UserInput.copy(plan, store, INPUT_PREFIX, bar);
        UserInput.check(plan, store, Stores.openS3("s3://" + bucket + "/check/", client), transformation());
        return keys;
    }

    /** The transformation the variants run: the job spec's, or the built-in one. */
    Transformation<?> transformation() {
        return jobSpec != null ? SpecTransformation.fromFile(jobSpec) : Transformations.byName(Transformations.DEFAULT);
    }

    /** What the variants run on: the hours, their files, bytes and SHA-256 as this bucket holds them (rows unknown). */
    public InputData describe(ExperimentSettings s, Map<HourId, List<String>> hours) throws IOException {
        var store = Stores.openS3("s3://" + bucket + "/" + INPUT_PREFIX, client);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (ObjectInfo o : store.list("dt=")) {
            sizes.put(INPUT_PREFIX + o.key(), o.sizeBytes());
        }
        int files = 0;
        long bytes = 0;
        for (List<String> keys : hours.values()) {
            for (String k : keys) {
                files++;
                bytes += sizes.getOrDefault(k, 0L);
            }
        }
        UserInput.Plan in = s.input();
        String source = in == null
                ? "generated by twinrun: " + new DataSize(s.sizeBytes()) + " an hour, " + s.filesPerHour()
                        + " file(s) an hour, seed " + s.seed() + ", " + s.badRowRatio() * 100 + " % bad rows"
                : in.location();
        return new InputData(
                in == null,
                source,
                in == null ? null : in.layout(),
                hours.keySet().stream().map(HourId::toString).toList(),
                files,
                bytes,
                null,
                UserInput.sha256(store, hours, INPUT_PREFIX));
    }

    /** The job's environment for a variant writing under {@code outputPrefix}. */
    public Map<String, String> jobEnvironment(String outputPrefix, String variant) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TWINRUN_BUCKET", bucket);
        env.put("TWINRUN_INPUT_PREFIX", INPUT_PREFIX);
        env.put("TWINRUN_OUTPUT_PREFIX", outputPrefix);
        env.put("TWINRUN_VARIANT", variant);
        if (jobSpec != null) {
            env.put("TWINRUN_JOB_SPEC", jobSpec.toString());
        }
        if (userJar != null) {
            env.put("TWINRUN_TRANSFORMATION", userJar.className());
        }
        env.put("AWS_REGION", region);
        if (endpoint != null) {
            env.put("AWS_ENDPOINT_URL_S3", endpoint.toString());
            env.put("AWS_ACCESS_KEY_ID", accessKey);
            env.put("AWS_SECRET_ACCESS_KEY", accessKey);
        }
        if (!variant.equals(Platform.LAMBDA.json()) && !variant.equals(ArrivalExperiment.FANOUT_VARIANT)) {
            // Deployed, only Lambda hands the job its role's keys in the environment, which the http transport signs
            // with; EC2 and Fargate get theirs from the instance profile or task role, read by the SDK's client (see
            // S3Access): here too, whatever keys this local run hands over.
            env.put(S3Access.CLIENT, "sdk");
        }
        return env;
    }

    /** An object's bytes, if it exists. */
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(client.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The key of an hour's (unversioned) object under a variant's output prefix: the pointer {@code _SUCCESS}. */
    public static String insightsKey(String outputPrefix, HourId hour, String name) {
        return outputPrefix + HourJob.insightsKey(hour, name);
    }

    /**
     * The bytes of an hour's published file under a variant's output prefix, following the hour's pointer to its
     * current version (docs/OUTPUTS.md, "Reading an hour"); empty when the hour is unpublished.
     */
    public Optional<byte[]> published(String outputPrefix, HourId hour, String name) {
        try {
            return Publication.readPublished(new S3ObjectStore(client, bucket, outputPrefix), hour, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

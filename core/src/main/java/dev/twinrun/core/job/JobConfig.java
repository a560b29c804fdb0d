package dev.twinrun.core.job;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.store.Keys;
import dev.twinrun.core.transform.Transformations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the deployed job reads and writes, shared by both adapters and read from the environment.
 *
 * <p>Variables: {@code TWINRUN_BUCKET} (required); {@code TWINRUN_INPUT_PREFIX} (default {@code incoming/});
 * {@code TWINRUN_OUTPUT_PREFIX} (default empty: outputs under {@code insights/} and {@code quarantine/});
 * {@code TWINRUN_TRANSFORMATION} (default {@code ecommerce}); {@code TWINRUN_JOB_SPEC} (a job spec file, used instead
 * of a named transformation; see {@code docs/JOBS.md}); {@code TWINRUN_VARIANT} (default {@code local}).
 * The input prefix may not overlap the output folders ({@code insights/}, {@code quarantine/}, {@code _shards/},
 * {@code _partials/} under the output prefix): neither may start with the other.
 */
public record JobConfig(String bucket, String inputPrefix, String outputPrefix, String transformation, String variant) {
    public static final String BUCKET = "TWINRUN_BUCKET";
    public static final String INPUT_PREFIX = "TWINRUN_INPUT_PREFIX";
    public static final String OUTPUT_PREFIX = "TWINRUN_OUTPUT_PREFIX";
    public static final String TRANSFORMATION = "TWINRUN_TRANSFORMATION";
    public static final String VARIANT = "TWINRUN_VARIANT";
    public static final String JOB_SPEC = "TWINRUN_JOB_SPEC";

    /** The folders the job writes under the output prefix: insights, rejected rows, fan-out shard results, incremental partials. */
    public static final List<String> OUTPUT_FOLDERS = List.of("insights/", "quarantine/", "_shards/", "_partials/");

    public JobConfig {
        Objects.requireNonNull(bucket, "bucket");
        inputPrefix = Keys.folder(inputPrefix);
        outputPrefix = Keys.folder(outputPrefix);
        Objects.requireNonNull(transformation, "transformation");
        Objects.requireNonNull(variant, "variant");
        List<String> overlaps = overlaps(inputPrefix, outputPrefix);
        if (!overlaps.isEmpty()) {
            throw new ConfigException("invalid twinrun configuration: " + String.join("; ", overlaps));
        }
    }

    /**
     * Why {@code inputPrefix} and the output folders under {@code outputPrefix} overlap (one message per output
     * folder), or nothing when none does; both are folders as {@link Keys#folder} makes them.
     */
    static List<String> overlaps(String inputPrefix, String outputPrefix) {
        List<String> problems = new ArrayList<>();
        for (String folder : OUTPUT_FOLDERS) {
            String other = outputPrefix + folder;
            if (inputPrefix.startsWith(other) || other.startsWith(inputPrefix)) {
                problems.add(INPUT_PREFIX + " '" + inputPrefix + "' and the output prefix '" + other + "' ("
                        + OUTPUT_PREFIX + " '" + outputPrefix + "') overlap: the raw-input expiry would delete"
                        + " outputs and outputs would trigger the job; choose prefixes where neither starts with the"
                        + " other");
            }
        }
        return problems;
    }

    /** Reads and validates the variables; the exception lists every problem at once. */
    public static JobConfig fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String bucket = value(env, BUCKET, null);
        if (bucket == null) {
            problems.add(BUCKET + " is not set (the S3 bucket holding incoming/, insights/, quarantine/)");
        } else if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            problems.add(BUCKET + "='" + bucket + "' is not a valid S3 bucket name");
        }
        String in = value(env, INPUT_PREFIX, "incoming/");
        String out = value(env, OUTPUT_PREFIX, "");
        for (String[] p : new String[][] {{INPUT_PREFIX, in}, {OUTPUT_PREFIX, out}}) {
            String folder = Keys.folder(p[1]);
            if (!folder.isEmpty()) {
                try {
                    Keys.check(folder.substring(0, folder.length() - 1));
                } catch (IllegalArgumentException e) {
                    problems.add(p[0] + ": " + e.getMessage());
                }
            }
        }
        problems.addAll(overlaps(Keys.folder(in), Keys.folder(out)));
        String t = value(env, TRANSFORMATION, Transformations.DEFAULT);
        if (!Transformations.names().contains(t) && !t.contains(".")) {
            problems.add(TRANSFORMATION + "='" + t + "' is neither a built-in transformation " + Transformations.names()
                    + " nor a class name");
        }
        String spec = value(env, JOB_SPEC, null);
        if (spec != null) {
            if (env.get(TRANSFORMATION) != null && !env.get(TRANSFORMATION).isBlank()) {
                problems.add(JOB_SPEC + " and " + TRANSFORMATION + " are both set; set one");
            } else if (!spec.endsWith(".json")) {
                problems.add(JOB_SPEC + "='" + spec + "' is not a .json job spec file");
            } else {
                t = spec; // Transformations.byName reads a name ending in .json as a spec file
            }
        }
        String variant = value(env, VARIANT, "local");
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid twinrun configuration: " + String.join("; ", problems));
        }
        return new JobConfig(bucket, in, out, t, variant);
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** {@code s3://bucket/inputPrefix}. */
    public String inputLocation() {
        return "s3://" + bucket + "/" + inputPrefix;
    }

    /** {@code s3://bucket/outputPrefix}. */
    public String outputLocation() {
        return "s3://" + bucket + "/" + outputPrefix;
    }
}

package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.stats.StatsCalculator;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Time to insight on the AWS target, read from the bucket: per hour, from the {@code LastModified} of the hour's last
 * input object to the {@code LastModified} of a variant's {@code _SUCCESS} pointer, when the manifest the pointer holds
 * names that object. Two things make each figure an upper bound, to the second: S3 gives {@code LastModified} in whole
 * seconds, and a republication of the hour after the first one that included the file (a later run, the next hour's
 * hour-over-hour chain) moves the pointer on.
 */
final class AwsFreshness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsFreshness() {}

    /**
     * One hour: its last input object, when it landed, and when the pointer naming it was written.
     *
     * @param hour      the hour
     * @param lastKey   the input object written last (input-relative, as the manifest names it)
     * @param landed    its {@code LastModified}
     * @param published the pointer's {@code LastModified}
     */
    record Sample(HourId hour, String lastKey, Instant landed, Instant published) {
        long ms() {
            return Math.max(0, Duration.between(landed, published).toMillis());
        }
    }

    /**
     * The hours whose current publication under {@code outputPrefix} names their last input object under {@code
     * inputPrefix}; an hour without input or without such a publication has no sample.
     */
    static List<Sample> read(AwsApi.Objects objects, String inputPrefix, String outputPrefix, List<HourId> hours)
            throws IOException {
        List<Sample> out = new ArrayList<>();
        for (HourId h : hours) {
            Optional<AwsApi.Stamped> last = objects.listStamped(inputPrefix + h.path() + "/").stream()
                    .filter(o ->
                            !o.key().substring(o.key().lastIndexOf('/') + 1).startsWith("_")) // the marker
                    .max(Comparator.comparing(AwsApi.Stamped::lastModified).thenComparing(AwsApi.Stamped::key));
            if (last.isEmpty()) {
                continue;
            }
            String relative = last.get().key().substring(inputPrefix.length());
            Optional<AwsApi.Read> pointer = objects.read(outputPrefix + HourJob.insightsKey(h, HourJob.MANIFEST));
            if (pointer.isEmpty() || !names(pointer.get().bytes(), relative)) {
                continue;
            }
            out.add(new Sample(
                    h, relative, last.get().lastModified(), pointer.get().lastModified()));
        }
        return out;
    }

    private static boolean names(byte[] manifest, String key) throws IOException {
        JsonNode m;
        try {
            m = JSON.readTree(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException damaged) {
            return false;
        }
        for (JsonNode in : m.path("inputs")) {
            if (in.path("key").asText().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** One line for the run's output: p50 and p90 over the sampled hours, and what the figures rest on. */
    static String line(String variant, List<Sample> samples, int hours) {
        if (samples.isEmpty()) {
            return variant + ": time to insight not read: none of the " + hours
                    + " hour(s) has a publication naming its last input object";
        }
        double[] ms = samples.stream().mapToDouble(Sample::ms).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "%s: time to insight p50 %.0f s, p90 %.0f s over %d of %d hour(s), read from S3: the last input"
                        + " object's LastModified to the _SUCCESS pointer's, whose manifest names it (whole seconds; at"
                        + " most, as a later republication moves the pointer on)",
                variant,
                StatsCalculator.percentile(ms, 0.50) / 1000,
                StatsCalculator.percentile(ms, 0.90) / 1000,
                samples.size(),
                hours);
    }
}

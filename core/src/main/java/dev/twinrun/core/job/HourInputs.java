package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the input store holds and where each hour stands: the hour's CSV files, the hours with input, and
 * which of them are due (input but no current published result, as the {@link Manifest} says).
 */
final class HourInputs {
    private static final Logger LOG = LoggerFactory.getLogger(HourInputs.class);
    private final ObjectStore input;
    private final Manifest manifest;

    HourInputs(ObjectStore input, Manifest manifest) {
        this.input = Objects.requireNonNull(input, "input");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    /**
     * The one key rule of input, relative to the input location: {@code dt=YYYY-MM-DD/hour=HH/NAME.csv}, no further
     * folder, {@code NAME} not starting with {@code _} or {@code .}, the suffix {@code .csv} in lower case (as the S3
     * event filter of the deployed function, which is case-sensitive).
     */
    private static final Pattern INPUT_KEY =
            Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/([^/_.][^/]*\\.csv)");

    /** The hour an input key belongs to, when it fits the key rule; empty otherwise. */
    static Optional<HourId> inputHour(String key) {
        if (!INPUT_KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        return HourId.fromPath(key);
    }

    /** Why a key under an hour's folder is not input, or null when it is. */
    static String notInput(String key) {
        if (inputHour(key).isPresent()) {
            return null;
        }
        String rest = key.substring(Math.min(key.length(), key.indexOf("/hour=") + 9));
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (rest.contains("/")) {
            return "in a sub-folder of the hour (only dt=YYYY-MM-DD/hour=HH/NAME.csv is input)";
        }
        if (name.startsWith("_") || name.startsWith(".")) {
            return "the name starts with '" + name.charAt(0) + "' (a marker or staging file)";
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return "the suffix is not lower-case .csv (the upload trigger's filter is case-sensitive)";
        }
        return "not a .csv file";
    }

    /**
     * The CSV files of the hour that fit the key rule ({@link #inputHour}), sorted by key; every other key under the
     * hour's folder is logged as a warning with the reason.
     */
    List<ObjectInfo> files(HourId hour) throws IOException {
        List<ObjectInfo> files = new ArrayList<>();
        for (ObjectInfo o : input.list(hour.path() + "/")) {
            if (inputHour(o.key()).filter(hour::equals).isPresent()) {
                files.add(o);
            } else {
                LOG.warn("{}: not input of {}: {}", o.key(), hour, notInput(o.key()));
            }
        }
        return files;
    }

    /** Every hour that has at least one input file (by the key rule), oldest first. */
    TreeSet<HourId> hoursWithInput() throws IOException {
        TreeSet<HourId> hours = new TreeSet<>();
        for (ObjectInfo o : input.list("dt=")) {
            inputHour(o.key()).ifPresent(hours::add);
        }
        return hours;
    }

    /** Hours up to {@code upTo} (inclusive) with input and no current published result, oldest first. */
    List<HourId> due(HourId upTo) throws IOException {
        List<HourId> due = new ArrayList<>();
        for (HourId h : hoursWithInput()) {
            if (h.compareTo(upTo) <= 0 && status(h) == HourStatus.DUE) {
                due.add(h);
            }
        }
        return due;
    }

    HourStatus status(HourId hour) throws IOException {
        List<ObjectInfo> files = files(hour);
        if (files.isEmpty()) {
            return HourStatus.NO_INPUT;
        }
        return manifest.current(hour, files, manifest.previousSummary(hour)).isPresent()
                ? HourStatus.CURRENT
                : HourStatus.DUE;
    }
}

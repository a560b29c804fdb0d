package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.store.Keys;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.SkippedInput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final PublishPolicy policy;
    private final Clock clock;

    HourInputs(ObjectStore input, Manifest manifest) {
        this(input, manifest, PublishPolicy.defaults(), Clock.systemUTC());
    }

    HourInputs(ObjectStore input, Manifest manifest, PublishPolicy policy, Clock clock) {
        this.input = Objects.requireNonNull(input, "input");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One listing of an hour's folder: its input files (sorted by key) and whether the completion marker
     * ({@link PublishPolicy#completionMarker}) is there.
     */
    record Listing(List<ObjectInfo> files, boolean marker) {
        Listing {
            files = List.copyOf(files);
        }
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
        return listing(hour).files();
    }

    /** As {@link #files}, with whether the hour's completion marker is there (it is not input and not warned about). */
    Listing listing(HourId hour) throws IOException {
        List<ObjectInfo> files = new ArrayList<>();
        String marker = hour.path() + "/" + policy.completionMarker();
        boolean complete = false;
        for (ObjectInfo o : input.list(hour.path() + "/")) {
            if (inputHour(o.key()).filter(hour::equals).isPresent()) {
                files.add(o);
            } else if (o.key().equals(marker)) {
                complete = true;
            } else {
                LOG.warn("{}: not input of {}: {}", o.key(), hour, notInput(o.key()));
            }
        }
        return new Listing(files, complete);
    }

    /** The status the hour's publication gets now ({@link PublishPolicy#status}). */
    PublishPolicy.Status publishStatus(HourId hour, Listing listing) {
        return policy.status(hour, listing.files().size(), listing.marker(), clock.instant());
    }

    /**
     * The files of a listing that are read, and the others with their reason: the one place of the rule, used by the
     * in-process run, the shard plan and the shard merge alike, so every way of running an hour reads the same files.
     *
     * @param read the files to read, sorted by key
     * @param skipped the files not read, sorted by key
     */
    record Selection(List<ObjectInfo> read, List<SkippedInput> skipped) {
        Selection {
            read = List.copyOf(read);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Selects from {@code listed} (an hour's {@link #files}) the files to read: not a key the stores refuse
     * ({@link Keys#check}), not empty (0 bytes), and not the same bytes as another listed file. Of files with equal
     * bytes (same size and same ETag, or, where the ETag is no content digest ({@link ObjectStore#contentDigest}),
     * same SHA-256 of the content) the shortest key is read (the first by key among equals): {@code part-0000.csv},
     * not {@code part-0000 (1).csv}. Only files of equal size whose ETags say nothing are read to compare them.
     */
    Selection select(List<ObjectInfo> listed) throws IOException {
        List<SkippedInput> skipped = new ArrayList<>();
        Map<Long, List<ObjectInfo>> bySize = new LinkedHashMap<>();
        for (ObjectInfo f : listed) {
            try {
                Keys.check(f.key());
            } catch (IllegalArgumentException e) {
                skipped.add(new SkippedInput(f.key(), SkippedInput.UNSAFE_KEY, e.getMessage()));
                continue;
            }
            if (f.sizeBytes() == 0) {
                skipped.add(new SkippedInput(f.key(), SkippedInput.EMPTY_FILE, "the file is empty (0 bytes)"));
                continue;
            }
            bySize.computeIfAbsent(f.sizeBytes(), k -> new ArrayList<>()).add(f);
        }
        List<ObjectInfo> read = new ArrayList<>();
        Map<String, String> hashes = new HashMap<>();
        for (List<ObjectInfo> group : bySize.values()) {
            group.sort(
                    Comparator.comparingInt((ObjectInfo f) -> f.key().length()).thenComparing(ObjectInfo::key));
            List<ObjectInfo> kept = new ArrayList<>();
            for (ObjectInfo f : group) {
                String same = null;
                for (ObjectInfo k : kept) {
                    same = sameBytes(k, f, hashes);
                    if (same != null) {
                        skipped.add(new SkippedInput(
                                f.key(),
                                SkippedInput.DUPLICATE_INPUT,
                                "the same bytes as " + k.key() + " (" + f.sizeBytes() + " bytes, " + same
                                        + "): counted once, as " + k.key()));
                        break;
                    }
                }
                if (same == null) {
                    kept.add(f);
                }
            }
            read.addAll(kept);
        }
        read.sort(Comparator.comparing(ObjectInfo::key));
        skipped.sort(Comparator.comparing(SkippedInput::key));
        return new Selection(read, skipped);
    }

    /** How {@code a} and {@code b} (of equal size) are known to hold the same bytes, or null when they do not. */
    private String sameBytes(ObjectInfo a, ObjectInfo b, Map<String, String> hashes) throws IOException {
        if (!a.etag().isEmpty() && a.etag().equals(b.etag())) {
            return "same ETag";
        }
        Optional<String> da = digest(a, hashes);
        Optional<String> db = digest(b, hashes);
        if (da.isPresent() && db.isPresent()) {
            return da.get().equalsIgnoreCase(db.get()) ? "same content digest" : null;
        }
        return sha256(a, hashes).equals(sha256(b, hashes)) ? "same SHA-256" : null;
    }

    /** The store's digest of {@code f}'s content, asked once per file. */
    private Optional<String> digest(ObjectInfo f, Map<String, String> hashes) throws IOException {
        String k = "digest:" + f.key();
        if (!hashes.containsKey(k)) {
            hashes.put(k, input.contentDigest(f).orElse(null));
        }
        return Optional.ofNullable(hashes.get(k));
    }

    private String sha256(ObjectInfo f, Map<String, String> hashes) throws IOException {
        String h = hashes.get(f.key());
        if (h == null) {
            try (InputStream in = input.open(f.key(), 0, f.etag())) {
                h = Sha256.of(in);
            }
            hashes.put(f.key(), h);
        }
        return h;
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
        Listing listing = listing(hour);
        List<ObjectInfo> files = listing.files();
        if (files.isEmpty()) {
            return HourStatus.NO_INPUT;
        }
        PublishPolicy.Status st = publishStatus(hour, listing);
        return manifest.current(hour, files, manifest.previousSummary(hour), st).isPresent()
                ? HourStatus.CURRENT
                : HourStatus.DUE;
    }
}

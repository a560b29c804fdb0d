package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.Stores;
import dev.twinrun.core.transform.SkippedInput;
import dev.twinrun.core.transform.Transformation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The user's own hours for {@code compare --input}: found in a folder or under an S3 prefix, copied once into the
 * experiment's bucket (both variants then read exactly those bytes), checked by the job before anything is measured.
 *
 * <p>Two layouts: the job's own key rule, {@code dt=YYYY-MM-DD/hour=HH/NAME.csv} (a folder or {@code s3://} prefix;
 * {@link HourJob#inputHour}); or, for a local folder without any {@code dt=} folder, a flat folder of {@code .csv}
 * files, each in the hour (UTC) of its last-modified time ({@link #FLAT_RULE}).
 */
public final class UserInput {
    public static final String KEY_RULE = "dt=YYYY-MM-DD/hour=HH/*.csv (the job's key rule)";

    public static final String FLAT_RULE =
            "flat folder: each NAME.csv in the hour (UTC) of its last-modified time, as dt=YYYY-MM-DD/hour=HH/NAME.csv";

    private UserInput() {}

    /** One input file: its hour, where it is read from and its key once copied (relative to the input prefix). */
    public record SourceFile(HourId hour, String sourceKey, String key, long sizeBytes) {}

    /**
     * The selected hours and their files.
     *
     * @param location the {@code --input} folder or {@code s3://} location, as given
     * @param layout   {@link #KEY_RULE} or {@link #FLAT_RULE}
     * @param source   the store the files are read from
     * @param hours    each selected hour's files, sorted by key, oldest hour first
     */
    public record Plan(String location, String layout, ObjectStore source, Map<HourId, List<SourceFile>> hours) {
        public Plan {
            requireNonNull(location, "location");
            requireNonNull(source, "source");
            hours = Collections.unmodifiableMap(new LinkedHashMap<>(hours));
        }

        public List<HourId> hourIds() {
            return List.copyOf(hours.keySet());
        }

        public int files() {
            return hours.values().stream().mapToInt(List::size).sum();
        }

        public long bytes() {
            return hours.values().stream()
                    .flatMap(List::stream)
                    .mapToLong(SourceFile::sizeBytes)
                    .sum();
        }

        /** The CSV files per hour, the most any hour has. */
        public int filesPerHour() {
            return hours.values().stream().mapToInt(List::size).max().orElse(1);
        }

        /** Input bytes per hour, on average (what the report prices as the hour's data size). */
        public long bytesPerHour() {
            return Math.max(1, bytes() / Math.max(1, hours.size()));
        }
    }

    /**
     * Finds the hours at {@code location}: those named in {@code only} (each must have input), else the {@code last}
     * hours with input (null: every hour). Fails naming the location and the rule when nothing fits.
     */
    public static Plan scan(String location, List<HourId> only, Integer last) throws IOException {
        requireNonNull(location, "location");
        if (last != null && last < 1) {
            throw new IllegalArgumentException("--last must be positive, was " + last);
        }
        ObjectStore store;
        String layout = KEY_RULE;
        TreeMap<HourId, List<SourceFile>> all = new TreeMap<>();
        if (Stores.isS3(location)) {
            store = Stores.open(location);
            keyRule(store, all);
        } else {
            Path dir = Path.of(location);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--input " + location + ": not a folder (nor an s3:// location)");
            }
            store = new LocalObjectStore(dir);
            keyRule(store, all);
            if (all.isEmpty() && !hasDateFolder(dir)) {
                layout = FLAT_RULE;
                flat(dir, store, all);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("--input " + location + ": no input: nothing matches " + KEY_RULE
                    + (Stores.isS3(location) ? "" : ", nor is any NAME.csv directly in the folder"));
        }
        Map<HourId, List<SourceFile>> chosen = new LinkedHashMap<>();
        if (only != null && !only.isEmpty()) {
            for (HourId h : only.stream().sorted().distinct().toList()) {
                List<SourceFile> f = all.get(h);
                if (f == null) {
                    throw new IllegalArgumentException("--input " + location + ": no input for hour " + h
                            + " (hours with input: " + summarize(List.copyOf(all.keySet())) + ")");
                }
                chosen.put(h, f);
            }
        } else {
            List<HourId> hours = List.copyOf(all.keySet());
            int from = last == null ? 0 : Math.max(0, hours.size() - last);
            for (HourId h : hours.subList(from, hours.size())) {
                chosen.put(h, all.get(h));
            }
        }
        return new Plan(location, layout, store, chosen);
    }

    private static void keyRule(ObjectStore store, TreeMap<HourId, List<SourceFile>> into) throws IOException {
        for (ObjectInfo o : store.list("dt=")) {
            HourJob.inputHour(o.key())
                    .ifPresent(h -> into.computeIfAbsent(h, k -> new ArrayList<>())
                            .add(new SourceFile(h, o.key(), o.key(), o.sizeBytes())));
        }
    }

    private static boolean hasDateFolder(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(
                    p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("dt="));
        }
    }

    private static void flat(Path dir, ObjectStore store, TreeMap<HourId, List<SourceFile>> into) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.startsWith("_") || name.startsWith(".") || !name.endsWith(".csv")) {
                continue;
            }
            HourId h = HourId.of(Files.getLastModifiedTime(p).toInstant());
            into.computeIfAbsent(h, k -> new ArrayList<>())
                    .add(new SourceFile(h, name, h.path() + "/" + name, Files.size(p)));
        }
    }

    /**
     * Copies every file of the plan under {@code dest} (at {@link SourceFile#key()}); returns each hour's keys as the
     * destination names them ({@code keyPrefix} + key).
     */
    public static Map<HourId, List<String>> copy(Plan plan, ObjectStore dest, String keyPrefix, ProgressBar bar)
            throws IOException {
        Map<HourId, List<String>> keys = new LinkedHashMap<>();
        Path tmp = Files.createTempFile("twinrun-input", ".csv");
        try {
            for (var e : plan.hours().entrySet()) {
                List<String> k = new ArrayList<>();
                for (SourceFile f : e.getValue()) {
                    try (InputStream in = plan.source().open(f.sourceKey())) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    dest.put(f.key(), tmp);
                    k.add(keyPrefix + f.key());
                }
                keys.put(e.getKey(), k);
                bar.step("copied hour " + e.getKey());
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return keys;
    }

    /** SHA-256 over the hours' files as {@code store} holds them: per file in hour and key order, key, newline, bytes. */
    public static String sha256(ObjectStore store, Map<HourId, List<String>> keys, String keyPrefix)
            throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        for (List<String> hour : keys.values()) {
            for (String key : hour) {
                String rel = key.startsWith(keyPrefix) ? key.substring(keyPrefix.length()) : key;
                d.update((rel + "\n").getBytes(StandardCharsets.UTF_8));
                try (InputStream in = store.open(rel)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        d.update(buf, 0, n);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * Runs {@code job} on every hour of {@code input} into {@code scratch} before anything is measured. A file the job
     * skips (unusable, or a copy of another: both variants skip it the same way) is printed to stderr, named as the
     * user gave it; an hour the job can read no file of fails here, as there is nothing to measure.
     */
    public static void check(Plan plan, ObjectStore input, ObjectStore scratch, Transformation<?> job)
            throws IOException, UnusableInputException {
        HourJob j = new HourJob(input, scratch, job, JobOptions.defaults().withForce(true));
        for (HourId h : plan.hourIds()) {
            RunResult r;
            try {
                r = j.run(h);
            } catch (UnusableInputException e) {
                throw new UnusableInputException(sourceName(plan, h, e.file()), e.reason());
            }
            if (r.outcome() != RunResult.Outcome.PUBLISHED && r.outcome() != RunResult.Outcome.ALREADY_CURRENT) {
                throw new IllegalStateException("hour " + h + ": the job's check run ended " + r.outcome());
            }
            if (r.files() == 0 && !r.skippedInputs().isEmpty()) {
                SkippedInput first = r.skippedInputs().get(0);
                throw new UnusableInputException(
                        sourceName(plan, h, first.key()),
                        first.reason() + ": " + first.detail() + " (no file of hour " + h + " is usable)");
            }
            for (SkippedInput s : r.skippedInputs()) {
                System.err.printf(
                        "twinrun compare: %s is skipped by the job (%s: %s); both variants skip it%n",
                        sourceName(plan, h, s.key()), s.reason(), s.detail());
            }
        }
    }

    private static String sourceName(Plan plan, HourId hour, String copied) {
        for (SourceFile f : plan.hours().getOrDefault(hour, List.of())) {
            if (copied.endsWith("/" + f.key()) || copied.equals(f.key())) {
                String loc = plan.location();
                return loc + (loc.endsWith("/") ? "" : "/") + f.sourceKey();
            }
        }
        return copied;
    }

    /** Hours as a short list: the first, the last and how many. */
    static String summarize(List<HourId> hours) {
        if (hours.size() <= 3) {
            return String.join(", ", hours.stream().map(HourId::toString).toList());
        }
        return hours.get(0) + " .. " + hours.get(hours.size() - 1) + " (" + hours.size() + " hours)";
    }
}

package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Transformation;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental hours: each input file's parse result kept as a partial, so a run parses only the files it has no
 * partial for and merges all of them. A partial is the shard result of that one file ({@link ShardResultCodec}, the
 * fan-out's format) stored in the output store at {@code _partials/<hour>/<sha of key>-<ETag>-<tag>.twrs}: the
 * object's key and ETag name the bytes it was made from, the tag (a digest of the transformation's identity: its
 * name and, for a job spec, the digest of the spec's bytes [{@link Transformation#identity}]; the parse limits and
 * the format version) the way it was made, so a job changed under the same name parses its files again. A file replaced by a new version has a new ETag and so a new
 * partial; after a publication the hour's partials that no listed file names (replaced, deleted, other settings) are
 * removed, and a lifecycle rule on {@code _partials/} removes what is left of old hours.
 *
 * <p>A partial is checked before it is used (format, transformation, hour, key, size, ETag); one that fails, or that
 * another run removed meanwhile, is parsed again. Merging the partials gives the bytes of a single pass: the merge is
 * {@link HourScanner#mergeShards}, the one the fan-out uses. A file without an ETag gets no partial (it is parsed on
 * every run).
 *
 * <p>The folder also keeps {@code _partials/<hour>/_arrived}: the time the newest input of the hour arrived, as the
 * S3-event trigger saw it, which the debounce ({@link PublishPolicy#ready}) reads.
 */
final class Partials {
    static final String FOLDER = "_partials/";
    static final String SUFFIX = ".twrs";
    static final String ARRIVED = "_arrived";

    private static final Logger LOG = LoggerFactory.getLogger(Partials.class);

    private final ObjectStore output;
    private final String transformation;
    private final String tag;

    Partials(ObjectStore output, Transformation<?> transformation, JobOptions options) {
        this.output = Objects.requireNonNull(output, "output");
        this.transformation = transformation.name();
        this.tag = Sha256.of((transformation.identity() + "\n" + options.limits() + "\n"
                                + ShardResultCodec.FORMAT_VERSION + "\n" + QuarantineSpill.RAW_COPY_BYTES_PER_FILE)
                        .getBytes(StandardCharsets.UTF_8))
                .substring(0, 8);
    }

    /** The hour's folder of partials. */
    static String prefix(HourId hour) {
        return FOLDER + hour.path() + "/";
    }

    /** The key of the partial of {@code file}; empty when the file has no ETag to name its bytes. */
    Optional<String> key(HourId hour, ObjectInfo file) {
        String etag = file.etag().replaceAll("[^0-9A-Za-z-]", "");
        if (etag.isEmpty()) {
            return Optional.empty();
        }
        String keySha = Sha256.of(file.key().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        return Optional.of(prefix(hour) + keySha + "-" + etag + "-" + tag + SUFFIX);
    }

    /**
     * What {@link #load} found: each file's result in the order of the files, how many were parsed now (the others
     * were partials already), and the input bytes of the files parsed now (what the run read from the input store).
     */
    record Loaded(List<byte[]> results, int parsed, int reused, long bytesParsed) {}

    /**
     * Every file's result: partials read where they are there and check out, the other files parsed (one GET each)
     * and their partials stored.
     */
    <P> Loaded load(HourId hour, List<ObjectInfo> files, HourScanner<P> scanner)
            throws IOException, UnusableInputException {
        return load(hour, files, scanner, true);
    }

    /**
     * Parses the files that have no partial and stores their partials; the partials there already are not read
     * (their results are null in {@link Loaded#results}).
     */
    <P> Loaded complete(HourId hour, List<ObjectInfo> files, HourScanner<P> scanner)
            throws IOException, UnusableInputException {
        return load(hour, files, scanner, false);
    }

    private <P> Loaded load(HourId hour, List<ObjectInfo> files, HourScanner<P> scanner, boolean read)
            throws IOException, UnusableInputException {
        Set<String> present = new HashSet<>();
        for (ObjectInfo o : output.list(prefix(hour))) {
            present.add(o.key());
        }
        Map<String, byte[]> results = new LinkedHashMap<>();
        List<ObjectInfo> missing = new ArrayList<>();
        for (ObjectInfo f : files) {
            results.put(f.key(), null);
            Optional<String> k = key(hour, f);
            boolean there = k.isPresent() && present.contains(k.get());
            if (there && !read) {
                continue;
            }
            byte[] bytes = there ? readChecked(hour, f, k.get()) : null;
            if (bytes == null) {
                missing.add(f);
            } else {
                results.put(f.key(), bytes);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, byte[]> scanned = scanner.scanEach(hour, missing);
            for (ObjectInfo f : missing) {
                byte[] bytes = Objects.requireNonNull(scanned.get(f.key()), f.key());
                results.put(f.key(), bytes);
                Optional<String> k = key(hour, f);
                if (k.isPresent()) {
                    output.put(k.get(), bytes);
                }
            }
        }
        long bytesParsed = 0;
        for (ObjectInfo f : missing) {
            bytesParsed += f.sizeBytes();
        }
        return new Loaded(
                new ArrayList<>(results.values()), missing.size(), files.size() - missing.size(), bytesParsed);
    }

    /** The partial's bytes when it is the result of exactly {@code file} for this hour; null otherwise. */
    private byte[] readChecked(HourId hour, ObjectInfo file, String key) throws IOException {
        byte[] bytes;
        try {
            bytes = output.read(key);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null; // removed by another run since the listing: parse again
        }
        try {
            ShardResultCodec.read(bytes, transformation, hour, r -> {
                if (!r.key().equals(file.key())
                        || r.sizeBytes() != file.sizeBytes()
                        || !r.etag().equals(file.etag())) {
                    throw new IllegalStateException(
                            "made from " + r.key() + " (" + r.sizeBytes() + " bytes, ETag " + r.etag() + ")");
                }
            });
            return bytes;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: partial not used ({}); {} is parsed again", key, e.getMessage(), file.key());
            return null;
        }
    }

    /**
     * Removes the hour's partials that no file of {@code files} names (replaced or deleted files, other settings);
     * best effort: what stays is removed by a later run or the lifecycle rule.
     */
    void dropStale(HourId hour, List<ObjectInfo> files) {
        try {
            Set<String> keep = new HashSet<>();
            for (ObjectInfo f : files) {
                key(hour, f).ifPresent(keep::add);
            }
            for (ObjectInfo o : output.list(prefix(hour))) {
                String name = o.key().substring(prefix(hour).length());
                if (name.endsWith(SUFFIX) && !keep.contains(o.key())) {
                    output.delete(o.key());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "hour {}: old partials not removed ({}); they go with the next run or the lifecycle rule", hour, e);
        }
    }

    /** When the hour's newest input arrived, as {@link #recordArrival} kept it; empty when none was recorded. */
    Optional<Instant> newestArrival(HourId hour) throws IOException {
        try {
            return Optional.of(
                    Instant.parse(new String(output.read(prefix(hour) + ARRIVED), StandardCharsets.US_ASCII).strip()));
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        } catch (DateTimeParseException e) {
            LOG.warn("{}{}: not a time ({}); the hour counts as quiet", prefix(hour), ARRIVED, e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps {@code at} as the hour's newest arrival unless a later one is kept already. */
    void recordArrival(HourId hour, Instant at) throws IOException {
        Optional<Instant> kept = newestArrival(hour);
        if (kept.isEmpty() || kept.get().isBefore(at)) {
            output.put(prefix(hour) + ARRIVED, (at.toString() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}

package dev.twinrun.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.SkippedInput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publication protocol of an hour: immutable versions behind one pointer.
 *
 * <p>Every publication is a version: its outputs go to {@code insights/<hour>/v=<id>/} and {@code
 * quarantine/<hour>/v=<id>/}, and are never rewritten with other bytes. The version id is a digest of the manifest
 * head (transformation, the input listing with each file's size and ETag, and the previous hour's summary), so the
 * same input gives the same id and the same bytes. The pointer {@code insights/<hour>/_SUCCESS} is the manifest of
 * the current version: it names the version, the input listing it was made from and every output with its SHA-256.
 * The listing is every input file of the hour; {@code skippedInputs} names those of them that were not read, with
 * their reasons (they are a consequence of the listing and its bytes, so they are not part of the head).
 *
 * <p>{@link #publish} writes the version's outputs, then swaps the pointer with a conditional write (If-Match on the
 * ETag of the pointer it read, If-None-Match: * when there was none) only after listing the input again, after that
 * read, and finding the listing it was made from. So a pointer only ever moves to a version made from the listing
 * current at the moment of the swap: a run that listed fewer files (or older versions of them) loses the swap, however
 * slow it was. Readers follow the pointer and never see a hour disappear or a mix of two versions.
 */
final class Manifest {
    static final String SCHEMA = "twinrun.manifest";
    static final int VERSION = 2;
    /** Hex digits of the version id (64 bits of the SHA-256 of the manifest head). */
    static final int VERSION_ID_CHARS = 16;
    /** Swaps of the pointer tried while other runs keep winning with the same input listing. */
    static final int SWAP_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Manifest.class);

    private final ObjectStore output;
    private final String transformation;
    private final Optional<String> definition;

    /** The manifests in {@code output} of outputs made by the transformation named {@code transformation}. */
    Manifest(ObjectStore output, String transformation) {
        this(output, transformation, Optional.empty());
    }

    /**
     * As {@link #Manifest(ObjectStore, String)}, for a transformation with a {@link dev.twinrun.core.transform.Transformation#definition()}
     * (a job spec's digest): written into the head as {@code transformationDefinition}, so an hour made by another
     * version of the spec is not current.
     */
    Manifest(ObjectStore output, String transformation, Optional<String> definition) {
        this.output = Objects.requireNonNull(output, "output");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    /** The pointer: {@code insights/<hour>/_SUCCESS}. */
    static String key(HourId hour) {
        return HourJob.insightsKey(hour, HourJob.MANIFEST);
    }

    /**
     * The input (or the previous hour's summary) changed since this run listed it. Before the swap it means nothing
     * was published; the run lists again and redoes the hour.
     */
    static final class InputChanged extends IOException {
        private static final long serialVersionUID = 1L;

        InputChanged(HourId hour, String what) {
            super("hour " + hour + ": " + what + " changed while the run processed it");
        }
    }

    /**
     * What {@link #publish} did: the version, each key written with its SHA-256 (the pointer last), and whether the
     * input listing changed after the swap (the publication is then correct for the listing it names, and a newer one
     * is due).
     */
    record Published(String version, Map<String, String> written, boolean inputChangedSince) {}

    /** Lists the hour's input again; {@link #publish} compares it with the listing the version was made from. */
    interface Relist {
        List<ObjectInfo> files() throws IOException;
    }

    /** Removes the hour's pointer, so readers see the hour as unpublished; none is fine. */
    void withdraw(HourId hour) throws IOException {
        output.delete(key(hour));
    }

    /** The version id of a publication made from {@code files} and {@code previous}. */
    String versionId(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous) {
        return versionId(hour, files, previous, PublishPolicy.Status.FINAL);
    }

    /** The version id of a publication made from {@code files} and {@code previous} with {@code status}. */
    String versionId(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous, PublishPolicy.Status status) {
        return Sha256.of(Json.bytes(head(hour, files, previous, status))).substring(0, VERSION_ID_CHARS);
    }

    /**
     * Writes the version's outputs and quarantine file, then swaps the pointer to it (see the class comment).
     *
     * @throws InputChanged when the input listing or the previous hour's summary changed before the swap: nothing
     *     was published
     */
    Published publish(
            HourId hour,
            List<ObjectInfo> files,
            Optional<byte[]> previous,
            List<OutputFile> outputs,
            Path quarantine,
            long rawCopiesOmitted,
            Accounting accounting,
            Relist relist)
            throws IOException {
        return publish(
                hour,
                files,
                previous,
                PublishPolicy.Status.FINAL,
                outputs,
                quarantine,
                rawCopiesOmitted,
                accounting,
                relist);
    }

    /** As {@link #publish(HourId, List, Optional, List, Path, long, Accounting, Relist)}, with the hour's status. */
    Published publish(
            HourId hour,
            List<ObjectInfo> files,
            Optional<byte[]> previous,
            PublishPolicy.Status status,
            List<OutputFile> outputs,
            Path quarantine,
            long rawCopiesOmitted,
            Accounting accounting,
            Relist relist)
            throws IOException {
        String version = versionId(hour, files, previous, status);
        ObjectNode manifest = head(hour, files, previous, status);
        manifest.put("version", version);
        ObjectNode acc = manifest.putObject("accounting");
        acc.put("files", accounting.files());
        acc.put("bytesRead", accounting.bytesRead());
        acc.put("rowsRead", accounting.rowsRead());
        acc.put("rowsAggregated", accounting.rowsAggregated());
        acc.put("rowsQuarantined", accounting.rowsQuarantined());
        acc.put("filesSkipped", accounting.skippedInputs().size());
        ArrayNode skipped = manifest.putArray("skippedInputs");
        for (SkippedInput s : accounting.skippedInputs()) {
            ObjectNode o = skipped.addObject();
            o.put("key", s.key());
            o.put("reason", s.reason());
            o.put("detail", s.detail());
        }
        ArrayNode outs = manifest.putArray("outputs");
        Map<String, String> shas = new LinkedHashMap<>();
        for (OutputFile f : outputs) {
            String key = HourJob.insightsKey(hour, version, f.name());
            String sha = Sha256.of(f.content());
            describe(outs.addObject(), key, f.content().length, sha);
            shas.put(key, sha);
        }
        String qKey = HourJob.quarantineKey(hour, version);
        String qSha = Sha256.of(quarantine);
        ObjectNode q = outs.addObject();
        describe(q, qKey, Files.size(quarantine), qSha);
        q.put("rawCopiesOmitted", rawCopiesOmitted);
        shas.put(qKey, qSha);
        writeOutputs(hour, version, outputs, quarantine);

        byte[] manifestBytes = Json.bytes(manifest);
        String previousVersion = swap(hour, version, files, previous, manifestBytes, relist);
        shas.put(key(hour), Sha256.of(manifestBytes));

        // A concurrent run's clean-up may have removed this version's files before the swap: the bytes are
        // deterministic, so put them back.
        for (int i = 0; !intact(hour, shas); i++) {
            if (i == 3) {
                throw new IOException("hour " + hour + ": the outputs of version " + version
                        + " keep disappearing under the published pointer");
            }
            writeOutputs(hour, version, outputs, quarantine);
        }
        removeOldVersions(hour, version, previousVersion);
        boolean changed = !sameListing(relist.files(), files);
        return new Published(version, shas, changed);
    }

    private void writeOutputs(HourId hour, String version, List<OutputFile> outputs, Path quarantine)
            throws IOException {
        for (OutputFile f : outputs) {
            output.put(HourJob.insightsKey(hour, version, f.name()), f.content());
        }
        output.put(HourJob.quarantineKey(hour, version), quarantine);
    }

    /**
     * Moves the pointer to {@code version} with a conditional write; returns the version it replaced (null when none
     * or the same). Throws {@link InputChanged} when the listing or the previous summary is no longer the one the
     * version was made from.
     */
    private String swap(
            HourId hour,
            String version,
            List<ObjectInfo> files,
            Optional<byte[]> previous,
            byte[] manifestBytes,
            Relist relist)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            // Read the pointer's ETag first: the listing below is then at least as new as the pointer's.
            Optional<ObjectInfo> pointer = output.head(key(hour));
            String replaced = pointer.isEmpty() ? null : versionOf(readOrNull(key(hour)));
            if (version.equals(replaced)) {
                return null; // another run published this very version
            }
            if (!sameListing(relist.files(), files)) {
                throw new InputChanged(hour, "the input listing");
            }
            if (!Arrays.equals(previous.orElse(null), previousSummary(hour).orElse(null))) {
                throw new InputChanged(hour, "the previous hour's summary");
            }
            if (output.putIf(
                    key(hour), manifestBytes, pointer.map(ObjectInfo::etag).orElse(null))) {
                return replaced;
            }
            // Refused: another run swapped in between, or a retried request of ours had already landed.
            if (Arrays.equals(manifestBytes, readOrNull(key(hour)))) {
                return replaced;
            }
            if (attempt == SWAP_ATTEMPTS) {
                throw new IOException("hour " + hour + ": the pointer changed under " + attempt
                        + " conditional writes; version " + version + " is written but not published");
            }
        }
    }

    private static boolean sameListing(List<ObjectInfo> a, List<ObjectInfo> b) {
        return a.equals(b);
    }

    private byte[] readOrNull(String key) throws IOException {
        try {
            return output.read(key);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null;
        }
    }

    private static String versionOf(byte[] manifest) {
        if (manifest == null) {
            return null;
        }
        try {
            JsonNode v = Json.parse(manifest).path("version");
            return v.isTextual() ? v.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean intact(HourId hour, Map<String, String> written) throws IOException {
        for (var e : written.entrySet()) {
            if (!e.getKey().equals(key(hour)) && !e.getValue().equals(shaOrNull(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes the hour's versions other than the current one and the one it replaced: a reader that followed the
     * previous pointer a moment ago can still read it; older ones (and versions whose swap lost) go.
     */
    private void removeOldVersions(HourId hour, String current, String keep) {
        try {
            for (String folder : List.of(HourJob.INSIGHTS, HourJob.QUARANTINE)) {
                String base = folder + hour.path() + "/" + HourJob.VERSION_FOLDER;
                for (ObjectInfo o : output.list(base)) {
                    String v = o.key().substring(base.length(), o.key().indexOf('/', base.length()));
                    if (!v.equals(current) && !v.equals(keep)) {
                        output.delete(o.key());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "hour {}: old versions not removed ({}); they stay until the next publication", hour, e.toString());
        }
    }

    private static void describe(ObjectNode o, String key, long size, String sha) {
        o.put("key", key);
        o.put("sizeBytes", size);
        o.put("sha256", sha);
    }

    /**
     * The part of the manifest that says what input it was made from, and the hour's status ({@code provisional} or
     * {@code final}, see {@link PublishPolicy}).
     */
    private ObjectNode head(
            HourId hour, List<ObjectInfo> files, Optional<byte[]> previous, PublishPolicy.Status status) {
        ObjectNode m = Json.object();
        m.put("schema", SCHEMA);
        m.put("schemaVersion", VERSION);
        m.put("hour", hour.toString());
        m.put("transformation", transformation);
        definition.ifPresent(d -> m.put("transformationDefinition", d));
        ArrayNode in = m.putArray("inputs");
        for (ObjectInfo f : files) {
            ObjectNode o = in.addObject();
            o.put("key", f.key());
            o.put("sizeBytes", f.sizeBytes());
            o.put("etag", f.etag());
        }
        m.put("previousSummarySha256", previous.map(Sha256::of).orElse(null));
        m.put("status", status.word());
        return m;
    }

    /**
     * The hour's manifest when it matches the current input ({@code files}) and the previous hour's summary,
     * read once; empty when there is none, it is damaged, or it was made from other input.
     */
    Optional<JsonNode> current(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous) throws IOException {
        return current(hour, files, previous, PublishPolicy.Status.FINAL);
    }

    /**
     * As {@link #current(HourId, List, Optional)}, and made with {@code status}: a provisional publication is not
     * current once the hour is final. A manifest written before the status was recorded counts as final.
     */
    Optional<JsonNode> current(
            HourId hour, List<ObjectInfo> files, Optional<byte[]> previous, PublishPolicy.Status status)
            throws IOException {
        byte[] bytes = readOrNull(key(hour));
        if (bytes == null) {
            return Optional.empty();
        }
        JsonNode m;
        try {
            m = Json.parse(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty(); // a damaged manifest means: process again
        }
        ObjectNode expected = head(hour, files, previous, status);
        if (!m.path("status").asText(PublishPolicy.Status.FINAL.word()).equals(status.word())) {
            return Optional.empty();
        }
        for (String field : List.of(
                "schema",
                "schemaVersion",
                "hour",
                "transformation",
                "transformationDefinition",
                "inputs",
                "previousSummarySha256")) {
            // Compare as JSON text: a parsed 42 is an IntNode, a written 42L a LongNode.
            if (!Json.compact(expected.path(field)).equals(Json.compact(m.path(field)))) {
                return Optional.empty();
            }
        }
        return Optional.of(m);
    }

    private String shaOrNull(String key) throws IOException {
        try (InputStream in = output.open(key)) {
            return Sha256.of(in);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null;
        }
    }

    /** The skipped inputs a manifest names; none for a manifest written before they were recorded. */
    static List<SkippedInput> skippedInputs(JsonNode manifest) {
        List<SkippedInput> out = new ArrayList<>();
        for (JsonNode s : manifest.path("skippedInputs")) {
            out.add(new SkippedInput(
                    s.path("key").asText(),
                    s.path("reason").asText(),
                    s.path("detail").asText()));
        }
        return out;
    }

    /** The previous hour's published summary.json (following its pointer), when that hour was published. */
    Optional<byte[]> previousSummary(HourId hour) throws IOException {
        return Publication.readPublished(output, hour.previous(), "summary.json");
    }

    /** Every version folder of the hour present in the store, for tests and tools. */
    TreeSet<String> versions(HourId hour) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        String base = HourJob.INSIGHTS + hour.path() + "/" + HourJob.VERSION_FOLDER;
        for (ObjectInfo o : output.list(base)) {
            out.add(o.key().substring(base.length(), o.key().indexOf('/', base.length())));
        }
        return out;
    }
}

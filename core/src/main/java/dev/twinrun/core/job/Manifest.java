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
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifest protocol of an hour's published outputs: {@code insights/<hour>/_SUCCESS} names the input it
 * was made from and lists every output with its SHA-256. {@link #publish} withdraws the old manifest, writes the
 * outputs, and writes the manifest last; {@link #current} says whether the manifest there matches the input;
 * {@link #verifyIntact} withdraws this run's manifest when a concurrent run overwrote an output under it.
 */
final class Manifest {
    static final String SCHEMA = "twinrun.manifest";
    static final int VERSION = 1;

    private final ObjectStore output;
    private final String transformation;

    /** The manifests in {@code output} of outputs made by the transformation named {@code transformation}. */
    Manifest(ObjectStore output, String transformation) {
        this.output = Objects.requireNonNull(output, "output");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
    }

    static String key(HourId hour) {
        return HourJob.insightsKey(hour, HourJob.MANIFEST);
    }

    /** This run's manifest is there but vouches for outputs another run has since overwritten; it was withdrawn. */
    static final class Overwritten extends IOException {
        private static final long serialVersionUID = 1L;

        Overwritten(HourId hour) {
            super("outputs of " + hour + " changed under this run's manifest");
        }
    }

    /** Removes the hour's manifest, so readers that honour it see the hour as unpublished; none is fine. */
    void withdraw(HourId hour) throws IOException {
        output.delete(key(hour));
    }

    /**
     * Writes outputs, quarantine file and manifest (last), after withdrawing the old manifest; returns each key
     * written with its SHA-256, the manifest last.
     */
    Map<String, String> publish(
            HourId hour,
            List<ObjectInfo> files,
            Optional<byte[]> previous,
            List<OutputFile> outputs,
            Path quarantine,
            Accounting accounting)
            throws IOException {
        withdraw(hour);
        ObjectNode manifest = head(hour, files, previous);
        ObjectNode acc = manifest.putObject("accounting");
        acc.put("files", accounting.files());
        acc.put("bytesRead", accounting.bytesRead());
        acc.put("rowsRead", accounting.rowsRead());
        acc.put("rowsAggregated", accounting.rowsAggregated());
        acc.put("rowsQuarantined", accounting.rowsQuarantined());
        ArrayNode outs = manifest.putArray("outputs");
        Map<String, String> shas = new LinkedHashMap<>();
        for (OutputFile f : outputs) {
            String key = HourJob.insightsKey(hour, f.name());
            output.put(key, f.content());
            String sha = Sha256.of(f.content());
            describe(outs.addObject(), key, f.content().length, sha);
            shas.put(key, sha);
        }
        String qKey = HourJob.quarantineKey(hour);
        output.put(qKey, quarantine);
        String qSha = Sha256.of(quarantine);
        describe(outs.addObject(), qKey, Files.size(quarantine), qSha);
        shas.put(qKey, qSha);
        byte[] manifestBytes = Json.bytes(manifest);
        output.put(key(hour), manifestBytes);
        shas.put(key(hour), Sha256.of(manifestBytes));
        return shas;
    }

    private static void describe(ObjectNode o, String key, long size, String sha) {
        o.put("key", key);
        o.put("sizeBytes", size);
        o.put("sha256", sha);
    }

    /** The part of the manifest that says what input it was made from. */
    private ObjectNode head(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous) {
        ObjectNode m = Json.object();
        m.put("schema", SCHEMA);
        m.put("schemaVersion", VERSION);
        m.put("hour", hour.toString());
        m.put("transformation", transformation);
        ArrayNode in = m.putArray("inputs");
        for (ObjectInfo f : files) {
            ObjectNode o = in.addObject();
            o.put("key", f.key());
            o.put("sizeBytes", f.sizeBytes());
            o.put("etag", f.etag());
        }
        m.put("previousSummarySha256", previous.map(Sha256::of).orElse(null));
        return m;
    }

    /**
     * The hour's manifest when it matches the current input ({@code files}) and the previous hour's summary,
     * read once; empty when there is none, it is damaged, or it was made from other input.
     */
    Optional<JsonNode> current(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous) throws IOException {
        if (output.head(key(hour)).isEmpty()) {
            return Optional.empty();
        }
        JsonNode m;
        try {
            m = Json.parse(output.read(key(hour)));
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty(); // removed since the head
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty(); // a damaged manifest means: process again
        }
        ObjectNode expected = head(hour, files, previous);
        for (String field :
                List.of("schema", "schemaVersion", "hour", "transformation", "inputs", "previousSummarySha256")) {
            // Compare as JSON text: a parsed 42 is an IntNode, a written 42L a LongNode.
            if (!expected.path(field).toString().equals(m.path(field).toString())) {
                return Optional.empty();
            }
        }
        return Optional.of(m);
    }

    /**
     * After publishing: when this run's manifest is the one there, every output must still have the bytes
     * this run wrote ({@code written}: key to SHA-256, manifest last); if not, the manifest is withdrawn and
     * {@link Overwritten} thrown. A different or missing manifest means a later run is publishing and checks
     * its own.
     */
    void verifyIntact(HourId hour, Map<String, String> written) throws IOException {
        if (!written.get(key(hour)).equals(shaOrNull(key(hour)))) {
            return;
        }
        for (var e : written.entrySet()) {
            if (!e.getValue().equals(shaOrNull(e.getKey()))) {
                withdraw(hour);
                throw new Overwritten(hour);
            }
        }
    }

    private String shaOrNull(String key) throws IOException {
        try (InputStream in = output.open(key)) {
            return Sha256.of(in);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null;
        }
    }

    /** The previous hour's summary.json, when that hour was published. */
    Optional<byte[]> previousSummary(HourId hour) throws IOException {
        HourId prev = hour.previous();
        if (output.head(key(prev)).isEmpty()) {
            return Optional.empty();
        }
        Optional<ObjectInfo> s = output.head(HourJob.insightsKey(prev, "summary.json"));
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(output.read(HourJob.insightsKey(prev, "summary.json")));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }
}

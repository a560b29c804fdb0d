package dev.twinrun.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.store.ObjectStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a reader finds an hour's published outputs: read the pointer {@code insights/<hour>/_SUCCESS}, then read the
 * files it lists (all under one immutable version folder {@code v=<id>/}) and check each against its SHA-256. A
 * pointer replaced between the two reads leaves the version it named in place until the next-but-one publication,
 * so a reader either gets every file of one version or (rarely, after two republications in between) a missing
 * file, and then reads the pointer again; {@link #readPublished} does that.
 *
 * @param hour the hour
 * @param version the version id the pointer names
 * @param manifest the pointer's content (the manifest)
 * @param files each output's file name ({@code summary.json}, {@code rejected_rows.csv}, ...) to its key and SHA-256
 */
public record Publication(HourId hour, String version, JsonNode manifest, Map<String, Output> files) {
    /** One published file: its key in the output store, size and SHA-256. */
    public record Output(String key, long sizeBytes, String sha256) {}

    /** Re-reads of the pointer when a file it named vanished or changed under a reader. */
    static final int READ_ATTEMPTS = 3;

    public Publication {
        files = Map.copyOf(files);
    }

    /** The hour's current publication, or empty when the hour is unpublished (or its pointer is damaged). */
    public static Optional<Publication> current(ObjectStore output, HourId hour) throws IOException {
        byte[] bytes;
        try {
            bytes = output.read(Manifest.key(hour));
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode m;
        try {
            m = Json.parse(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
        if (!m.path("version").isTextual()) {
            return Optional.empty();
        }
        Map<String, Output> files = new LinkedHashMap<>();
        for (JsonNode o : m.path("outputs")) {
            String key = o.path("key").asText();
            files.put(
                    key.substring(key.lastIndexOf('/') + 1),
                    new Output(
                            key, o.path("sizeBytes").asLong(), o.path("sha256").asText()));
        }
        return Optional.of(new Publication(hour, m.path("version").asText(), m, files));
    }

    /** The key of the published file {@code name}, or empty when this publication has none. */
    public Optional<String> key(String name) {
        return Optional.ofNullable(files.get(name)).map(Output::key);
    }

    /**
     * Reads the published file {@code name} of this version and checks its SHA-256.
     *
     * @throws FileNotFoundException when the publication has no such file, or it is gone (replaced twice since)
     */
    public byte[] read(ObjectStore output, String name) throws IOException {
        Output o = files.get(name);
        if (o == null) {
            throw new FileNotFoundException(hour + " version " + version + " has no " + name);
        }
        byte[] b;
        try {
            b = output.read(o.key());
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(o.key() + ": gone (the hour was republished since)");
        }
        if (!Sha256.of(b).equals(o.sha256())) {
            throw new FileNotFoundException(o.key() + ": not the bytes the manifest names (being repaired)");
        }
        return b;
    }

    /**
     * The current bytes of the hour's published file {@code name}, following the pointer (and re-reading it when the
     * file went away under the read); empty when the hour is unpublished or has no such file.
     */
    public static Optional<byte[]> readPublished(ObjectStore output, HourId hour, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Optional<Publication> p = current(output, hour);
            if (p.isEmpty() || p.get().key(name).isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(p.get().read(output, name));
            } catch (FileNotFoundException e) {
                if (attempt == READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}

package dev.twinrun.core;

import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Generated hours and helpers to compare published outputs. */
public final class TestData {
    public static final HourId HOUR = HourId.parse("2026-11-26T13");

    private TestData() {}

    /** One generated file's bytes. */
    public static byte[] file(long seed, double badRows, HourId hour, int index, long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EventGenerator(seed, badRows).write(hour, index, bytes, out);
        return out.toByteArray();
    }

    /** Splits a CSV (header first) into {@code parts} CSVs, each with the header, at record boundaries. */
    public static List<byte[]> splitRecords(byte[] csv, int parts) {
        List<Integer> ends = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '"') {
                quoted = !quoted;
            } else if (csv[i] == '\n' && !quoted) {
                ends.add(i + 1);
            }
        }
        if (ends.isEmpty() || ends.get(ends.size() - 1) != csv.length) {
            ends.add(csv.length);
        }
        int headerEnd = ends.get(0);
        byte[] header = Arrays.copyOf(csv, headerEnd);
        int records = ends.size() - 1;
        List<byte[]> out = new ArrayList<>();
        int prev = headerEnd;
        for (int p = 1; p <= parts; p++) {
            int endIdx = Math.max(0, Math.min(records, (int) ((long) records * p / parts)));
            int end = endIdx == 0 ? headerEnd : ends.get(endIdx);
            byte[] part = new byte[header.length + (end - prev)];
            System.arraycopy(header, 0, part, 0, header.length);
            System.arraycopy(csv, prev, part, header.length, end - prev);
            out.add(part);
            prev = Math.max(prev, end);
        }
        return out;
    }

    /** Every object under {@code prefix} with its bytes, by key. */
    public static Map<String, byte[]> snapshot(ObjectStore store, String prefix) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (ObjectInfo o : store.list(prefix)) {
            m.put(o.key(), store.read(o.key()));
        }
        return m;
    }

    /** The hour's published file {@code name}, following the pointer; fails when the hour is unpublished. */
    public static byte[] published(ObjectStore out, HourId hour, String name) throws IOException {
        return Publication.readPublished(out, hour, name)
                .orElseThrow(() -> new AssertionError(hour + " has no published " + name));
    }

    /**
     * A snapshot's published files of the hour by file name (following the pointer in the snapshot), the pointer
     * itself under {@code _SUCCESS}: what a reader sees, comparable across stores whose version ids differ.
     */
    public static Map<String, String> publishedText(Map<String, byte[]> snapshot, HourId hour) throws IOException {
        Map<String, String> m = new TreeMap<>();
        String pointer = HourJob.insightsKey(hour, HourJob.MANIFEST);
        byte[] manifest = snapshot.get(pointer);
        if (manifest == null) {
            return m;
        }
        for (var o : Json.parse(manifest).path("outputs")) {
            String key = o.path("key").asText();
            byte[] b = snapshot.get(key);
            m.put(
                    key.substring(key.lastIndexOf('/') + 1),
                    b == null ? null : new String(b, StandardCharsets.ISO_8859_1));
        }
        return m;
    }

    /** Keys to the text of each object, for readable assertion failures. */
    public static Map<String, String> text(Map<String, byte[]> snapshot) {
        Map<String, String> m = new TreeMap<>();
        snapshot.forEach((k, v) -> m.put(k, new String(v, StandardCharsets.ISO_8859_1)));
        return m;
    }
}

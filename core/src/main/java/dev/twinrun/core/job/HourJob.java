package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.Transformation;
import dev.twinrun.core.transform.Transformations;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The hourly job: reads {@code dt=YYYY-MM-DD/hour=HH/*.csv} from the input store, aggregates, and publishes
 * {@code insights/dt=../hour=../} and {@code quarantine/dt=../hour=../} to the output store.
 *
 * <p>Publication is atomic for readers that honour the manifest: the previous manifest is removed first,
 * the files are written, and {@code _SUCCESS} (listing every file with its SHA-256) is written last. It is
 * idempotent: outputs depend only on the input bytes and the previous hour's published summary, so a rerun
 * writes the same bytes, and a run whose manifest already matches the input writes nothing.
 */
public final class HourJob {
    public static final String INSIGHTS = "insights/";
    public static final String QUARANTINE = "quarantine/";
    public static final String MANIFEST = "_SUCCESS";
    public static final String QUARANTINE_FILE = "rejected_rows.csv";
    static final String MANIFEST_SCHEMA = "twinrun.manifest";
    static final int MANIFEST_VERSION = 1;

    private final ObjectStore input;
    private final ObjectStore output;
    private final Transformation<?> transformation;
    private final JobOptions options;

    public HourJob(ObjectStore input, ObjectStore output, Transformation<?> transformation, JobOptions options) {
        this.input = Objects.requireNonNull(input, "input");
        this.output = Objects.requireNonNull(output, "output");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        this.options = Objects.requireNonNull(options, "options");
    }

    public ObjectStore input() {
        return input;
    }

    public ObjectStore output() {
        return output;
    }

    public static String insightsKey(HourId hour, String name) {
        return INSIGHTS + hour.path() + "/" + name;
    }

    public static String quarantineKey(HourId hour) {
        return QUARANTINE + hour.path() + "/" + QUARANTINE_FILE;
    }

    /** The CSV files of the hour, sorted by key; names starting with {@code _} or {@code .} are not input. */
    public List<ObjectInfo> inputFiles(HourId hour) throws IOException {
        List<ObjectInfo> files = new ArrayList<>();
        for (ObjectInfo o : input.list(hour.path() + "/")) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (!name.startsWith("_") && !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                files.add(o);
            }
        }
        return files;
    }

    /** Every hour that has at least one input file, oldest first. */
    public TreeSet<HourId> hoursWithInput() throws IOException {
        TreeSet<HourId> hours = new TreeSet<>();
        for (ObjectInfo o : input.list("dt=")) {
            HourId.fromPath(o.key()).ifPresent(hours::add);
        }
        return hours;
    }

    /** Hours up to {@code upTo} (inclusive) with input and no current published result, oldest first. */
    public List<HourId> dueHours(HourId upTo) throws IOException {
        List<HourId> due = new ArrayList<>();
        for (HourId h : hoursWithInput()) {
            if (h.compareTo(upTo) <= 0 && status(h) == HourStatus.DUE) {
                due.add(h);
            }
        }
        return due;
    }

    public HourStatus status(HourId hour) throws IOException {
        List<ObjectInfo> files = inputFiles(hour);
        if (files.isEmpty()) {
            return HourStatus.NO_INPUT;
        }
        return currentManifest(hour, files, previousSummary(hour)).isPresent() ? HourStatus.CURRENT : HourStatus.DUE;
    }

    /** Processes one hour: publishes it, or finds it current, or finds no input. */
    public RunResult run(HourId hour) throws IOException, UnusableInputException {
        return run(hour, UUID.randomUUID().toString());
    }

    public RunResult run(HourId hour, String runId) throws IOException, UnusableInputException {
        long t0 = System.nanoTime();
        // Another run of the same hour (a second S3 event, the other variant) may publish at the same time;
        // whoever's manifest is left must vouch for the bytes that are left, so check and redo if not.
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(hour, runId, t0);
            } catch (Overwritten e) {
                if (attempt == PUBLISH_ATTEMPTS) {
                    throw new IOException("hour " + hour + ": another run overwrote its outputs " + attempt
                            + " times while it published; nothing is published, run the hour again", e);
                }
            }
        }
    }

    /** Attempts at publishing an hour whose outputs a concurrent run of the same hour overwrote. */
    static final int PUBLISH_ATTEMPTS = 3;

    /** This run's manifest is there but vouches for outputs another run has since overwritten; it was withdrawn. */
    private static final class Overwritten extends IOException {
        private static final long serialVersionUID = 1L;

        Overwritten(HourId hour) {
            super("outputs of " + hour + " changed under this run's manifest");
        }
    }

    /**
     * After publishing: when this run's manifest is the one there, every output must still have the bytes
     * this run wrote ({@code written}: key to SHA-256, manifest last); if not, the manifest is withdrawn.
     * A different or missing manifest means a later run is publishing and checks its own.
     */
    private void checkIntact(HourId hour, java.util.Map<String, String> written) throws IOException {
        String manifestKey = insightsKey(hour, MANIFEST);
        if (!written.get(manifestKey).equals(shaOrNull(manifestKey))) {
            return;
        }
        for (var e : written.entrySet()) {
            if (!e.getValue().equals(shaOrNull(e.getKey()))) {
                output.delete(manifestKey);
                throw new Overwritten(hour);
            }
        }
    }

    private String shaOrNull(String key) throws IOException {
        MessageDigest d = digest();
        try (var in = output.open(key)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            return null;
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private RunResult runOnce(HourId hour, String runId, long t0) throws IOException, UnusableInputException {
        List<ObjectInfo> files = inputFiles(hour);
        if (files.isEmpty()) {
            return new RunResult(runId, hour, RunResult.Outcome.NO_INPUT, 0, 0, 0, 0, 0, java.util.Map.of(),
                    elapsedMs(t0), List.of());
        }
        Optional<byte[]> previous = previousSummary(hour);
        Optional<JsonNode> current = options.force() ? Optional.empty() : currentManifest(hour, files, previous);
        if (current.isPresent()) {
            JsonNode m = current.get().path("accounting");
            return new RunResult(runId, hour, RunResult.Outcome.ALREADY_CURRENT, files.size(),
                    m.path("bytesRead").asLong(), m.path("rowsRead").asLong(), m.path("rowsAggregated").asLong(),
                    m.path("rowsQuarantined").asLong(), java.util.Map.of(), elapsedMs(t0), List.of());
        }
        return process(hour, files, previous, runId, t0, transformation);
    }

    private <P> RunResult process(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous, String runId,
                                  long t0, Transformation<P> t) throws IOException, UnusableInputException {
        HourScanner<P> scanner = new HourScanner<>(input, t, options);
        return renderAndPublish(hour, files, previous, runId, t0, t, scanner.scan(hour, files));
    }

    private <P> RunResult renderAndPublish(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous,
                                           String runId, long t0, Transformation<P> t, HourScanner<P>.Scan scan)
            throws IOException {
        Files.createDirectories(options.tempDir());
        Path quarantine = Files.createTempFile(options.tempDir(), "twinrun-rejected-", ".csv");
        try (scan) {
            var accounting = scan.accounting();
            List<OutputFile> outputs = t.render(scan.partial(), new RenderContext(hour, accounting, previous));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(quarantine), 1 << 16)) {
                scan.writeQuarantine(out);
            }
            java.util.Map<String, String> written = publish(hour, files, previous, outputs, quarantine, accounting);
            checkIntact(hour, written);
            return new RunResult(runId, hour, RunResult.Outcome.PUBLISHED, accounting.files(), accounting.bytesRead(),
                    accounting.rowsRead(), accounting.rowsAggregated(), accounting.rowsQuarantined(),
                    accounting.quarantinedByReason(), elapsedMs(t0), List.copyOf(written.keySet()));
        } finally {
            Files.deleteIfExists(quarantine);
        }
    }

    // ---- shards: the same hour cut into parts processed apart, then merged -----------------------

    /** Cuts the hour's input into about {@code shards} shards of similar size (see {@link ShardSpec#plan}). */
    public List<ShardSpec> planShards(HourId hour, int shards) throws IOException {
        return ShardSpec.plan(inputFiles(hour), shards);
    }

    /** Processes one shard; the bytes (a versioned format) go to {@link #mergeShards}. Publishes nothing. */
    public byte[] runShard(HourId hour, ShardSpec shard) throws IOException, UnusableInputException {
        return scanShard(hour, shard, transformation);
    }

    private <P> byte[] scanShard(HourId hour, ShardSpec shard, Transformation<P> t)
            throws IOException, UnusableInputException {
        return new HourScanner<>(input, t, options).scanShard(hour, shard);
    }

    /**
     * Merges every shard's result and publishes the hour exactly as {@link #run} would: byte-identical
     * outputs. Fails, publishing nothing, when the results do not cover the current input exactly.
     */
    public RunResult mergeShards(HourId hour, List<byte[]> shardResults, String runId)
            throws IOException, UnusableInputException {
        try {
            return mergeShards(hour, shardResults, runId, transformation);
        } catch (Overwritten e) {
            // As in run(), but the shard results cannot be redone here: the merge fails, publishing nothing.
            throw new IOException("hour " + hour + ": another run overwrote its outputs while the merge published;"
                    + " nothing is published, run the hour again", e);
        }
    }

    private <P> RunResult mergeShards(HourId hour, List<byte[]> shardResults, String runId, Transformation<P> t)
            throws IOException, UnusableInputException {
        long t0 = System.nanoTime();
        List<ObjectInfo> files = inputFiles(hour);
        if (files.isEmpty()) {
            return new RunResult(runId, hour, RunResult.Outcome.NO_INPUT, 0, 0, 0, 0, 0, java.util.Map.of(),
                    elapsedMs(t0), List.of());
        }
        Optional<byte[]> previous = previousSummary(hour);
        HourScanner<P> scanner = new HourScanner<>(input, t, options);
        return renderAndPublish(hour, files, previous, runId, t0, t, scanner.mergeShards(hour, files, shardResults));
    }

    /** Writes outputs, quarantine file and manifest (last); returns each key written with its SHA-256. */
    private java.util.Map<String, String> publish(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous,
                                 List<OutputFile> outputs, Path quarantine,
                                 dev.twinrun.core.transform.Accounting accounting) throws IOException {
        String manifestKey = insightsKey(hour, MANIFEST);
        output.delete(manifestKey);
        ObjectNode manifest = manifestHead(hour, files, previous);
        ObjectNode acc = manifest.putObject("accounting");
        acc.put("files", accounting.files());
        acc.put("bytesRead", accounting.bytesRead());
        acc.put("rowsRead", accounting.rowsRead());
        acc.put("rowsAggregated", accounting.rowsAggregated());
        acc.put("rowsQuarantined", accounting.rowsQuarantined());
        ArrayNode outs = manifest.putArray("outputs");
        java.util.Map<String, String> shas = new java.util.LinkedHashMap<>();
        for (OutputFile f : outputs) {
            String key = insightsKey(hour, f.name());
            output.put(key, f.content());
            String sha = sha256(f.content());
            describe(outs.addObject(), key, f.content().length, sha);
            shas.put(key, sha);
        }
        String qKey = quarantineKey(hour);
        output.put(qKey, quarantine);
        String qSha = sha256(quarantine);
        describe(outs.addObject(), qKey, Files.size(quarantine), qSha);
        shas.put(qKey, qSha);
        byte[] manifestBytes = Json.bytes(manifest);
        output.put(manifestKey, manifestBytes);
        shas.put(manifestKey, sha256(manifestBytes));
        return shas;
    }

    private static void describe(ObjectNode o, String key, long size, String sha) {
        o.put("key", key);
        o.put("sizeBytes", size);
        o.put("sha256", sha);
    }

    /** The part of the manifest that says what input it was made from. */
    private ObjectNode manifestHead(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous) {
        ObjectNode m = Json.object();
        m.put("schema", MANIFEST_SCHEMA);
        m.put("schemaVersion", MANIFEST_VERSION);
        m.put("hour", hour.toString());
        m.put("transformation", transformation.name());
        ArrayNode in = m.putArray("inputs");
        for (ObjectInfo f : files) {
            ObjectNode o = in.addObject();
            o.put("key", f.key());
            o.put("sizeBytes", f.sizeBytes());
            o.put("etag", f.etag());
        }
        m.put("previousSummarySha256", previous.map(HourJob::sha256).orElse(null));
        return m;
    }

    /** The hour's manifest when it matches the current input and previous summary, read once. */
    private Optional<JsonNode> currentManifest(HourId hour, List<ObjectInfo> files, Optional<byte[]> previous)
            throws IOException {
        if (output.head(insightsKey(hour, MANIFEST)).isEmpty()) {
            return Optional.empty();
        }
        JsonNode m;
        try {
            m = Json.parse(output.read(insightsKey(hour, MANIFEST)));
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // removed since the head
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty(); // a damaged manifest means: process again
        }
        ObjectNode expected = manifestHead(hour, files, previous);
        for (String field : List.of("schema", "schemaVersion", "hour", "transformation", "inputs",
                "previousSummarySha256")) {
            // Compare as JSON text: a parsed 42 is an IntNode, a written 42L a LongNode.
            if (!expected.path(field).toString().equals(m.path(field).toString())) {
                return Optional.empty();
            }
        }
        return Optional.of(m);
    }

    /** The previous hour's summary.json, when that hour was published. */
    private Optional<byte[]> previousSummary(HourId hour) throws IOException {
        HourId prev = hour.previous();
        if (output.head(insightsKey(prev, MANIFEST)).isEmpty()) {
            return Optional.empty();
        }
        Optional<ObjectInfo> s = output.head(insightsKey(prev, "summary.json"));
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(output.read(insightsKey(prev, "summary.json")));
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

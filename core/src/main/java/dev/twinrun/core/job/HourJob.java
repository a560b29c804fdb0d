package dev.twinrun.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.Transformation;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The hourly job: reads {@code dt=YYYY-MM-DD/hour=HH/*.csv} from the input store, aggregates, and publishes
 * {@code insights/dt=../hour=../} and {@code quarantine/dt=../hour=../} to the output store.
 *
 * <p>Publication is atomic for readers that honour the manifest: the previous manifest is removed first,
 * the files are written, and {@code _SUCCESS} (listing every file with its SHA-256) is written last. It is
 * idempotent: outputs depend only on the input bytes and the previous hour's published summary, so a rerun
 * writes the same bytes, and a run whose manifest already matches the input writes nothing.
 *
 * <p>The entry point of {@code core.job}: {@link HourInputs} lists the input and says which hours are due,
 * {@link HourScanner} parses (with {@link HeaderReader}; shards travel as {@link ShardResultCodec} bytes),
 * and {@link Manifest} publishes, verifies and withdraws.
 */
public final class HourJob {
    public static final String INSIGHTS = "insights/";
    public static final String QUARANTINE = "quarantine/";
    public static final String MANIFEST = "_SUCCESS";
    public static final String QUARANTINE_FILE = "rejected_rows.csv";

    private final ObjectStore input;
    private final ObjectStore output;
    private final Transformation<?> transformation;
    private final JobOptions options;
    private final Manifest manifest;
    private final HourInputs inputs;

    public HourJob(ObjectStore input, ObjectStore output, Transformation<?> transformation, JobOptions options) {
        this.input = Objects.requireNonNull(input, "input");
        this.output = Objects.requireNonNull(output, "output");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        this.options = Objects.requireNonNull(options, "options");
        this.manifest = new Manifest(output, transformation.name());
        this.inputs = new HourInputs(input, manifest);
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
        return inputs.files(hour);
    }

    /** Every hour that has at least one input file, oldest first. */
    public TreeSet<HourId> hoursWithInput() throws IOException {
        return inputs.hoursWithInput();
    }

    /** Hours up to {@code upTo} (inclusive) with input and no current published result, oldest first. */
    public List<HourId> dueHours(HourId upTo) throws IOException {
        return inputs.due(upTo);
    }

    public HourStatus status(HourId hour) throws IOException {
        return inputs.status(hour);
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
            } catch (Manifest.Overwritten e) {
                if (attempt == PUBLISH_ATTEMPTS) {
                    throw new IOException(
                            "hour " + hour + ": another run overwrote its outputs " + attempt
                                    + " times while it published; nothing is published, run the hour again",
                            e);
                }
            }
        }
    }

    /** Attempts at publishing an hour whose outputs a concurrent run of the same hour overwrote. */
    static final int PUBLISH_ATTEMPTS = 3;

    private RunResult runOnce(HourId hour, String runId, long t0) throws IOException, UnusableInputException {
        List<ObjectInfo> files = inputFiles(hour);
        if (files.isEmpty()) {
            return new RunResult(
                    runId, hour, RunResult.Outcome.NO_INPUT, 0, 0, 0, 0, 0, Map.of(), elapsedMs(t0), List.of());
        }
        Optional<byte[]> previous = manifest.previousSummary(hour);
        Optional<JsonNode> current = options.force() ? Optional.empty() : manifest.current(hour, files, previous);
        if (current.isPresent()) {
            JsonNode m = current.get().path("accounting");
            return new RunResult(
                    runId,
                    hour,
                    RunResult.Outcome.ALREADY_CURRENT,
                    files.size(),
                    m.path("bytesRead").asLong(),
                    m.path("rowsRead").asLong(),
                    m.path("rowsAggregated").asLong(),
                    m.path("rowsQuarantined").asLong(),
                    Map.of(),
                    elapsedMs(t0),
                    List.of());
        }
        return process(hour, files, previous, runId, t0, transformation);
    }

    private <P> RunResult process(
            HourId hour, List<ObjectInfo> files, Optional<byte[]> previous, String runId, long t0, Transformation<P> t)
            throws IOException, UnusableInputException {
        HourScanner<P> scanner = new HourScanner<>(input, t, options);
        return renderAndPublish(hour, files, previous, runId, t0, t, scanner.scan(hour, files));
    }

    private <P> RunResult renderAndPublish(
            HourId hour,
            List<ObjectInfo> files,
            Optional<byte[]> previous,
            String runId,
            long t0,
            Transformation<P> t,
            HourScanner<P>.Scan scan)
            throws IOException {
        Files.createDirectories(options.tempDir());
        Path quarantine = Files.createTempFile(options.tempDir(), "twinrun-rejected-", ".csv");
        try (scan) {
            var accounting = scan.accounting();
            List<OutputFile> outputs = t.render(scan.partial(), new RenderContext(hour, accounting, previous));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(quarantine), 1 << 16)) {
                scan.writeQuarantine(out);
            }
            Map<String, String> written = manifest.publish(hour, files, previous, outputs, quarantine, accounting);
            manifest.verifyIntact(hour, written);
            return new RunResult(
                    runId,
                    hour,
                    RunResult.Outcome.PUBLISHED,
                    accounting.files(),
                    accounting.bytesRead(),
                    accounting.rowsRead(),
                    accounting.rowsAggregated(),
                    accounting.rowsQuarantined(),
                    accounting.quarantinedByReason(),
                    elapsedMs(t0),
                    List.copyOf(written.keySet()));
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
        } catch (Manifest.Overwritten e) {
            // As in run(), but the shard results cannot be redone here: the merge fails, publishing nothing.
            throw new IOException(
                    "hour " + hour + ": another run overwrote its outputs while the merge published;"
                            + " nothing is published, run the hour again",
                    e);
        }
    }

    private <P> RunResult mergeShards(HourId hour, List<byte[]> shardResults, String runId, Transformation<P> t)
            throws IOException, UnusableInputException {
        long t0 = System.nanoTime();
        List<ObjectInfo> files = inputFiles(hour);
        if (files.isEmpty()) {
            return new RunResult(
                    runId, hour, RunResult.Outcome.NO_INPUT, 0, 0, 0, 0, 0, Map.of(), elapsedMs(t0), List.of());
        }
        Optional<byte[]> previous = manifest.previousSummary(hour);
        HourScanner<P> scanner = new HourScanner<>(input, t, options);
        return renderAndPublish(hour, files, previous, runId, t0, t, scanner.mergeShards(hour, files, shardResults));
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

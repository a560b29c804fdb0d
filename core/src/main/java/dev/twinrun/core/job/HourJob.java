package dev.twinrun.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.store.ObjectChangedException;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.SkippedInput;
import dev.twinrun.core.transform.Transformation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly job: reads {@code dt=YYYY-MM-DD/hour=HH/*.csv} from the input store, aggregates, and publishes
 * {@code insights/dt=../hour=../v=<version>/} and {@code quarantine/dt=../hour=../v=<version>/} to the output
 * store, then points {@code insights/dt=../hour=../_SUCCESS} at that version.
 *
 * <p>Publication is atomic for readers that follow the pointer ({@link Publication}): a version's files are
 * immutable and the pointer is swapped last with a conditional write, only while the input listing is still the one
 * the version was made from (see {@link Manifest}); a run that listed older input loses the swap, lists again and
 * redoes the hour. It is idempotent: the version id and the outputs depend only on the input listing, the input bytes
 * and the previous hour's published summary, so a rerun writes the same keys and bytes, and a run whose manifest
 * already matches the input writes nothing.
 *
 * <p>One bad object does not block the hour: a file with an unsafe key, an empty file, a file whose header is
 * unusable, and a second copy of a file's bytes under another name are not read; the hour is published from the
 * rest, the manifest and the transformation's data quality name each skipped key with its reason
 * ({@link RunResult#skippedInputs()}). An hour whose every file is skipped is published with no rows and the
 * reasons. The rule ({@link HourInputs#select}) is the same for a run in one process and for shards.
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
    /** The folder of one publication under the hour: {@code v=<version id>/}. */
    public static final String VERSION_FOLDER = "v=";

    private final ObjectStore input;
    private final ObjectStore output;
    private final Transformation<?> transformation;
    private final JobOptions options;
    private final Manifest manifest;
    private final HourInputs inputs;
    private final boolean incremental;
    private final PublishPolicy policy;
    private final Clock clock;
    private final Partials partials;

    public HourJob(ObjectStore input, ObjectStore output, Transformation<?> transformation, JobOptions options) {
        this(input, output, transformation, options, false, PublishPolicy.defaults(), Clock.systemUTC());
    }

    private HourJob(
            ObjectStore input,
            ObjectStore output,
            Transformation<?> transformation,
            JobOptions options,
            boolean incremental,
            PublishPolicy policy,
            Clock clock) {
        this.input = Objects.requireNonNull(input, "input");
        this.output = Objects.requireNonNull(output, "output");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        this.options = Objects.requireNonNull(options, "options");
        this.incremental = incremental;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.manifest = new Manifest(output, transformation.name(), transformation.definition());
        this.inputs = new HourInputs(input, manifest, policy, clock);
        this.partials = new Partials(output, transformation, options);
    }

    /**
     * This job, keeping each file's parse result as a partial ({@link Partials}) when {@code on}: a run parses only
     * the files it has no partial for and merges them all; the published bytes are those of a single pass.
     */
    public HourJob withIncremental(boolean on) {
        return new HourJob(input, output, transformation, options, on, policy, clock);
    }

    /** This job with the hours' status ({@code provisional} / {@code final}) decided by {@code p} at {@code c}'s time. */
    public HourJob withPolicy(PublishPolicy p, Clock c) {
        return new HourJob(input, output, transformation, options, incremental, p, c);
    }

    public boolean incremental() {
        return incremental;
    }

    public PublishPolicy policy() {
        return policy;
    }

    public Clock clock() {
        return clock;
    }

    /** The status a publication of the hour would have now ({@link PublishPolicy#status}). */
    public PublishPolicy.Status publishStatus(HourId hour) throws IOException {
        return inputs.publishStatus(hour, inputs.listing(hour));
    }

    /** The folder of the hour's partials in the output store ({@code _partials/<hour>/}). */
    public static String partialsPrefix(HourId hour) {
        return Partials.prefix(hour);
    }

    /**
     * Parses the files of the hour that have no partial yet and stores their partials, publishing nothing (an S3 event
     * whose hour is not to be published yet). Returns the number of files parsed now.
     */
    public int prepare(HourId hour) throws IOException, UnusableInputException {
        for (int attempt = 1; ; attempt++) {
            try {
                return prepare(hour, transformation);
            } catch (ObjectChangedException e) {
                // A file was replaced while it was read: list again (its new version gets the partial).
                if (attempt == PUBLISH_ATTEMPTS) {
                    throw new IOException(
                            "hour " + hour + ": the input kept changing while it was parsed (" + e.getMessage() + ", "
                                    + attempt + " attempts)",
                            e);
                }
                LOG.info("hour {}: {}; listing again", hour, e.getMessage());
            }
        }
    }

    private <P> int prepare(HourId hour, Transformation<P> t) throws IOException, UnusableInputException {
        HourInputs.Selection selection = inputs.select(inputFiles(hour));
        return partials.complete(hour, selection.read(), new HourScanner<>(input, t, options))
                .parsed();
    }

    /** Keeps {@code at} as the time the hour's newest input arrived (the debounce's clock; later times win). */
    public void recordArrival(HourId hour, Instant at) throws IOException {
        partials.recordArrival(hour, at);
    }

    /** When the hour's newest input arrived, as {@link #recordArrival} kept it. */
    public Optional<Instant> newestArrival(HourId hour) throws IOException {
        return partials.newestArrival(hour);
    }

    /**
     * Whether the hour may be published now under the debounce: it is final, or its newest input is at least the
     * policy's quiet period old ({@link PublishPolicy#ready}).
     */
    public boolean ready(HourId hour) throws IOException {
        return policy.ready(publishStatus(hour), newestArrival(hour), clock.instant());
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

    /** The key of output {@code name} of one version of the hour. */
    public static String insightsKey(HourId hour, String version, String name) {
        return INSIGHTS + hour.path() + "/" + VERSION_FOLDER + version + "/" + name;
    }

    /** The key of the quarantine file of one version of the hour. */
    public static String quarantineKey(HourId hour, String version) {
        return QUARANTINE + hour.path() + "/" + VERSION_FOLDER + version + "/" + QUARANTINE_FILE;
    }

    /** The hour's current publication (following the pointer), or empty when unpublished. */
    public static Optional<Publication> published(ObjectStore output, HourId hour) throws IOException {
        return Publication.current(output, hour);
    }

    /**
     * The hour of an input key (relative to the input location) when it fits the one key rule of input: {@code
     * dt=YYYY-MM-DD/hour=HH/NAME.csv}, no sub-folder, {@code NAME} not starting with {@code _} or {@code .}, lower-case
     * {@code .csv}; empty otherwise. Every trigger and the listing use it.
     */
    public static Optional<HourId> inputHour(String key) {
        return HourInputs.inputHour(key);
    }

    /** Why a key is not input (for the warning every trigger logs), or null when it is. */
    public static String notInput(String key) {
        return HourInputs.notInput(key);
    }

    /** The CSV files of the hour that fit {@link #inputHour}, sorted by key; other keys there are logged as warnings. */
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
        // The input may change while the run reads it (a late file, a replaced file, another run publishing the
        // previous hour): list again and redo, so what is published is made from the listing current at the swap.
        for (int attempt = 1; ; attempt++) {
            try {
                RunResult r = runOnce(hour, runId, t0);
                if (r.outcome() == RunResult.Outcome.PUBLISHED && r.inputChangedSince()) {
                    if (attempt < PUBLISH_ATTEMPTS) {
                        continue; // published, but a newer listing is there already: make it current too
                    }
                    LOG.warn(
                            "hour {}: input still changing after {} publications; the next run catches up",
                            hour,
                            attempt);
                    return r;
                }
                return r;
            } catch (Manifest.InputChanged | ObjectChangedException e) {
                if (attempt == PUBLISH_ATTEMPTS) {
                    throw new InputKeptChanging(
                            "hour " + hour + ": the input kept changing while the run read it (" + e.getMessage() + ", "
                                    + attempt + " attempts); nothing newer is published, run the hour again",
                            e);
                }
                LOG.info("hour {}: {}; listing again", hour, e.getMessage());
            }
        }
    }

    /** Attempts at an hour whose input changed while it was read or published. */
    static final int PUBLISH_ATTEMPTS = 5;

    /**
     * Files kept arriving or changing while the run read the hour, {@value #PUBLISH_ATTEMPTS} times: nothing newer
     * is published. For an hour that is still open (not final) a trigger that publishes only quiet hours may take it
     * as "not quiet" and leave the hour to a later run.
     */
    public static final class InputKeptChanging extends IOException {
        private static final long serialVersionUID = 1L;

        InputKeptChanging(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HourJob.class);

    private RunResult runOnce(HourId hour, String runId, long t0) throws IOException, UnusableInputException {
        HourInputs.Listing listing = inputs.listing(hour);
        List<ObjectInfo> files = listing.files();
        if (files.isEmpty()) {
            return new RunResult(
                    runId, hour, RunResult.Outcome.NO_INPUT, 0, 0, 0, 0, 0, Map.of(), elapsedMs(t0), List.of());
        }
        PublishPolicy.Status status = inputs.publishStatus(hour, listing);
        Optional<byte[]> previous = manifest.previousSummary(hour);
        Optional<JsonNode> current =
                options.force() ? Optional.empty() : manifest.current(hour, files, previous, status);
        if (current.isPresent()) {
            JsonNode m = current.get().path("accounting");
            return new RunResult(
                    runId,
                    hour,
                    RunResult.Outcome.ALREADY_CURRENT,
                    files.size(),
                    0, // nothing read: the hour is current
                    m.path("rowsRead").asLong(),
                    m.path("rowsAggregated").asLong(),
                    m.path("rowsQuarantined").asLong(),
                    Map.of(),
                    elapsedMs(t0),
                    List.of(),
                    false,
                    Manifest.skippedInputs(current.get()));
        }
        return process(hour, files, status, previous, runId, t0, transformation);
    }

    private <P> RunResult process(
            HourId hour,
            List<ObjectInfo> files,
            PublishPolicy.Status status,
            Optional<byte[]> previous,
            String runId,
            long t0,
            Transformation<P> t)
            throws IOException, UnusableInputException {
        HourInputs.Selection selection = inputs.select(files);
        HourScanner<P> scanner = new HourScanner<>(input, t, options);
        if (!incremental) {
            return renderAndPublish(
                    hour, files, status, selection, previous, runId, t0, t, scanner.scan(hour, selection.read()), null);
        }
        Partials.Loaded loaded = partials.load(hour, selection.read(), scanner);
        LOG.info("hour {}: {} file(s) parsed, {} partial(s) reused", hour, loaded.parsed(), loaded.reused());
        RunResult r = renderAndPublish(
                hour,
                files,
                status,
                selection,
                previous,
                runId,
                t0,
                t,
                scanner.mergeShards(hour, selection.read(), loaded.results()),
                loaded.bytesParsed());
        partials.dropStale(hour, files);
        return r;
    }

    private <P> RunResult renderAndPublish(
            HourId hour,
            List<ObjectInfo> files,
            PublishPolicy.Status status,
            HourInputs.Selection selection,
            Optional<byte[]> previous,
            String runId,
            long t0,
            Transformation<P> t,
            HourScanner<P>.Scan scan,
            Long bytesRead)
            throws IOException {
        try (scan) {
            Accounting accounting = withSkipped(scan.accounting(), selection.skipped());
            List<OutputFile> outputs =
                    withStatus(t.render(scan.partial(), new RenderContext(hour, accounting, previous)), status);
            Manifest.Published p = manifest.publish(
                    hour,
                    files,
                    previous,
                    status,
                    outputs,
                    scan.quarantineFile(),
                    scan.rawCopiesOmitted(),
                    accounting,
                    () -> inputFiles(hour));
            return new RunResult(
                    runId,
                    hour,
                    RunResult.Outcome.PUBLISHED,
                    accounting.files(),
                    bytesRead == null ? accounting.bytesRead() : bytesRead,
                    accounting.rowsRead(),
                    accounting.rowsAggregated(),
                    accounting.rowsQuarantined(),
                    accounting.quarantinedByReason(),
                    elapsedMs(t0),
                    List.copyOf(p.written().keySet()),
                    p.inputChangedSince(),
                    accounting.skippedInputs());
        }
    }

    /** The name of the output that carries the hour's status. */
    public static final String SUMMARY = "summary.json";

    /**
     * The outputs with {@code "status": "provisional"|"final"} as the first field of {@code summary.json} (inserted in
     * its text, so the rest of its bytes stay the transformation's); other outputs, and a summary that is not a JSON
     * object, as they are.
     */
    static List<OutputFile> withStatus(List<OutputFile> outputs, PublishPolicy.Status status) {
        List<OutputFile> out = new ArrayList<>(outputs.size());
        for (OutputFile f : outputs) {
            out.add(f.name().equals(SUMMARY) ? new OutputFile(f.name(), withStatus(f.content(), status)) : f);
        }
        return out;
    }

    private static byte[] withStatus(byte[] json, PublishPolicy.Status status) {
        String s = new String(json, StandardCharsets.UTF_8);
        int open = 0;
        while (open < s.length() && Character.isWhitespace(s.charAt(open))) {
            open++;
        }
        if (open == s.length() || s.charAt(open) != '{') {
            return json;
        }
        int next = open + 1;
        while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
            next++;
        }
        boolean empty = next < s.length() && s.charAt(next) == '}';
        boolean pretty = s.startsWith("\n", open + 1);
        String field = pretty
                ? "\n  \"status\" : \"" + status.word() + "\"" + (empty ? "\n" : ",")
                : "\"status\":\"" + status.word() + "\"" + (empty ? "" : ",");
        return (s.substring(0, open + 1) + field + s.substring(open + 1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The scan's accounting with the files the selection skipped added to the ones the scan skipped. */
    private static Accounting withSkipped(Accounting a, List<SkippedInput> skipped) {
        List<SkippedInput> all = new ArrayList<>(a.skippedInputs());
        all.addAll(skipped);
        return new Accounting(
                a.files(),
                a.bytesRead(),
                a.rowsRead(),
                a.rowsAggregated(),
                a.rowsQuarantined(),
                a.quarantinedByReason(),
                all);
    }

    // ---- shards: the same hour cut into parts processed apart, then merged -----------------------

    /**
     * Cuts the files of the hour that are read ({@link HourInputs#select}: no unsafe key, empty file or duplicate)
     * into about {@code shards} shards of similar size (see {@link ShardSpec#plan}); none when no file is read.
     */
    public List<ShardSpec> planShards(HourId hour, int shards) throws IOException {
        List<ObjectInfo> read = inputs.select(inputFiles(hour)).read();
        return read.isEmpty() ? List.of() : ShardSpec.plan(read, shards);
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
        } catch (Manifest.InputChanged | ObjectChangedException e) {
            // As in run(), but the shard results cannot be redone here: the merge fails, publishing nothing.
            throw new IOException(
                    "hour " + hour + ": " + e.getMessage() + " while the shards were merged;"
                            + " nothing newer is published, run the hour again",
                    e);
        }
    }

    private <P> RunResult mergeShards(HourId hour, List<byte[]> shardResults, String runId, Transformation<P> t)
            throws IOException, UnusableInputException {
        long t0 = System.nanoTime();
        HourInputs.Listing listing = inputs.listing(hour);
        List<ObjectInfo> files = listing.files();
        if (files.isEmpty()) {
            return new RunResult(
                    runId, hour, RunResult.Outcome.NO_INPUT, 0, 0, 0, 0, 0, Map.of(), elapsedMs(t0), List.of());
        }
        Optional<byte[]> previous = manifest.previousSummary(hour);
        HourInputs.Selection selection = inputs.select(files);
        HourScanner<P> scanner = new HourScanner<>(input, t, options);
        return renderAndPublish(
                hour,
                files,
                inputs.publishStatus(hour, listing),
                selection,
                previous,
                runId,
                t0,
                t,
                scanner.mergeShards(hour, selection.read(), shardResults),
                null); // the hour's bytes, as its shards read them
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

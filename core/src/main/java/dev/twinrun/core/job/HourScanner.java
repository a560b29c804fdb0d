package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.csv.SplitParser;
import dev.twinrun.core.job.HeaderReader.FileHeader;
import dev.twinrun.core.store.ObjectChangedException;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import dev.twinrun.core.transform.RowConsumer;
import dev.twinrun.core.transform.SkippedInput;
import dev.twinrun.core.transform.Transformation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads files of one hour into one partial aggregate. Each file is cut into byte ranges parsed apart (threads
 * here, or shards elsewhere); a range that does not start at the file's first record guesses its first
 * record boundary, the guess is checked against where the range before it really ended, and a wrong guess
 * (a quoted newline at the cut) is re-parsed from the true boundary. Results are therefore the same for
 * any number of threads or shards.
 *
 * <p>A file whose header is unusable (see {@link HeaderReader}, or a column the transformation needs is missing) is
 * skipped, with its reason in the scan's {@link Accounting#skippedInputs()}; the hour goes on without it, the same way
 * in every split.
 *
 * @param <P> the transformation's partial aggregate
 */
public final class HourScanner<P> {
    private final ObjectStore input;
    private final Transformation<P> transformation;
    private final JobOptions options;
    private final HeaderReader headers;

    public HourScanner(ObjectStore input, Transformation<P> transformation, JobOptions options) {
        this.input = input;
        this.transformation = transformation;
        this.options = options;
        this.headers = new HeaderReader(input, options.limits());
    }

    /** A scan's outcome; {@link #close()} removes its spilled quarantine rows. */
    public final class Scan implements AutoCloseable {
        private final P partial;
        private final Accounting accounting;
        private final List<FileScan> files;

        Scan(P partial, Accounting accounting, List<FileScan> files) {
            this.partial = partial;
            this.accounting = accounting;
            this.files = files;
        }

        public P partial() {
            return partial;
        }

        public Accounting accounting() {
            return accounting;
        }

        /** Writes the quarantine CSV: header, then every rejected row in file and line order. */
        public void writeQuarantine(OutputStream out) throws IOException {
            out.write(QuarantineSpill.CSV_HEADER.getBytes(StandardCharsets.US_ASCII));
            for (FileScan f : files) {
                long line = 1 + f.headerNewlines;
                for (RangeScan r : f.ranges) {
                    r.spill.writeCsv(out, f.key, line);
                    line += r.result.newlines();
                }
            }
        }

        @Override
        public void close() throws IOException {
            closeAll(files);
        }
    }

    /** One parsed byte range: the nominal bounds it was given, what it found, and its own partial. */
    private final class RangeScan {
        final long nominalStart;
        final long nominalEnd;
        P partial = transformation.newPartial();
        QuarantineSpill spill = new QuarantineSpill(options.tempDir());
        SplitParser.Result result;

        RangeScan(long nominalStart, long nominalEnd) {
            this.nominalStart = nominalStart;
            this.nominalEnd = nominalEnd;
        }
    }

    /** The ranges of one file, in file order. */
    private final class FileScan {
        final ObjectInfo file;
        final String key;
        final long size;
        long headerNewlines;
        long dataStart;
        final List<RangeScan> ranges = new ArrayList<>();
        /** Why the file is not read (its header is unusable), or null. */
        String unusable;

        FileScan(ObjectInfo file) {
            this.file = file;
            this.key = file.key();
            this.size = file.sizeBytes();
        }
    }

    // ---- in-process: threads --------------------------------------------------------------------

    /** Scans {@code files} (all of one hour) with {@link JobOptions#threads()} threads. */
    public Scan scan(HourId hour, List<ObjectInfo> files) throws IOException, UnusableInputException {
        List<FileScan> scans = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        List<FileScan> futureFiles = new ArrayList<>();
        List<SkippedInput> skipped = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "twinrun-parse");
            t.setDaemon(true);
            return t;
        });
        try {
            for (ObjectInfo file : files) {
                FileHeader h;
                try {
                    h = headers.read(file);
                } catch (UnusableInputException e) {
                    skipped.add(new SkippedInput(file.key(), SkippedInput.UNUSABLE_HEADER, e.reason()));
                    continue;
                }
                FileScan fs = fileScan(file, h);
                scans.add(fs);
                long data = file.sizeBytes() - h.dataStart();
                // Several ranges per thread, so a thread that finishes early takes more work.
                int n = (int) Math.max(1, Math.min(options.threads() * 4L, data / options.minSplitBytes()));
                for (int k = 0; k < n; k++) {
                    long start = h.dataStart() + data * k / n;
                    long end = h.dataStart() + data * (k + 1) / n;
                    RangeScan rs = new RangeScan(start, end);
                    fs.ranges.add(rs);
                    futureFiles.add(fs);
                    futures.add(pool.submit(() -> {
                        parseRange(hour, fs, h, rs);
                        return null;
                    }));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnusableInputException u)) {
                        throw e;
                    }
                    futureFiles.get(i).unusable = u.reason(); // the transformation refused the header
                }
            }
            for (FileScan fs : scans) {
                if (fs.unusable == null) {
                    repairChain(hour, fs);
                }
            }
        } catch (ExecutionException e) {
            closeAll(scans);
            throw unwrap(e);
        } catch (InterruptedException e) {
            closeAll(scans);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing " + hour, e);
        } catch (IOException | UnusableInputException | RuntimeException e) {
            closeAll(scans);
            throw e;
        } finally {
            pool.shutdownNow();
        }
        return merge(scans, skipped);
    }

    private static IOException unwrap(ExecutionException e) throws UnusableInputException {
        Throwable c = e.getCause();
        if (c instanceof UnusableInputException u) {
            throw u;
        }
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (c instanceof RuntimeException r) {
            throw r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IOException(c);
    }

    // ---- shards: apart, then merged -------------------------------------------------------------

    /** Parses one shard's ranges and returns them as bytes ({@link ShardResultCodec}) for {@link #mergeShards}. */
    public byte[] scanShard(HourId hour, ShardSpec shard) throws IOException, UnusableInputException {
        List<FileScan> scans = new ArrayList<>();
        try {
            Map<String, FileHeader> byFile = new LinkedHashMap<>();
            Map<String, ObjectInfo> pinned = new LinkedHashMap<>();
            Map<String, String> unusableHeaders = new LinkedHashMap<>();
            for (ShardSpec.Range r : shard.ranges()) {
                // The plan carries no ETag (it must stay small); the shard pins the version it reads itself: every
                // read of the file is If-Match on the ETag found here, and the result records it for the merge.
                ObjectInfo file = pinned.get(r.key());
                if (file == null) {
                    file = input.head(r.key())
                            .filter(f -> f.sizeBytes() == r.sizeBytes())
                            .orElseThrow(() -> new ObjectChangedException(
                                    r.key() + ": gone or resized since the shards were planned"));
                    pinned.put(r.key(), file);
                }
                FileHeader h = byFile.get(r.key());
                String unusable = unusableHeaders.get(r.key());
                if (h == null && unusable == null) {
                    try {
                        h = headers.read(file);
                        byFile.put(r.key(), h);
                    } catch (UnusableInputException e) {
                        unusable = e.reason();
                        unusableHeaders.put(r.key(), unusable);
                    }
                }
                FileScan fs = unusable == null ? fileScan(file, h) : new FileScan(file);
                scans.add(fs);
                RangeScan rs = new RangeScan(r.start(), r.end());
                fs.ranges.add(rs);
                if (unusable == null) {
                    try {
                        parseRange(hour, fs, h, rs);
                    } catch (UnusableInputException e) {
                        unusable = e.reason(); // the transformation refused the header
                    }
                }
                if (unusable != null) {
                    // The merge skips the file; the range still says it was covered.
                    fs.unusable = unusable;
                    rs.result = new SplitParser.Result(r.start(), r.start(), 0, 0, 0, 0, Map.of());
                }
            }
            ShardResultCodec.Writer out = new ShardResultCodec.Writer(transformation.name(), hour, scans.size());
            for (FileScan fs : scans) {
                RangeScan rs = fs.ranges.get(0);
                out.add(new ShardResultCodec.Range(
                        fs.key,
                        fs.size,
                        fs.file.etag(),
                        fs.unusable == null ? "" : fs.unusable,
                        fs.dataStart,
                        fs.headerNewlines,
                        rs.nominalStart,
                        rs.nominalEnd,
                        rs.result,
                        rs.spill.entries(),
                        rs.spill.toBytes(),
                        fs.unusable == null ? transformation.encode(rs.partial) : new byte[0]));
            }
            return out.toByteArray();
        } finally {
            closeAll(scans);
        }
    }

    /**
     * Combines shard results into the hour's scan: checks they cover every file exactly, re-parses a range
     * whose guessed start was wrong, and merges. Fails when a file changed or is not covered.
     */
    public Scan mergeShards(HourId hour, List<ObjectInfo> files, List<byte[]> shardResults)
            throws IOException, UnusableInputException {
        Map<String, FileScan> byKey = new LinkedHashMap<>();
        for (ObjectInfo f : files) {
            byKey.put(f.key(), new FileScan(f));
        }
        List<FileScan> scans = new ArrayList<>(byKey.values());
        try {
            for (byte[] result : shardResults) {
                readShard(hour, result, byKey);
            }
            for (FileScan fs : scans) {
                fs.ranges.sort(Comparator.comparingLong(r -> r.nominalStart));
                long expected = 0;
                for (RangeScan r : fs.ranges) {
                    if (r.nominalStart != expected) {
                        throw new IllegalStateException("shard results for " + fs.key + " do not cover bytes ["
                                + expected + ", " + r.nominalStart + ") exactly once");
                    }
                    expected = r.nominalEnd;
                }
                if (expected != fs.size) {
                    throw new IllegalStateException(
                            "shard results for " + fs.key + " end at byte " + expected + " of " + fs.size);
                }
                if (fs.unusable == null) {
                    repairChain(hour, fs);
                }
            }
        } catch (IOException | UnusableInputException | RuntimeException e) {
            closeAll(scans);
            throw e;
        }
        return merge(scans, List.of());
    }

    private void readShard(HourId hour, byte[] result, Map<String, FileScan> byKey) throws IOException {
        ShardResultCodec.read(result, transformation.name(), hour, r -> {
            FileScan fs = byKey.get(r.key());
            if (fs == null || fs.size != r.sizeBytes() || !fs.file.etag().equals(r.etag())) {
                throw new IllegalStateException("shard result covers " + r.key() + " (" + r.sizeBytes()
                        + " bytes, ETag "
                        + r.etag() + "), "
                        + "which is not an input of " + hour + " as listed now: the input changed since the shards "
                        + "were planned");
            }
            RangeScan rs = new RangeScan(r.nominalStart(), r.nominalEnd());
            rs.result = r.result();
            fs.ranges.add(rs);
            if (!r.unusable().isEmpty()) {
                fs.unusable = r.unusable();
                return;
            }
            fs.dataStart = r.dataStart();
            fs.headerNewlines = r.headerNewlines();
            rs.spill = QuarantineSpill.fromBytes(options.tempDir(), r.spill(), r.spillEntries());
            rs.partial = transformation.decode(r.partial());
        });
    }

    // ---- shared ---------------------------------------------------------------------------------

    private FileScan fileScan(ObjectInfo file, FileHeader h) {
        FileScan fs = new FileScan(file);
        fs.dataStart = h.dataStart();
        fs.headerNewlines = h.newlines();
        return fs;
    }

    /** Parses a range: from the first record when it holds the data start, else from a guessed boundary. */
    private void parseRange(HourId hour, FileScan fs, FileHeader h, RangeScan rs)
            throws IOException, UnusableInputException {
        boolean speculative = rs.nominalStart > h.dataStart();
        long start = Math.max(rs.nominalStart, h.dataStart());
        long end = rs.nominalEnd >= fs.size ? Long.MAX_VALUE : rs.nominalEnd;
        if (rs.nominalEnd <= h.dataStart()) {
            rs.result = new SplitParser.Result(h.dataStart(), h.dataStart(), 0, 0, 0, 0, Map.of());
            return;
        }
        RowConsumer consumer = transformation.bind(h.header(), hour, rs.partial);
        rs.result = parse(fs.file, start, end, speculative, h.header().columns().size(), consumer, rs.spill);
    }

    /** Re-parses, from the true boundary, every range whose guessed first record was wrong. */
    private void repairChain(HourId hour, FileScan fs) throws IOException, UnusableInputException {
        FileHeader h = null;
        for (int k = 1; k < fs.ranges.size(); k++) {
            long trueStart = fs.ranges.get(k - 1).result.nextRecordStart();
            RangeScan rs = fs.ranges.get(k);
            if (rs.result.firstRecordStart() == trueStart) {
                continue;
            }
            if (h == null) {
                h = headers.read(fs.file);
            }
            RangeScan again = new RangeScan(rs.nominalStart, rs.nominalEnd);
            long end = rs.nominalEnd >= fs.size ? Long.MAX_VALUE : rs.nominalEnd;
            RowConsumer consumer = transformation.bind(h.header(), hour, again.partial);
            again.result =
                    parse(fs.file, trueStart, end, false, h.header().columns().size(), consumer, again.spill);
            rs.spill.close();
            fs.ranges.set(k, again);
        }
    }

    /** Merges the usable files' ranges; files found unusable join {@code skipped}. */
    private Scan merge(List<FileScan> all, List<SkippedInput> skipped) {
        List<SkippedInput> notRead = new ArrayList<>(skipped);
        List<FileScan> scans = new ArrayList<>();
        for (FileScan fs : all) {
            if (fs.unusable == null) {
                scans.add(fs);
            } else {
                notRead.add(new SkippedInput(fs.key, SkippedInput.UNUSABLE_HEADER, fs.unusable));
                closeAll(List.of(fs));
            }
        }
        P merged = null;
        long read = 0;
        long aggregated = 0;
        long quarantined = 0;
        long bytes = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (FileScan fs : scans) {
            bytes += fs.size;
            for (RangeScan r : fs.ranges) {
                read += r.result.rowsRead();
                aggregated += r.result.rowsAggregated();
                quarantined += r.result.rowsQuarantined();
                r.result.quarantinedByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
                if (merged == null) {
                    merged = r.partial;
                } else {
                    transformation.merge(merged, r.partial);
                }
            }
        }
        if (merged == null) {
            merged = transformation.newPartial();
        }
        return new Scan(
                merged, new Accounting(scans.size(), bytes, read, aggregated, quarantined, reasons, notRead), scans);
    }

    private void closeAll(List<FileScan> scans) {
        for (FileScan fs : scans) {
            for (RangeScan r : fs.ranges) {
                try {
                    r.spill.close();
                } catch (IOException ignored) {
                    // best effort: temp files only
                }
            }
        }
    }

    private SplitParser.Result parse(
            ObjectInfo file,
            long start,
            long end,
            boolean speculative,
            int columns,
            RowConsumer consumer,
            QuarantineSpill spill)
            throws IOException {
        if (start >= file.sizeBytes()) {
            return new SplitParser.Result(start, start, 0, 0, 0, 0, Map.of());
        }
        long open = speculative ? start - 1 : start;
        SplitParser.Handler handler = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                return consumer.accept(row);
            }

            @Override
            public void quarantined(
                    long linesBefore,
                    long offset,
                    long length,
                    byte[] raw,
                    int from,
                    int rawLength,
                    boolean truncated,
                    Rejection rejection)
                    throws IOException {
                spill.add(linesBefore, offset, length, raw, from, rawLength, truncated, rejection);
            }
        };
        try (InputStream in = input.open(file.key(), open, file.etag())) {
            SplitParser p = new SplitParser(in, open, end, columns, options.limits(), handler, Long.MAX_VALUE);
            return speculative ? p.parseSpeculative() : p.parseFromBoundary();
        }
    }
}

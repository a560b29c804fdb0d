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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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

    /** A scan's outcome; {@link #close()} removes its quarantine file. */
    public final class Scan implements AutoCloseable {
        private final P partial;
        private final Accounting accounting;
        private final Path quarantine;
        private final long rawCopiesOmitted;

        Scan(P partial, Accounting accounting, Path quarantine, long rawCopiesOmitted) {
            this.partial = partial;
            this.accounting = accounting;
            this.quarantine = quarantine;
            this.rawCopiesOmitted = rawCopiesOmitted;
        }

        public P partial() {
            return partial;
        }

        public Accounting accounting() {
            return accounting;
        }

        /** The quarantine CSV (a temporary file, removed by {@link #close()}): header, then every rejected row in file
         * and line order. */
        public Path quarantineFile() {
            return quarantine;
        }

        /** Quarantined rows listed without their raw copy (past a file's or the hour's cap). */
        public long rawCopiesOmitted() {
            return rawCopiesOmitted;
        }

        /** Writes the quarantine CSV to {@code out}. */
        public void writeQuarantine(OutputStream out) throws IOException {
            Files.copy(quarantine, out);
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(quarantine);
        }
    }

    /** One parsed byte range: the nominal bounds it was given, what it found, and its own partial. */
    private final class RangeScan {
        final long nominalStart;
        final long nominalEnd;
        P partial = transformation.newPartial();
        QuarantineSpill spill = new QuarantineSpill(
                options.tempDir(), QuarantineSpill.RAW_COPY_BYTES_PER_FILE, options.rawCopyBytesPerHour());
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

    /**
     * Files read at once (one GET each in flight) however few parser threads there are: an hour of many small files
     * is bound by request latency, not by CPU.
     */
    static final int READS_IN_FLIGHT = 16;

    /**
     * Scans {@code files} (all of one hour) with {@link JobOptions#threads()} parser threads. Files are read
     * {@link #READS_IN_FLIGHT} at a time, each from one GET (header and data; a large file's further ranges apart), and
     * merged in file order as they finish, so memory holds a bounded window of files however many the hour has.
     */
    public Scan scan(HourId hour, List<ObjectInfo> files) throws IOException, UnusableInputException {
        int readers = Math.max(options.threads(), READS_IN_FLIGHT);
        ExecutorService readPool = pool(readers, "twinrun-read");
        ExecutorService parsePool = pool(options.threads(), "twinrun-parse");
        Semaphore cpu = new Semaphore(options.threads());
        ArrayDeque<Future<FileScan>> window = new ArrayDeque<>();
        HourMerge merge = new HourMerge();
        try {
            int next = 0;
            while (next < files.size() || !window.isEmpty()) {
                while (next < files.size() && window.size() < 2 * readers) {
                    ObjectInfo file = files.get(next++);
                    window.add(readPool.submit(() -> scanFile(hour, file, parsePool, cpu)));
                }
                merge.add(window.poll().get());
            }
            return merge.finish();
        } catch (ExecutionException e) {
            abandon(merge, window, readPool, parsePool);
            throw unwrap(e);
        } catch (InterruptedException e) {
            abandon(merge, window, readPool, parsePool);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing " + hour, e);
        } catch (IOException | RuntimeException e) {
            abandon(merge, window, readPool, parsePool);
            throw e;
        } finally {
            readPool.shutdownNow();
            parsePool.shutdownNow();
        }
    }

    /**
     * Scans each of {@code files} (all of one hour) on its own, as {@link #scan} reads them (one GET per small file,
     * {@link #READS_IN_FLIGHT} at a time), and returns each file's result as a shard result of that one file
     * ({@link ShardResultCodec}, the file's ranges covering all its bytes), by key in the order of {@code files}.
     * {@link #mergeShards} over these results equals {@link #scan} over the same files.
     */
    public Map<String, byte[]> scanEach(HourId hour, List<ObjectInfo> files)
            throws IOException, UnusableInputException {
        int readers = Math.max(options.threads(), READS_IN_FLIGHT);
        ExecutorService readPool = pool(readers, "twinrun-read");
        ExecutorService parsePool = pool(options.threads(), "twinrun-parse");
        Semaphore cpu = new Semaphore(options.threads());
        ArrayDeque<Future<FileScan>> window = new ArrayDeque<>();
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            int next = 0;
            while (next < files.size() || !window.isEmpty()) {
                while (next < files.size() && window.size() < 2 * readers) {
                    ObjectInfo file = files.get(next++);
                    window.add(readPool.submit(() -> scanFile(hour, file, parsePool, cpu)));
                }
                FileScan fs = window.poll().get();
                try {
                    out.put(fs.key, encodeFile(hour, fs));
                } finally {
                    closeAll(List.of(fs));
                }
            }
            return out;
        } catch (ExecutionException e) {
            abandonWindow(window, readPool, parsePool);
            throw unwrap(e);
        } catch (InterruptedException e) {
            abandonWindow(window, readPool, parsePool);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing " + hour, e);
        } catch (IOException | RuntimeException e) {
            abandonWindow(window, readPool, parsePool);
            throw e;
        } finally {
            readPool.shutdownNow();
            parsePool.shutdownNow();
        }
    }

    /**
     * After a failure: stops the readers and parsers and waits for them (a parser still running would write a spill
     * after the run returned), then removes the spills of the files read already.
     */
    private void abandonWindow(
            ArrayDeque<Future<FileScan>> window, ExecutorService readPool, ExecutorService parsePool) {
        readPool.shutdownNow();
        parsePool.shutdownNow();
        try {
            readPool.awaitTermination(10, TimeUnit.SECONDS);
            parsePool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Future<FileScan> f : window) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    closeAll(List.of(f.get()));
                } catch (ExecutionException | InterruptedException | RuntimeException ignored) {
                    // failed: it removed its own spills
                }
            }
        }
    }

    /**
     * One scanned file as a shard result of its own: its ranges in file order, the first one starting at byte 0 (the
     * header is part of it, as in a shard plan), so the merge finds the file covered exactly once.
     */
    private byte[] encodeFile(HourId hour, FileScan fs) throws IOException {
        if (fs.unusable != null) {
            ShardResultCodec.Writer out = new ShardResultCodec.Writer(transformation.name(), hour, 1);
            out.add(new ShardResultCodec.Range(
                    fs.key,
                    fs.size,
                    fs.file.etag(),
                    fs.unusable,
                    0,
                    0,
                    0,
                    fs.size,
                    new SplitParser.Result(0, 0, 0, 0, 0, 0, Map.of()),
                    0,
                    new byte[0],
                    new byte[0]));
            return out.toByteArray();
        }
        ShardResultCodec.Writer out = new ShardResultCodec.Writer(transformation.name(), hour, fs.ranges.size());
        for (int k = 0; k < fs.ranges.size(); k++) {
            RangeScan rs = fs.ranges.get(k);
            out.add(new ShardResultCodec.Range(
                    fs.key,
                    fs.size,
                    fs.file.etag(),
                    "",
                    fs.dataStart,
                    fs.headerNewlines,
                    k == 0 ? 0 : rs.nominalStart,
                    rs.nominalEnd,
                    rs.result,
                    rs.spill.entries(),
                    rs.spill.toBytes(),
                    transformation.encode(rs.partial)));
        }
        return out.toByteArray();
    }

    private static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** One file: header and first range from one GET; a file of several ranges parses them on the parser pool. */
    private FileScan scanFile(HourId hour, ObjectInfo file, ExecutorService parsePool, Semaphore cpu)
            throws IOException, UnusableInputException, InterruptedException {
        HeaderReader.Opened opened;
        try {
            opened = headers.open(file);
        } catch (UnusableInputException e) {
            return unusable(file, e.reason());
        }
        FileHeader h = opened.header();
        FileScan fs = fileScan(file, h);
        try {
            long data = file.sizeBytes() - h.dataStart();
            // A range per thread by default: more ranges let a thread that finishes early take more work, but each
            // range's partial, parser and first rows cost again, and the partials are merged on one thread at the end.
            // On a 1 GB hour on 2 cores, 8 ranges took about 12 % more CPU and wall time than 2, and 2 still won with
            // another process busy on one core.
            int n = (int) Math.max(
                    1, Math.min((long) options.threads() * options.rangesPerThread(), data / options.minSplitBytes()));
            if (n == 1) {
                RangeScan rs = new RangeScan(h.dataStart(), file.sizeBytes());
                fs.ranges.add(rs);
                try (opened) {
                    cpu.acquire();
                    try {
                        parseOpened(hour, fs, h, rs, opened.data());
                    } finally {
                        cpu.release();
                    }
                }
                return fs;
            }
            opened.close();
            List<Future<?>> parts = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                RangeScan rs = new RangeScan(h.dataStart() + data * k / n, h.dataStart() + data * (k + 1) / n);
                fs.ranges.add(rs);
                parts.add(parsePool.submit(() -> {
                    cpu.acquire();
                    try {
                        parseRange(hour, fs, h, rs);
                    } finally {
                        cpu.release();
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : parts) {
                    f.get();
                }
            } catch (ExecutionException e) {
                for (Future<?> f : parts) {
                    f.cancel(true);
                }
                throw unwrap(e);
            }
            cpu.acquire();
            try {
                repairChain(hour, fs);
            } finally {
                cpu.release();
            }
            return fs;
        } catch (UnusableInputException e) {
            opened.close();
            closeAll(List.of(fs));
            return unusable(file, e.reason()); // the transformation refused the header
        } catch (IOException | InterruptedException | RuntimeException e) {
            opened.close();
            closeAll(List.of(fs));
            throw e;
        }
    }

    /** A file the hour goes on without: the merge names it among the skipped inputs. */
    private FileScan unusable(ObjectInfo file, String reason) {
        FileScan fs = new FileScan(file);
        fs.unusable = reason;
        return fs;
    }

    /** After a failure: as {@link #abandonWindow}, and removes the hour's quarantine file. */
    private void abandon(
            HourMerge merge, ArrayDeque<Future<FileScan>> window, ExecutorService readPool, ExecutorService parsePool) {
        abandonWindow(window, readPool, parsePool);
        merge.close();
    }

    /**
     * The hour being merged: the partial, the accounting, and the quarantine CSV, each file added in file order as it
     * finishes (its spills are then removed).
     */
    private final class HourMerge implements AutoCloseable {
        private P merged;
        private int files;
        private long bytes;
        private long read;
        private long aggregated;
        private long quarantined;
        private final Map<String, Long> reasons = new TreeMap<>();
        private final List<SkippedInput> skipped = new ArrayList<>();
        private final Path csvFile;
        private final OutputStream csv;
        private final QuarantineSpill.RawBudget budget = new QuarantineSpill.RawBudget(options.rawCopyBytesPerHour());

        HourMerge() throws IOException {
            Files.createDirectories(options.tempDir());
            csvFile = Files.createTempFile(options.tempDir(), "twinrun-rejected-", ".csv");
            try {
                csv = new BufferedOutputStream(Files.newOutputStream(csvFile), 1 << 16);
                csv.write(QuarantineSpill.CSV_HEADER.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(csvFile);
                throw e;
            }
        }

        void add(FileScan fs) throws IOException {
            if (fs.unusable != null) {
                skipped.add(new SkippedInput(fs.key, SkippedInput.UNUSABLE_HEADER, fs.unusable));
                closeAll(List.of(fs));
                return;
            }
            try {
                files++;
                bytes += fs.size;
                long line = 1 + fs.headerNewlines;
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
                    r.partial = null;
                    r.spill.writeCsv(csv, fs.key, line, budget);
                    line += r.result.newlines();
                }
            } finally {
                closeAll(List.of(fs));
            }
        }

        Scan finish() throws IOException {
            csv.close();
            P p = merged == null ? transformation.newPartial() : merged;
            return new Scan(
                    p,
                    new Accounting(files, bytes, read, aggregated, quarantined, reasons, skipped),
                    csvFile,
                    budget.omitted());
        }

        @Override
        public void close() {
            try {
                csv.close();
            } catch (IOException ignored) {
                // removed next
            }
            try {
                Files.deleteIfExists(csvFile);
            } catch (IOException ignored) {
                // best effort: a temp file
            }
        }
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
                // A range from the file's first byte reads the header and its rows from one GET, as a whole-file
                // scan does; a later range reads the header on its own and then its bytes.
                HeaderReader.Opened opened = null;
                try {
                    if (h == null && unusable == null) {
                        try {
                            if (r.start() == 0) {
                                opened = headers.open(file);
                                h = opened.header();
                            } else {
                                h = headers.read(file);
                            }
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
                            if (opened != null) {
                                parseOpened(hour, fs, h, rs, opened.data());
                            } else {
                                parseRange(hour, fs, h, rs);
                            }
                        } catch (UnusableInputException e) {
                            unusable = e.reason(); // the transformation refused the header
                        }
                    }
                    if (unusable != null) {
                        // The merge skips the file; the range still says it was covered.
                        fs.unusable = unusable;
                        rs.result = new SplitParser.Result(r.start(), r.start(), 0, 0, 0, 0, Map.of());
                    }
                } finally {
                    if (opened != null) {
                        opened.close();
                    }
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
        return merge(scans);
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

    private Scan merge(List<FileScan> scans) throws IOException {
        HourMerge merge = new HourMerge();
        try {
            for (FileScan fs : scans) {
                merge.add(fs);
            }
            return merge.finish();
        } catch (IOException | RuntimeException e) {
            closeAll(scans);
            merge.close();
            throw e;
        }
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

    /** Parses the single range of a file from the stream {@link HeaderReader#open} left at its data start. */
    private void parseOpened(HourId hour, FileScan fs, FileHeader h, RangeScan rs, InputStream data)
            throws IOException, UnusableInputException {
        if (h.dataStart() >= fs.size || rs.nominalEnd <= h.dataStart()) {
            rs.result = new SplitParser.Result(h.dataStart(), h.dataStart(), 0, 0, 0, 0, Map.of());
            return;
        }
        long end = rs.nominalEnd >= fs.size ? Long.MAX_VALUE : rs.nominalEnd;
        RowConsumer consumer = transformation.bind(h.header(), hour, rs.partial);
        rs.result = new SplitParser(
                        data,
                        h.dataStart(),
                        end,
                        h.header().columns().size(),
                        options.limits(),
                        handler(consumer, rs.spill),
                        Long.MAX_VALUE,
                        bufferFor(Math.min(end, fs.size) - h.dataStart()))
                .parseFromBoundary();
    }

    /** A parser's first buffer for {@code bytes} of input: no larger than the input (it grows for long records). */
    private static int bufferFor(long bytes) {
        return (int) Math.min(1 << 20, Math.max(4096, bytes + 1));
    }

    private static SplitParser.Handler handler(RowConsumer consumer, QuarantineSpill spill) {
        return new SplitParser.Handler() {
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
        try (InputStream in = input.open(file.key(), open, file.etag())) {
            SplitParser p = new SplitParser(
                    in,
                    open,
                    end,
                    columns,
                    options.limits(),
                    handler(consumer, spill),
                    Long.MAX_VALUE,
                    bufferFor(Math.min(end, file.sizeBytes()) - open));
            return speculative ? p.parseSpeculative() : p.parseFromBoundary();
        }
    }
}

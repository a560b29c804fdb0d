package dev.twinrun.core;

import dev.twinrun.core.csv.Limits;
import dev.twinrun.core.csv.SplitParser;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.Header;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import dev.twinrun.core.transform.RowConsumer;
import dev.twinrun.core.transform.Transformation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads files of one hour into one partial aggregate: each file is cut into byte ranges parsed in
 * parallel, each range's guessed start is checked against where the range before it really ended, and a
 * wrong guess (a quoted newline at the cut) is re-parsed from the true boundary. The merged partial and the
 * accounting are therefore the same for any number of threads.
 *
 * @param <P> the transformation's partial aggregate
 */
public final class HourScanner<P> {
    private final ObjectStore input;
    private final Transformation<P> transformation;
    private final JobOptions options;

    public HourScanner(ObjectStore input, Transformation<P> transformation, JobOptions options) {
        this.input = input;
        this.transformation = transformation;
        this.options = options;
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
            out.write(QuarantineSpill.CSV_HEADER.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
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
            for (FileScan f : files) {
                for (RangeScan r : f.ranges) {
                    r.spill.close();
                }
            }
        }
    }

    private record HeaderInfo(Header header, long dataStart, long newlines) {
    }

    private final class RangeScan {
        final P partial = transformation.newPartial();
        final QuarantineSpill spill = new QuarantineSpill(options.tempDir());
        long nominalStart;
        SplitParser.Result result;
    }

    private final class FileScan {
        final String key;
        final long size;
        final long headerNewlines;
        final List<RangeScan> ranges = new ArrayList<>();

        FileScan(String key, long size, long headerNewlines) {
            this.key = key;
            this.size = size;
            this.headerNewlines = headerNewlines;
        }
    }

    /** Scans {@code files} (all of one hour) and returns the merged partial with its accounting. */
    public Scan scan(HourId hour, List<ObjectInfo> files) throws IOException, UnusableInputException {
        List<FileScan> scans = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        List<Runnable> verifications = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "twinrun-parse");
            t.setDaemon(true);
            return t;
        });
        try {
            for (ObjectInfo file : files) {
                HeaderInfo h = readHeader(file);
                FileScan fs = new FileScan(file.key(), file.sizeBytes(), h.newlines());
                scans.add(fs);
                long data = file.sizeBytes() - h.dataStart();
                int n = (int) Math.max(1, Math.min(options.threads(), data / options.minSplitBytes()));
                long[] bounds = new long[n + 1];
                for (int k = 0; k <= n; k++) {
                    bounds[k] = h.dataStart() + data * k / n;
                }
                for (int k = 0; k < n; k++) {
                    RangeScan rs = new RangeScan();
                    rs.nominalStart = bounds[k];
                    fs.ranges.add(rs);
                    long start = bounds[k];
                    long end = k == n - 1 ? Long.MAX_VALUE : bounds[k + 1];
                    boolean speculative = k > 0;
                    RowConsumer consumer = transformation.bind(h.header(), hour, rs.partial);
                    futures.add(pool.submit(() -> {
                        rs.result = parse(file, start, end, speculative, h.header().columns().size(), consumer, rs.spill);
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
            // Check every guessed range start; re-parse from the true boundary where the guess was wrong.
            for (int i = 0; i < scans.size(); i++) {
                FileScan fs = scans.get(i);
                HeaderInfo h = null;
                for (int k = 1; k < fs.ranges.size(); k++) {
                    long trueStart = fs.ranges.get(k - 1).result.nextRecordStart();
                    RangeScan rs = fs.ranges.get(k);
                    if (rs.result.firstRecordStart() != trueStart) {
                        if (h == null) {
                            h = readHeader(files.get(i));
                        }
                        RangeScan again = new RangeScan();
                        again.nominalStart = rs.nominalStart;
                        long end = k == fs.ranges.size() - 1 ? Long.MAX_VALUE : boundsEnd(fs, k);
                        RowConsumer consumer = transformation.bind(h.header(), hour, again.partial);
                        again.result = parse(files.get(i), trueStart, end, false, h.header().columns().size(),
                                consumer, again.spill);
                        rs.spill.close();
                        fs.ranges.set(k, again);
                    }
                }
            }
        } catch (ExecutionException e) {
            closeAll(scans);
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
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
        return merge(scans, files);
    }

    /** The nominal end of range k, recomputed from the neighbours' results (it is the start guess of k+1). */
    private static long boundsEnd(HourScanner<?>.FileScan fs, int k) {
        return fs.ranges.get(k + 1).nominalStart;
    }

    private Scan merge(List<FileScan> scans, List<ObjectInfo> files) {
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
        return new Scan(merged, new Accounting(files.size(), bytes, read, aggregated, quarantined, reasons), scans);
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

    private SplitParser.Result parse(ObjectInfo file, long start, long end, boolean speculative, int columns,
                                     RowConsumer consumer, QuarantineSpill spill) throws IOException {
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
            public void quarantined(long linesBefore, long offset, long length, byte[] raw, int from, int rawLength,
                                    boolean truncated, Rejection rejection) throws IOException {
                spill.add(linesBefore, offset, length, raw, from, rawLength, truncated, rejection);
            }
        };
        try (InputStream in = input.open(file.key(), open)) {
            SplitParser p = new SplitParser(in, open, end, columns, options.limits(), handler, Long.MAX_VALUE);
            SplitParser.Result r = speculative ? p.parseSpeculative() : p.parseFromBoundary();
            abortIfUnread(in);
            return r;
        }
    }

    /** An S3 body not read to the end is aborted rather than drained. */
    private static void abortIfUnread(InputStream in) {
        if (in instanceof software.amazon.awssdk.http.Abortable a) {
            try {
                if (in.available() > 0 || in.read() != -1) {
                    a.abort();
                }
            } catch (IOException e) {
                a.abort();
            }
        }
    }

    /** Reads the header record: skips a UTF-8 BOM, rejects empty files and unusable headers. */
    private HeaderInfo readHeader(ObjectInfo file) throws IOException, UnusableInputException {
        String name = input.describe() + (input.describe().endsWith("/") ? "" : "/") + file.key();
        if (file.sizeBytes() == 0) {
            throw new UnusableInputException(name, "the file is empty (no header row)");
        }
        long bom = 0;
        try (InputStream in = input.open(file.key(), 0)) {
            byte[] first = in.readNBytes(3);
            if (first.length == 3 && (first[0] & 0xff) == 0xef && (first[1] & 0xff) == 0xbb && (first[2] & 0xff) == 0xbf) {
                bom = 3;
            }
        }
        List<String> columns = new ArrayList<>();
        Rejection[] problem = new Rejection[1];
        SplitParser.Handler handler = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                for (int i = 0; i < row.fieldCount(); i++) {
                    columns.add(row.text(i).strip());
                }
                return null;
            }

            @Override
            public void quarantined(long linesBefore, long offset, long length, byte[] raw, int from, int rawLength,
                                    boolean truncated, Rejection rejection) {
                problem[0] = rejection;
            }
        };
        SplitParser.Result r;
        Limits headerLimits = new Limits(options.limits().maxFieldBytes(), options.limits().maxRowBytes(),
                options.limits().maxRawBytes());
        try (InputStream in = input.open(file.key(), bom)) {
            r = new SplitParser(in, bom, Long.MAX_VALUE, -1, headerLimits, handler, 1).parseFromBoundary();
            abortIfUnread(in);
        }
        if (problem[0] != null) {
            throw new UnusableInputException(name, "the header row is unusable: " + problem[0].detail());
        }
        if (r.rowsRead() == 0) {
            throw new UnusableInputException(name, "the file has no header row (only a byte-order mark or blank lines)");
        }
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (!seen.add(c)) {
                throw new UnusableInputException(name, "column '" + c + "' appears twice in the header " + columns);
            }
        }
        return new HeaderInfo(new Header(name, columns), r.nextRecordStart(), r.newlines());
    }
}

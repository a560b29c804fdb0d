package dev.twinrun.core.job;

import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.csv.Limits;
import dev.twinrun.core.csv.SplitParser;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Header;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Reads an input file's header record: skips a UTF-8 BOM, rejects empty files and unusable headers. */
final class HeaderReader {
    private final ObjectStore input;
    private final Limits limits;

    HeaderReader(ObjectStore input, Limits limits) {
        this.input = Objects.requireNonNull(input, "input");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * A file's header: its columns, the byte offset of its first data record, and the newlines the header
     * record spans (a quoted column name may hold one).
     */
    record FileHeader(Header header, long dataStart, long newlines) {
        FileHeader {
            Objects.requireNonNull(header, "header");
        }
    }

    /**
     * A file's header and a stream of its bytes from the first data record on, from one GET: what the header parser
     * read ahead is replayed to the data parser, so a small file is read in one request.
     */
    record Opened(FileHeader header, InputStream data) implements AutoCloseable {
        Opened {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    /** The header of {@code file}; fails naming the file when it has none or it is unusable. */
    FileHeader read(ObjectInfo file) throws IOException, UnusableInputException {
        try (Opened o = open(file)) {
            return o.header();
        }
    }

    /** Reads the header of {@code file} and returns it with the stream positioned at its first data record. */
    Opened open(ObjectInfo file) throws IOException, UnusableInputException {
        String name = input.describe() + (input.describe().endsWith("/") ? "" : "/") + file.key();
        if (file.sizeBytes() == 0) {
            throw new UnusableInputException(name, "the file is empty (no header row)");
        }
        Replay in = new Replay(input.open(file.key(), 0, file.etag()));
        try {
            FileHeader h = parse(file, name, in);
            return new Opened(h, in.from(h.dataStart()));
        } catch (IOException | UnusableInputException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private FileHeader parse(ObjectInfo file, String name, Replay in) throws IOException, UnusableInputException {
        long bom = 0;
        byte[] first = in.readNBytes(3);
        if (first.length == 3 && (first[0] & 0xff) == 0xef && (first[1] & 0xff) == 0xbb && (first[2] & 0xff) == 0xbf) {
            bom = 3;
        }
        in.rewind((int) bom);
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
            public void quarantined(
                    long linesBefore,
                    long offset,
                    long length,
                    byte[] raw,
                    int from,
                    int rawLength,
                    boolean truncated,
                    Rejection rejection) {
                problem[0] = rejection;
            }
        };
        // A small first buffer: the parser reads ahead no further than it must to find the header's end.
        SplitParser.Result r = new SplitParser(in, bom, Long.MAX_VALUE, -1, limits, handler, 1, HEADER_BUFFER_BYTES)
                .parseFromBoundary();
        if (problem[0] != null) {
            throw new UnusableInputException(name, "the header row is unusable: " + problem[0].detail());
        }
        if (r.rowsRead() == 0) {
            throw new UnusableInputException(
                    name, "the file has no header row (only a byte-order mark or blank lines)");
        }
        if (columns.stream().anyMatch(c -> c.indexOf('\r') >= 0)) {
            throw new UnusableInputException(
                    name,
                    "the header row holds a CR inside it: the file's lines seem to end in CR only (old Mac line"
                            + " ends); lines must end in LF or CRLF");
        }
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (!seen.add(c)) {
                throw new UnusableInputException(name, "column '" + c + "' appears twice in the header " + columns);
            }
        }
        return new FileHeader(new Header(name, columns), r.nextRecordStart(), r.newlines());
    }

    /** The header parser's first buffer: most headers fit, a longer one grows it. */
    static final int HEADER_BUFFER_BYTES = 8192;

    /**
     * An object's stream from byte 0 that keeps what it has read until {@link #from} replays it from a given offset;
     * from then on it passes reads through and keeps nothing.
     */
    static final class Replay extends InputStream {
        private final InputStream in;
        private byte[] kept = new byte[1024];
        private int count;
        private int pos;
        private boolean keeping = true;

        Replay(InputStream in) {
            this.in = Objects.requireNonNull(in, "in");
        }

        /** Continues from offset {@code at} of what was read so far. */
        void rewind(int at) {
            if (at > count) {
                throw new IllegalStateException("cannot rewind to byte " + at + " of " + count + " read");
            }
            pos = at;
        }

        /** This stream from absolute offset {@code at} (read already, or the next unread byte), keeping nothing more. */
        InputStream from(long at) {
            if (at > count) {
                throw new IllegalStateException("the data start " + at + " is past the " + count + " bytes read");
            }
            pos = (int) at;
            keeping = false;
            return this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (pos < count) {
                int n = Math.min(len, count - pos);
                System.arraycopy(kept, pos, b, off, n);
                pos += n;
                if (!keeping && pos == count) {
                    kept = null; // replayed: the rest passes through
                }
                return n;
            }
            if (!keeping) {
                return in.read(b, off, len);
            }
            int n = in.read(b, off, len);
            if (n > 0) {
                if (count + n > kept.length) {
                    kept = Arrays.copyOf(kept, Math.max(count + n, kept.length * 2));
                }
                System.arraycopy(b, off, kept, count, n);
                count += n;
                pos += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            kept = null;
            in.close();
        }
    }
}

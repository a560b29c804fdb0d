package dev.twinrun.core.csv;

import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parses the RFC 4180 records that start inside one byte range of a file, streaming, with memory bounded
 * by {@link Limits}: quoted commas, quotes and newlines; LF or CRLF; blank lines are not records.
 *
 * <p>A range that does not start at a known record boundary is parsed <em>speculatively</em> from the
 * first line start at or after its start; the caller checks that guess against where the previous range
 * really ended and re-parses from the true boundary when a quoted newline fooled it
 * ({@link Result#firstRecordStart()}, {@link Result#nextRecordStart()}).
 */
public final class SplitParser {

    /** Receives the range's records. */
    public interface Handler {
        /** A structurally valid record with the expected column count: aggregate it or say why not. */
        Rejection row(Row row);

        /**
         * A quarantined record: its newline count before it within the range, absolute byte offset and
         * length, the first bytes of it (terminator excluded), and why.
         */
        void quarantined(
                long linesBefore,
                long offset,
                long length,
                byte[] raw,
                int rawFrom,
                int rawLength,
                boolean rawTruncated,
                Rejection rejection)
                throws IOException;
    }

    /**
     * What a range held. {@code newlines} counts every line feed consumed, so line numbers of the next
     * range follow from it; rows read = aggregated + quarantined.
     */
    public record Result(
            long firstRecordStart,
            long nextRecordStart,
            long newlines,
            long rowsRead,
            long rowsAggregated,
            long rowsQuarantined,
            Map<String, Long> quarantinedByReason) {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x7f7f7f7f7f7f7f7fL;
    private static final long COMMAS = ONES * ',';
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    /** Multiplied by a word's high bits shifted to bit 0 of each byte, gathers them into its top byte, in order. */
    private static final long GATHER = 0x0102040810204080L;

    private static final int INITIAL_BUFFER = 1 << 20;
    /** Bytes indexed at a time (see {@link #indexMore}). */
    private static final int INDEX_BLOCK = 4096;

    private static final int FALLBACK = -2;

    /**
     * Whether records are read from the delimiter index: only where C2 compiles the parser. Under C1 alone
     * ({@code -XX:TieredStopAtLevel=1}, as the Lambda runtime, the EC2 unit and the Fargate task run) the index loops
     * compile poorly and the byte path is faster (docs/BENCHMARKS.md, "round three"). Both give the same records
     * ({@code IndexedParseDifferentialTest}); {@code -Dtwinrun.csv.index=on|off} overrides the choice.
     */
    static final boolean INDEX_PAYS = indexPays(
            System.getProperty("twinrun.csv.index", "auto"),
            System.getenv("JAVA_TOOL_OPTIONS") + " " + commandLine() + " " + System.getenv("JDK_JAVA_OPTIONS"));

    private static final int MIN_BUFFER = 4096;

    private final InputStream in;
    private final long end;
    private final int expectedColumns;
    private final Limits limits;
    private final Handler handler;
    private final long maxRecords;
    private final int maxBuffer;
    private final Row row;

    private byte[] buf;
    private int lim;
    private long base;
    private boolean eof;
    private byte[] scratch = new byte[1024];
    private int scratchPos;

    // The delimiter index of buf[..indexedTo): positions of commas, quotes and line feeds, delims[delimHead..] unread;
    // the starts of the words with a byte above 0x7F, highWords[highHead..highCount).
    private boolean indexed = INDEX_PAYS;
    private final int[] delims = new int[INDEX_BLOCK + 16];
    private int delimCount;
    private int delimHead;
    private int indexedTo;
    private int[] highWords = new int[INDEX_BLOCK / 8 + 1];
    private int highCount;
    private int highHead;

    // Flags of the record parsed last.
    private int recNewlines;
    private int recHigh;
    private boolean recMalformed;
    private boolean recFieldTooLong;
    private boolean recUnterminated;

    private long newlines;
    private long rowsRead;
    private long rowsAggregated;
    private long rowsQuarantined;
    private final Map<String, long[]> byReason = new HashMap<>();

    /**
     * @param in the file's bytes from {@code streamOffset} on
     * @param streamOffset absolute offset of the stream's first byte
     * @param end records starting at or after this absolute offset belong to the next range
     * @param expectedColumns the header's column count, or -1 to accept any count
     * @param maxRecords stop after this many records (Long.MAX_VALUE for all)
     */
    public SplitParser(
            InputStream in,
            long streamOffset,
            long end,
            int expectedColumns,
            Limits limits,
            Handler handler,
            long maxRecords) {
        this(in, streamOffset, end, expectedColumns, limits, handler, maxRecords, INITIAL_BUFFER);
    }

    /**
     * As above, starting with a buffer of {@code initialBufferBytes} (it grows as records need): a small file's parser
     * then holds, and reads ahead, no more than the file.
     */
    public SplitParser(
            InputStream in,
            long streamOffset,
            long end,
            int expectedColumns,
            Limits limits,
            Handler handler,
            long maxRecords,
            int initialBufferBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.base = streamOffset;
        this.end = end;
        this.expectedColumns = expectedColumns;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        // Room for a field past the column count, so the indexed path never grows the row (see parseIndexed).
        this.row = new Row(Math.max(32, expectedColumns + 1));
        this.maxRecords = maxRecords;
        this.maxBuffer = Math.max(limits.maxRowBytes() + 8, INITIAL_BUFFER);
        this.buf = new byte[Math.max(MIN_BUFFER, Math.min(Math.min(INITIAL_BUFFER, initialBufferBytes), maxBuffer))];
    }

    /**
     * {@code on}, {@code off}, or {@code auto}: on unless the JVM's flags (as given: the environment's tool options,
     * the command line, the launcher's options; the last one wins, as in the JVM) stop compilation below tier 4.
     */
    static boolean indexPays(String setting, String flags) {
        if (setting.equals("on") || setting.equals("off")) {
            return setting.equals("on");
        }
        String flag = "-XX:TieredStopAtLevel=";
        int at = flags.lastIndexOf(flag);
        if (at < 0 || at + flag.length() >= flags.length()) {
            return true;
        }
        char level = flags.charAt(at + flag.length());
        return level < '0' || level > '3';
    }

    /** This process's command line on Linux ({@code /proc/self/cmdline}), else empty: a hint, never an error. */
    private static String commandLine() {
        try {
            byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline"));
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace('\0', ' ');
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** The same parser with the delimiter index on or off, whatever the JVM: for tests that compare both paths. */
    SplitParser withIndex(boolean on) {
        indexed = on;
        return this;
    }

    /** Parses records from the stream's first byte, which must be a record boundary. */
    public Result parseFromBoundary() throws IOException {
        return parse(0);
    }

    /**
     * Parses records from a guessed record start after the stream's first byte (see {@link #guessStart}); open the
     * stream one byte before the range's nominal start so a record starting exactly there is found. A wrong guess
     * costs time only: the scanner parses again a range whose first record is not where the range before ended.
     */
    public Result parseSpeculative() throws IOException {
        while (true) {
            for (int i = 0; i < lim; i++) {
                if (buf[i] == '\n') {
                    return parse(guessStart(i));
                }
            }
            base += lim;
            lim = 0;
            resetIndex();
            if (eof) {
                return parse(0);
            }
            fill();
        }
    }

    /**
     * The likelier record start in the buffer, whose first line feed is at {@code firstNewline}. The stream starts
     * either outside quotes, and then a record starts after the first line feed that an even number of quotes
     * precede, or inside a quoted field (a boundary in a field holding a line feed), and then after the first that an
     * odd number precede. The first of the two whose record has the expected column count within the buffer wins, the
     * even one tried first; when neither has, the first line start, as without the guess.
     */
    private int guessStart(int firstNewline) {
        if (expectedColumns < 0) {
            return firstNewline + 1;
        }
        for (int parity = 0; parity < 2; parity++) {
            int quotes = 0;
            for (int i = 0; i < lim; i++) {
                byte c = buf[i];
                if (c == '"') {
                    quotes++;
                } else if (c == '\n' && (quotes & 1) == parity) {
                    if (fieldsAt(i + 1) == expectedColumns) {
                        return i + 1;
                    }
                    break;
                }
            }
        }
        return firstNewline + 1;
    }

    /** The field count of the record at {@code pos}, or -1 when it is malformed or does not end in the buffer. */
    private int fieldsAt(int pos) {
        final byte[] b = buf;
        int fields = 1;
        int i = pos;
        while (i < lim) {
            if (b[i] == '"') { // a quoted field runs to the quote no second quote follows
                i++;
                while (true) {
                    if (i >= lim) {
                        return -1;
                    }
                    if (b[i] == '"') {
                        if (i + 1 < lim && b[i + 1] == '"') {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                if (i >= lim) {
                    return -1;
                }
                if (b[i] == '\n' || (b[i] == '\r' && i + 1 < lim && b[i + 1] == '\n')) {
                    return fields;
                }
                if (b[i] != ',') {
                    return -1;
                }
            } else {
                while (i < lim && b[i] != ',' && b[i] != '\n') { // a quote inside an unquoted field is data
                    i++;
                }
                if (i >= lim) {
                    return -1;
                }
                if (b[i] == '\n') {
                    return fields;
                }
            }
            fields++;
            i++;
        }
        return -1;
    }

    private Result parse(int startPos) throws IOException {
        int pos = startPos;
        long first = base + pos;
        while (rowsRead < maxRecords) {
            if (pos >= lim) {
                if (eof) {
                    break;
                }
                pos = compact(pos);
                fill();
                continue;
            }
            if (base + pos >= end) {
                break;
            }
            int e = parseRecord(pos);
            if (e < 0) {
                if (lim - pos >= maxBuffer) {
                    pos = skipOverlongRecord(pos);
                    continue;
                }
                pos = compact(pos);
                if (lim == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(maxBuffer, buf.length * 2));
                }
                fill();
                continue;
            }
            record(pos, e);
            pos = e;
        }
        Map<String, Long> reasons = new HashMap<>();
        byReason.forEach((k, v) -> reasons.put(k, v[0]));
        return new Result(
                first, Math.max(first, base + pos), newlines, rowsRead, rowsAggregated, rowsQuarantined, reasons);
    }

    private void record(int rs, int e) throws IOException {
        boolean blank = row.fieldCount() == 1 && row.isEmpty(0) && buf[rs] != '"' && !recMalformed;
        if (blank) {
            newlines += recNewlines;
            return;
        }
        rowsRead++;
        int len = e - rs;
        Rejection r;
        if (recUnterminated) {
            r = new Rejection(Rejection.UNTERMINATED_QUOTE, "a quoted field is not closed before the end of the file");
        } else if (len > limits.maxRowBytes()) {
            r = new Rejection(Rejection.ROW_TOO_LONG, "row of " + len + " bytes exceeds " + limits.maxRowBytes());
        } else if (recMalformed) {
            r = new Rejection(Rejection.MALFORMED_QUOTES, "characters after a closing quote");
        } else if (recHigh < 0 && !Utf8.isValid(buf, rs, e)) {
            r = new Rejection(Rejection.INVALID_ENCODING, "bytes that are not valid UTF-8");
        } else if (recFieldTooLong) {
            r = new Rejection(Rejection.FIELD_TOO_LONG, "a field exceeds " + limits.maxFieldBytes() + " bytes");
        } else if (expectedColumns >= 0 && row.fieldCount() != expectedColumns) {
            r = new Rejection(
                    Rejection.WRONG_COLUMN_COUNT, "expected " + expectedColumns + " fields, found " + row.fieldCount());
        } else {
            r = handler.row(row);
        }
        if (r == null) {
            rowsAggregated++;
        } else {
            int content = contentLength(rs, e);
            int raw = Math.min(content, limits.maxRawBytes());
            quarantine(newlines, base + rs, len, buf, rs, raw, raw < content, r);
        }
        newlines += recNewlines;
    }

    /** The record's length without its line terminator. */
    private int contentLength(int rs, int e) {
        int n = e - rs;
        if (n > 0 && buf[rs + n - 1] == '\n') {
            n--;
            if (n > 0 && buf[rs + n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    private void quarantine(
            long linesBefore,
            long offset,
            long length,
            byte[] raw,
            int from,
            int rawLen,
            boolean truncated,
            Rejection r)
            throws IOException {
        rowsQuarantined++;
        byReason.computeIfAbsent(r.reason(), k -> new long[1])[0]++;
        handler.quarantined(linesBefore, offset, length, raw, from, rawLen, truncated, r);
    }

    /**
     * Parses one record starting at {@code rs}; returns the position after it, or -1 when the buffer ends
     * before the record does and more input may come.
     */
    private int parseRecord(int rs) {
        if (indexed) {
            int e = parseIndexed(rs);
            if (e != FALLBACK) {
                return e;
            }
            // The index may have moved on within the record (a block indexed past it): start it again after the
            // record, wherever the byte path ends it.
            resetIndex();
        }
        return parseBytes(rs);
    }

    /**
     * The same record as {@link #parseBytes} from the delimiter index: a field is the bytes between two entries, a
     * quoted field runs to the quote entry not followed by another quote. {@link #FALLBACK} when the record leaves
     * the indexed bytes or is not well formed (characters after a closing quote, an unterminated quote): the byte
     * path then parses it from {@code rs}, as it would have anyway.
     */
    private int parseIndexed(int rs) {
        final byte[] b = buf;
        final int maxField = limits.maxFieldBytes();
        final int fieldLimit = expectedColumns < 0 ? Integer.MAX_VALUE : expectedColumns + 1;
        int[] d = delims;
        // The next unread entry is the record's first delimiter: a record read here leaves the index at the entry
        // after its line feed, and every other way past a record (the byte path, a skipped over-long record, a
        // compacted buffer) resets the index.
        int h = delimHead;
        int n = delimCount;
        final Row row = this.row;
        row.clear();
        // Fields' bounds are written straight into the row's arrays, and their count kept here; the row learns the
        // count, and that fields [filled, count) are slices of the buffer, at the end (Row.fill). The arrays hold a
        // field past the column count (the constructor sized them), so they do not grow within the record; without a
        // column count, a record of more fields than they hold is left to the byte path, which grows them.
        final int[] st = row.starts();
        final int[] en = row.ends();
        final int cap = Math.min(fieldLimit, st.length);
        int count = 0;
        int filled = 0;
        scratchPos = 0;
        int nl = 0;
        boolean tooLong = false;
        int fs = rs;
        int end;
        while (true) {
            if (h == n) {
                if (!indexMore(rs)) {
                    return FALLBACK;
                }
                h = 0;
                n = delimCount;
            }
            int q = d[h];
            byte c = b[q];
            if (c == '"' && q == fs) {
                h++;
                int doubled = 0;
                int close;
                while (true) {
                    if (h == n) {
                        if (!indexMore(rs)) {
                            return FALLBACK;
                        }
                        h = 0;
                        n = delimCount;
                    }
                    q = d[h];
                    c = b[q];
                    if (c == '"') {
                        if (q + 1 >= indexedTo) {
                            return FALLBACK;
                        }
                        if (b[q + 1] == '"') { // an escaped quote: the next entry is its second half
                            doubled++;
                            h += 2;
                            continue;
                        }
                        close = q;
                        h++;
                        break;
                    }
                    if (c == '\n') {
                        nl++;
                    }
                    h++;
                }
                int qs = fs + 1;
                if (close - qs - doubled > maxField) {
                    tooLong = true;
                }
                if (doubled == 0 && count < cap) {
                    st[count] = qs;
                    en[count] = close;
                    count++;
                } else if (count >= cap && cap < fieldLimit) {
                    return FALLBACK;
                } else if (doubled > 0) {
                    row.fill(filled, count, b);
                    addUnescaped(b, qs, close, fieldLimit);
                    count = row.fieldCount();
                    filled = count;
                } else {
                    count++; // past the column count: counted, not kept
                }
                int after = close + 1;
                byte a = b[after];
                if (a == ',') {
                    h++;
                    fs = after + 1;
                    continue;
                }
                if (a == '\n') {
                    end = after + 1;
                } else if (a == '\r' && after + 1 < indexedTo && b[after + 1] == '\n') {
                    end = after + 2;
                } else {
                    return FALLBACK;
                }
                h++;
                nl++;
                break;
            }
            while (c == '"') { // a quote inside an unquoted field is data
                h++;
                if (h == n) {
                    if (!indexMore(rs)) {
                        return FALLBACK;
                    }
                    h = 0;
                    n = delimCount;
                }
                q = d[h];
                c = b[q];
            }
            int fe = q;
            // A carriage return before the delimiter is stripped. Both tests are made (&: no branch between them); a
            // field ending at the buffer's first byte is empty, and reads byte 0 instead of byte -1.
            if (fe > fs & b[fe - 1 + ((fe - 1) >>> 31)] == '\r') {
                fe--;
            }
            if (fe - fs > maxField) {
                tooLong = true;
            }
            if (count < cap) {
                st[count] = fs;
                en[count] = fe;
                count++;
            } else if (cap < fieldLimit) {
                return FALLBACK;
            } else {
                count++; // past the column count: counted, not kept
            }
            h++;
            if (c == ',') {
                fs = q + 1;
                continue;
            }
            end = q + 1;
            nl++;
            break;
        }
        row.fill(filled, count, b);
        delimHead = h;
        int hh = highHead;
        while (hh < highCount && highWords[hh] + 8 <= rs) {
            hh++;
        }
        highHead = hh;
        recNewlines = nl;
        recHigh = hh < highCount && highWords[hh] < end ? -1 : 0;
        recMalformed = false;
        recFieldTooLong = tooLong;
        recUnterminated = false;
        return end;
    }

    /**
     * Indexes the next block of the buffer: the position of every comma, quote and line feed, found eight bytes at
     * a time, and the start of every word holding a byte above 0x7F (so a record's encoding is checked only when it
     * may need it). Entries before {@code rs} that are still unread are dropped; false when no whole word is left
     * before the buffer's end (the byte path takes the record from there).
     */
    private boolean indexMore(int rs) {
        int k = 0;
        for (int i = highHead; i < highCount; i++) {
            if (highWords[i] + 8 > rs) {
                highWords[k++] = highWords[i];
            }
        }
        highCount = k;
        highHead = 0;
        final byte[] b = buf;
        final int[] d = delims;
        int p = Math.max(indexedTo, rs);
        int stop = Math.min(lim - 8, p + INDEX_BLOCK - 8);
        int n = 0;
        while (n == 0 && p <= stop) {
            // 64 bytes at a time: each word's delimiter bits gathered into one bit per byte, the 64 bits then turned
            // into positions, twelve written whatever the count (about seven is usual), more one by one.
            for (; p + 56 <= stop; p += 64) {
                long any = 0;
                long mask = 0;
                for (int word = 0; word < 8; word++) {
                    long w = (long) LONGS.get(b, p + 8 * word);
                    any |= w;
                    mask |= (((delimiterBits(w) >>> 7) * GATHER) >>> 56) << (8 * word);
                }
                if ((any & HIGH_BITS) != 0) {
                    noteHighWords(b, p, p + 64);
                }
                int count = Long.bitCount(mask);
                for (int j = 0; j < 12; j++) {
                    d[n + j] = p + Long.numberOfTrailingZeros(mask);
                    mask &= mask - 1;
                }
                for (int j = 12; j < count; j++) {
                    d[n + j] = p + Long.numberOfTrailingZeros(mask);
                    mask &= mask - 1;
                }
                n += count;
            }
            for (; p <= stop; p += 8) {
                long w = (long) LONGS.get(b, p);
                if ((w & HIGH_BITS) != 0) {
                    noteHighWords(b, p, p + 8);
                }
                long m = delimiterBits(w);
                int count = Long.bitCount(m);
                for (int j = 0; j < count; j++) {
                    d[n + j] = p + (Long.numberOfTrailingZeros(m) >>> 3);
                    m &= m - 1;
                }
                n += count;
            }
            stop = Math.min(lim - 8, p + INDEX_BLOCK - 8);
        }
        indexedTo = p;
        delimCount = n;
        delimHead = 0;
        return n > 0;
    }

    /**
     * The high bit of every byte of {@code w} that is a comma, a quote or a line feed, and of no other: the three
     * {@link #exactZeroBytes} or'ed, ~(a | L) | ~(b | L) | ~(c | L) = ~((a & b & c) | L), one complement for all three.
     */
    private static long delimiterBits(long w) {
        return ~((nonZeroBits(w ^ COMMAS) & nonZeroBits(w ^ QUOTES) & nonZeroBits(w ^ NEWLINES)) | LOW_BITS);
    }

    /** The high bit set in every byte of {@code v} that is not zero, and in no byte that is (other bits vary). */
    private static long nonZeroBits(long v) {
        return ((v & LOW_BITS) + LOW_BITS) | v;
    }

    /** Adds the start of each word in {@code b[from..to)} that holds a byte above 0x7F to the index's list. */
    private void noteHighWords(byte[] b, int from, int to) {
        for (int p = from; p < to; p += 8) {
            if (((long) LONGS.get(b, p) & HIGH_BITS) != 0) {
                if (highCount == highWords.length) {
                    highWords = Arrays.copyOf(highWords, highCount * 2);
                }
                highWords[highCount++] = p;
            }
        }
    }

    /** Forgets the index: the buffer's bytes moved. */
    private void resetIndex() {
        delimCount = 0;
        delimHead = 0;
        indexedTo = 0;
        highCount = 0;
        highHead = 0;
    }

    /** The record at {@code rs} read byte by byte where it must be (see {@link #parseRecord}). */
    private int parseBytes(int rs) {
        final byte[] b = buf;
        final int lim = this.lim;
        final boolean eof = this.eof;
        final int maxField = limits.maxFieldBytes();
        final int fieldLimit = expectedColumns < 0 ? Integer.MAX_VALUE : expectedColumns + 1;
        row.clear();
        scratchPos = 0;
        int nl = 0;
        int high = 0;
        boolean malformed = false;
        boolean tooLong = false;
        boolean unterminated = false;
        int p = rs;
        while (true) {
            int fs = p;
            if (p < lim && b[p] == '"') {
                p++;
                int qs = p;
                boolean escaped = false;
                int doubled = 0; // escaped quotes: each counts once in the value
                while (true) {
                    // Eight bytes at a time up to the next quote, counting the newlines before it.
                    while (p + 8 <= lim) {
                        long w = (long) LONGS.get(b, p);
                        long quotes = zeroBytes(w ^ QUOTES);
                        int k = quotes == 0 ? 8 : Long.numberOfTrailingZeros(quotes) >>> 3;
                        long before = k == 8 ? w : w & ~(-1L << (8 * k));
                        if ((before & HIGH_BITS) != 0) {
                            high = -1;
                        }
                        nl += Long.bitCount(exactZeroBytes(before ^ NEWLINES));
                        p += k;
                        if (k < 8) {
                            break;
                        }
                    }
                    while (p < lim && b[p] != '"') {
                        byte c = b[p];
                        if (c == '\n') {
                            nl++;
                        }
                        high |= c;
                        p++;
                    }
                    if (p >= lim) {
                        if (!eof) {
                            return -1;
                        }
                        unterminated = true;
                        break;
                    }
                    if (p + 1 >= lim && !eof) {
                        return -1;
                    }
                    if (p + 1 < lim && b[p + 1] == '"') {
                        escaped = true;
                        doubled++;
                        p += 2;
                        continue;
                    }
                    break;
                }
                int qe = unterminated ? lim : p;
                if (qe - qs - doubled > maxField) {
                    tooLong = true;
                }
                if (escaped) {
                    addUnescaped(b, qs, qe, fieldLimit);
                } else {
                    row.add(b, qs, qe, fieldLimit);
                }
                if (unterminated) {
                    p = lim;
                    break;
                }
                p++;
                if (p < lim) {
                    byte c = b[p];
                    if (c != ',' && c != '\n') {
                        if (c == '\r' && p + 1 >= lim && !eof) {
                            return -1;
                        }
                        if (c == '\r' && (p + 1 >= lim || b[p + 1] == '\n')) {
                            p++;
                        } else {
                            malformed = true;
                            while (p < lim && b[p] != ',' && b[p] != '\n') {
                                high |= b[p];
                                p++;
                            }
                            if (p >= lim && !eof) {
                                return -1;
                            }
                        }
                    }
                } else if (!eof) {
                    return -1;
                }
            } else {
                // Eight bytes at a time up to the next comma or newline; the byte loop below finishes at the
                // buffer's end (or stops at once on the delimiter found here).
                while (p + 8 <= lim) {
                    long w = (long) LONGS.get(b, p);
                    long found = zeroBytes(w ^ COMMAS) | zeroBytes(w ^ NEWLINES);
                    if (found != 0) {
                        int k = Long.numberOfTrailingZeros(found) >>> 3;
                        if ((w & ~(-1L << (8 * k)) & HIGH_BITS) != 0) {
                            high = -1;
                        }
                        p += k;
                        break;
                    }
                    if ((w & HIGH_BITS) != 0) {
                        high = -1;
                    }
                    p += 8;
                }
                while (p < lim) {
                    byte c = b[p];
                    if (c == ',' || c == '\n') {
                        break;
                    }
                    high |= c;
                    p++;
                }
                if (p >= lim && !eof) {
                    return -1;
                }
                int fe = p;
                if (fe > fs && b[fe - 1] == '\r') {
                    fe--;
                }
                if (fe - fs > maxField) {
                    tooLong = true;
                }
                row.add(b, fs, fe, fieldLimit);
            }
            if (p >= lim) {
                break;
            }
            if (b[p] == ',') {
                p++;
                continue;
            }
            p++;
            nl++;
            break;
        }
        recNewlines = nl;
        recHigh = high;
        recMalformed = malformed;
        recFieldTooLong = tooLong;
        recUnterminated = unterminated;
        return p;
    }

    /**
     * The high bit set in every byte of {@code v} that is zero, and possibly in bytes above the lowest one that is
     * (a borrow): exact for the lowest, which is all a search needs.
     */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGH_BITS;
    }

    /** The high bit set in exactly the bytes of {@code v} that are zero (no borrow between bytes): for counting. */
    private static long exactZeroBytes(long v) {
        return ~(((v & LOW_BITS) + LOW_BITS) | v | LOW_BITS);
    }

    private void addUnescaped(byte[] b, int from, int to, int fieldLimit) {
        int need = scratchPos + (to - from);
        if (need > scratch.length) {
            scratch = new byte[Math.max(need, scratch.length * 2)];
            scratchPos = 0;
        }
        int start = scratchPos;
        int w = scratchPos;
        for (int i = from; i < to; i++) {
            scratch[w++] = b[i];
            if (b[i] == '"') {
                i++;
            }
        }
        scratchPos = w;
        row.add(scratch, start, w, fieldLimit);
    }

    /**
     * A record longer than the buffer may hold: keep its first bytes for the quarantine file, stream past
     * the rest with the same field rules, and quarantine it.
     */
    private int skipOverlongRecord(int rs) throws IOException {
        long offset = base + rs;
        byte[] raw = Arrays.copyOfRange(buf, rs, rs + Math.min(lim - rs, limits.maxRawBytes()));
        long nl = 0;
        int state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote inside quoted
        int p = rs;
        while (true) {
            while (p < lim) {
                byte c = buf[p++];
                if (c == '\n') {
                    nl++;
                    if (state != 2) {
                        finishOverlong(offset, base + p - offset, raw, nl, false);
                        return p;
                    }
                    continue;
                }
                switch (state) {
                    case 0 -> state = c == '"' ? 2 : (c == ',' ? 0 : 1);
                    case 1 -> state = c == ',' ? 0 : 1;
                    case 2 -> state = c == '"' ? 3 : 2;
                    default -> state = c == '"' ? 2 : (c == ',' ? 0 : 1);
                }
            }
            base += lim;
            lim = 0;
            resetIndex();
            p = 0;
            if (eof) {
                finishOverlong(offset, base - offset, raw, nl, state == 2);
                return 0;
            }
            fill();
        }
    }

    private void finishOverlong(long offset, long length, byte[] raw, long nl, boolean unterminated)
            throws IOException {
        rowsRead++;
        Rejection r = unterminated
                ? new Rejection(Rejection.UNTERMINATED_QUOTE, "a quoted field is not closed before the end of the file")
                : new Rejection(Rejection.ROW_TOO_LONG, "row of " + length + " bytes exceeds " + limits.maxRowBytes());
        quarantine(newlines, offset, length, raw, 0, raw.length, true, r);
        newlines += nl;
    }

    private int compact(int pos) {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            resetIndex();
        }
        return 0;
    }

    private void fill() throws IOException {
        if (eof) {
            return;
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(maxBuffer, buf.length), buf.length * 2));
            if (lim == buf.length) {
                return;
            }
        }
        int n = in.readNBytes(buf, lim, buf.length - lim);
        if (n < buf.length - lim) {
            eof = true;
        }
        lim += n;
    }
}

package dev.twinrun.core.job;

import dev.twinrun.core.csv.SpreadsheetSafe;
import dev.twinrun.core.transform.Rejection;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

/**
 * Quarantined rows of one parsed range, spilled to a temporary file as they come (memory stays flat however
 * many rows are bad), with line numbers relative to the range until the range's first line is known.
 */
final class QuarantineSpill implements AutoCloseable {
    private final Path dir;
    private Path file;
    private DataOutputStream out;
    private long entries;

    private final long rawCopyBytes;
    private final long rawCopyBytesPerHour;
    private long rawBytesKept;
    private boolean overHourCap;

    QuarantineSpill(Path dir) {
        this(dir, RAW_COPY_BYTES_PER_FILE);
    }

    /** A spill keeping raw copies of rows that start before byte {@code rawCopyBytes} of their file. */
    QuarantineSpill(Path dir, long rawCopyBytes) {
        this(dir, rawCopyBytes, Long.MAX_VALUE);
    }

    /**
     * A spill keeping raw copies of rows that start before byte {@code rawCopyBytes} of their file, and none once its
     * own copies pass {@code rawCopyBytesPerHour}: the hour's copies ({@link RawBudget}) have passed it by then too, so
     * the bytes would never be written.
     */
    QuarantineSpill(Path dir, long rawCopyBytes, long rawCopyBytesPerHour) {
        this.dir = dir;
        this.rawCopyBytes = rawCopyBytes;
        this.rawCopyBytesPerHour = rawCopyBytesPerHour;
    }

    void add(
            long linesBefore,
            long offset,
            long length,
            byte[] raw,
            int from,
            int rawLength,
            boolean truncated,
            Rejection r)
            throws IOException {
        if (out == null) {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "twinrun-quarantine-", ".bin");
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }
        out.writeLong(linesBefore);
        out.writeLong(offset);
        out.writeLong(length);
        out.writeUTF(r.reason());
        out.writeUTF(r.detail().length() > 1000 ? r.detail().substring(0, 1000) : r.detail());
        if (offset >= rawCopyBytes) {
            out.writeBoolean(true);
            out.writeInt(0); // over the cap: the row is listed and counted, its bytes stay in the input
        } else if (overHourCap || rawBytesKept + rawLength > rawCopyBytesPerHour) {
            overHourCap = true;
            out.writeBoolean(true);
            out.writeInt(OVER_HOUR_CAP);
        } else {
            rawBytesKept += rawLength;
            out.writeBoolean(truncated);
            out.writeInt(rawLength);
            out.write(raw, from, rawLength);
        }
        entries++;
    }

    long entries() {
        return entries;
    }

    /** The spilled entries as bytes, to ship a shard's quarantined rows to the merge. */
    byte[] toBytes() throws IOException {
        if (out == null) {
            return new byte[0];
        }
        out.flush();
        return Files.readAllBytes(file);
    }

    /** A spill holding {@code entries} entries that {@link #toBytes()} produced elsewhere. */
    static QuarantineSpill fromBytes(Path dir, byte[] bytes, long entries) throws IOException {
        QuarantineSpill s = new QuarantineSpill(dir);
        if (entries > 0) {
            Files.createDirectories(dir);
            s.file = Files.createTempFile(dir, "twinrun-quarantine-", ".bin");
            Files.write(s.file, bytes);
            s.out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(s.file, StandardOpenOption.APPEND)));
            s.entries = entries;
        }
        return s;
    }

    /** Appends this range's rows to the quarantine CSV, numbering lines from {@code firstLine}; no cap for the hour. */
    void writeCsv(OutputStream csv, String fileName, long firstLine) throws IOException {
        writeCsv(csv, fileName, firstLine, new RawBudget(Long.MAX_VALUE));
    }

    /**
     * Appends this range's rows to the quarantine CSV, numbering lines from {@code firstLine}, with raw copies while
     * the hour's {@code budget} lasts.
     */
    void writeCsv(OutputStream csv, String fileName, long firstLine, RawBudget budget) throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] prefix = SpreadsheetSafe.textCell(fileName).getBytes(StandardCharsets.UTF_8);
            for (long i = 0; i < entries; i++) {
                long line = firstLine + in.readLong();
                long offset = in.readLong();
                long length = in.readLong();
                String reason = in.readUTF();
                String detail = in.readUTF();
                boolean truncated = in.readBoolean();
                int rawLength = in.readInt();
                byte[] raw;
                if (rawLength == OVER_HOUR_CAP) {
                    budget.exhausted = true;
                    raw = NONE;
                } else {
                    raw = new byte[rawLength];
                    in.readFully(raw);
                    if (!budget.keep(rawLength)) {
                        raw = NONE;
                        truncated = true;
                    }
                }
                if (truncated && raw.length == 0) {
                    budget.omitted++;
                }
                csv.write(prefix);
                String mid = "," + line + "," + offset + "," + length + "," + SpreadsheetSafe.textCell(reason) + ","
                        + SpreadsheetSafe.textCell(detail) + "," + truncated + ","
                        + SpreadsheetSafe.cell(SpreadsheetSafe.readable(raw, 0, raw.length)) + ","
                        + (truncated && raw.length == 0 ? "" : BASE64_PREFIX + ENCODER.encodeToString(raw)) + "\n";
                csv.write(mid.getBytes(StandardCharsets.UTF_8));
            }
        } catch (EOFException e) {
            throw new IOException("quarantine spill " + file + " is shorter than its " + entries + " entries", e);
        }
    }

    /**
     * Columns of {@code rejected_rows.csv}. {@code raw_text} is for reading (control characters shown as symbols,
     * a leading formula character neutralised with {@code '}); {@code raw_bytes} is the exact original bytes as
     * {@code base64:} + RFC 4648 base64, a form no spreadsheet evaluates.
     */
    static final String CSV_HEADER =
            "file,line,byte_offset,byte_length,reason,detail,raw_truncated,raw_text,raw_bytes\n";

    /** Prefix of a {@code raw_bytes} cell: the cell never starts with a formula character. */
    static final String BASE64_PREFIX = "base64:";

    /**
     * Raw copies are kept for rows starting in the first 64 MiB of a file; later rows are listed and counted (with
     * {@code raw_truncated} true and empty raw columns; {@code byte_offset}/{@code byte_length} locate them), so an
     * all-bad hour needs temp space for its row list, not for a copy of its input. Deterministic per row: the same
     * whatever the split into ranges or shards.
     */
    static final long RAW_COPY_BYTES_PER_FILE = 64L << 20;

    /**
     * Raw copies kept in one hour's quarantine, in bytes of input, by default (256 MiB): in file and line order, rows
     * keep their copy until the copies would pass it, and every later row is listed without one (counts stay exact).
     */
    static final long RAW_COPY_BYTES_PER_HOUR = 256L << 20;

    /** The raw length a spill entry records for a row past the hour's cap (its bytes were not kept). */
    private static final int OVER_HOUR_CAP = -1;

    private static final byte[] NONE = new byte[0];

    /** The hour's raw-copy budget, spent in file and line order as the quarantine CSV is written. */
    static final class RawBudget {
        private final long capBytes;
        private long keptBytes;
        private boolean exhausted;
        private long omitted;

        RawBudget(long capBytes) {
            if (capBytes < 0) {
                throw new IllegalArgumentException("raw copy cap must be >= 0, was " + capBytes);
            }
            this.capBytes = capBytes;
        }

        /** Spends {@code bytes} when they still fit; once a copy does not fit, no later copy is kept. */
        boolean keep(long bytes) {
            if (exhausted || keptBytes + bytes > capBytes) {
                exhausted = true;
                return false;
            }
            keptBytes += bytes;
            return true;
        }

        /** Rows listed without a raw copy (past a file's cap or the hour's). */
        long omitted() {
            return omitted;
        }
    }

    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}

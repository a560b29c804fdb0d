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

    QuarantineSpill(Path dir) {
        this(dir, RAW_COPY_BYTES_PER_FILE);
    }

    /** A spill keeping raw copies of rows that start before byte {@code rawCopyBytes} of their file. */
    QuarantineSpill(Path dir, long rawCopyBytes) {
        this.dir = dir;
        this.rawCopyBytes = rawCopyBytes;
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
        } else {
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

    /** Appends this range's rows to the quarantine CSV, numbering lines from {@code firstLine}. */
    void writeCsv(OutputStream csv, String fileName, long firstLine) throws IOException {
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
                byte[] raw = new byte[in.readInt()];
                in.readFully(raw);
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

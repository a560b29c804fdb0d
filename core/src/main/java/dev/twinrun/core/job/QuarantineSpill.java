package dev.twinrun.core.job;

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

/**
 * Quarantined rows of one parsed range, spilled to a temporary file as they come (memory stays flat however
 * many rows are bad), with line numbers relative to the range until the range's first line is known.
 */
final class QuarantineSpill implements AutoCloseable {
    private final Path dir;
    private Path file;
    private DataOutputStream out;
    private long entries;

    QuarantineSpill(Path dir) {
        this.dir = dir;
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
        out.writeBoolean(truncated);
        out.writeInt(rawLength);
        out.write(raw, from, rawLength);
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
            byte[] prefix = cell(fileName).getBytes(StandardCharsets.UTF_8);
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
                String mid = "," + line + "," + offset + "," + length + "," + cell(reason) + "," + cell(detail) + ","
                        + truncated + ",";
                csv.write(mid.getBytes(StandardCharsets.UTF_8));
                writeRaw(csv, raw);
                csv.write('\n');
            }
        } catch (EOFException e) {
            throw new IOException("quarantine spill " + file + " is shorter than its " + entries + " entries", e);
        }
    }

    /** The original bytes, always quoted, quotes doubled; nothing else is changed (not even invalid UTF-8). */
    private static void writeRaw(OutputStream csv, byte[] raw) throws IOException {
        csv.write('"');
        for (byte b : raw) {
            if (b == '"') {
                csv.write('"');
            }
            csv.write(b);
        }
        csv.write('"');
    }

    static String cell(String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    static final String CSV_HEADER = "file,line,byte_offset,byte_length,reason,detail,raw_truncated,raw\n";

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

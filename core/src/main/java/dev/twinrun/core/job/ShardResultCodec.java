package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.csv.SplitParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The wire format of a shard result ({@code TWRS}, version {@link #FORMAT_VERSION}): magic, version,
 * transformation name and hour, then each parsed range with its file, bounds, parse result, quarantined rows
 * and the transformation's encoded partial ({@code TWRP} for the built-in one), written and read one range at
 * a time. Bump the version on any change.
 */
final class ShardResultCodec {
    static final int MAGIC = 0x54575253; // "TWRS"
    static final int FORMAT_VERSION = 3;

    private ShardResultCodec() {}

    /**
     * One parsed range of a shard.
     *
     * @param key the input file's key
     * @param sizeBytes the file's size when the shard read it
     * @param etag the file's entity tag when the shard read it (format 2)
     * @param unusable why the file's header is unusable (the merge skips the file; the range then holds nothing),
     *     or empty (format 3)
     * @param dataStart byte offset of the file's first data record
     * @param headerNewlines newlines in the file's header record
     * @param nominalStart start of the range the shard was given
     * @param nominalEnd end (exclusive) of the range the shard was given
     * @param result what parsing the range found
     * @param spillEntries quarantined rows in {@code spill}
     * @param spill the quarantined rows, as {@link QuarantineSpill#toBytes()} writes them
     * @param partial the range's partial aggregate, as the transformation encodes it
     */
    record Range(
            String key,
            long sizeBytes,
            String etag,
            String unusable,
            long dataStart,
            long headerNewlines,
            long nominalStart,
            long nominalEnd,
            SplitParser.Result result,
            long spillEntries,
            byte[] spill,
            byte[] partial) {
        Range {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(etag, "etag");
            Objects.requireNonNull(unusable, "unusable");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(spill, "spill");
            Objects.requireNonNull(partial, "partial");
        }
    }

    /** Receives the ranges of a shard result as they are read. */
    interface RangeSink {
        void accept(Range range) throws IOException;
    }

    /** Writes one shard result: the header when made, then {@code ranges} ranges through {@link #add}. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final int ranges;
        private int added;

        Writer(String transformation, HourId hour, int ranges) {
            this.ranges = ranges;
            try {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT_VERSION);
                out.writeUTF(transformation);
                out.writeUTF(hour.toString());
                out.writeInt(ranges);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
        }

        void add(Range r) throws IOException {
            if (added == ranges) {
                throw new IllegalStateException("this shard result holds " + ranges + " ranges");
            }
            added++;
            out.writeUTF(r.key());
            out.writeLong(r.sizeBytes());
            out.writeUTF(r.etag());
            out.writeUTF(r.unusable());
            out.writeLong(r.dataStart());
            out.writeLong(r.headerNewlines());
            out.writeLong(r.nominalStart());
            out.writeLong(r.nominalEnd());
            SplitParser.Result p = r.result();
            for (long v : new long[] {
                p.firstRecordStart(),
                p.nextRecordStart(),
                p.newlines(),
                p.rowsRead(),
                p.rowsAggregated(),
                p.rowsQuarantined()
            }) {
                out.writeLong(v);
            }
            Map<String, Long> reasons = new TreeMap<>(p.quarantinedByReason());
            out.writeInt(reasons.size());
            for (Map.Entry<String, Long> e : reasons.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeLong(r.spillEntries());
            out.writeInt(r.spill().length);
            out.write(r.spill());
            out.writeInt(r.partial().length);
            out.write(r.partial());
        }

        byte[] toByteArray() throws IOException {
            if (added != ranges) {
                throw new IllegalStateException(added + " of " + ranges + " ranges were added");
            }
            out.flush();
            return bytes.toByteArray();
        }
    }

    /**
     * Reads a shard result made for {@code transformation} and {@code hour}, handing each range to
     * {@code sink}; fails on another format, version, transformation or hour.
     */
    static void read(byte[] result, String transformation, HourId hour, RangeSink sink) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(result));
        if (in.readInt() != MAGIC) {
            throw new IllegalArgumentException("not a twinrun shard result (bad magic number)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "shard result format " + version + " is not supported; this build reads " + FORMAT_VERSION);
        }
        String name = in.readUTF();
        String h = in.readUTF();
        if (!name.equals(transformation) || !h.equals(hour.toString())) {
            throw new IllegalArgumentException(
                    "shard result is for " + name + " " + h + ", not " + transformation + " " + hour);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            long size = in.readLong();
            String etag = in.readUTF();
            String unusable = in.readUTF();
            long dataStart = in.readLong();
            long headerNewlines = in.readLong();
            long nominalStart = in.readLong();
            long nominalEnd = in.readLong();
            long[] v = new long[6];
            for (int k = 0; k < v.length; k++) {
                v[k] = in.readLong();
            }
            Map<String, Long> reasons = new TreeMap<>();
            int rc = in.readInt();
            for (int k = 0; k < rc; k++) {
                reasons.put(in.readUTF(), in.readLong());
            }
            SplitParser.Result parsed = new SplitParser.Result(v[0], v[1], v[2], v[3], v[4], v[5], reasons);
            long entries = in.readLong();
            byte[] spill = new byte[in.readInt()];
            in.readFully(spill);
            byte[] partial = new byte[in.readInt()];
            in.readFully(partial);
            sink.accept(new Range(
                    key,
                    size,
                    etag,
                    unusable,
                    dataStart,
                    headerNewlines,
                    nominalStart,
                    nominalEnd,
                    parsed,
                    entries,
                    spill,
                    partial));
        }
    }
}

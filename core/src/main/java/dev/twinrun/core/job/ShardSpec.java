package dev.twinrun.core.job;

import dev.twinrun.core.store.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One shard of an hour: byte ranges of its input files, processed apart (another thread, function or
 * machine) into a partial result that {@link HourJob#mergeShards} combines with the others.
 *
 * @param index the shard's position in the plan, from 0
 * @param ranges the byte ranges {@code [start, end)} of files that this shard parses
 */
public record ShardSpec(int index, List<Range> ranges) {
    public ShardSpec {
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
    }

    /** A byte range of one input file; records that start inside it belong to it. */
    public record Range(String key, long sizeBytes, long start, long end) {
        public Range {
            Objects.requireNonNull(key, "key");
            if (start < 0 || end < start || end > sizeBytes) {
                throw new IllegalArgumentException(
                        "bad range [" + start + ", " + end + ") of " + key + " (" + sizeBytes + " bytes)");
            }
        }
    }

    /**
     * Cuts the files into about {@code shards} shards of similar byte size: whole small files, and byte
     * ranges of large ones (a range boundary may fall inside a quoted field; the merge repairs that).
     */
    public static List<ShardSpec> plan(List<ObjectInfo> files, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, was " + shards);
        }
        long total = 0;
        for (ObjectInfo f : files) {
            total += f.sizeBytes();
        }
        long target = Math.max(1, (total + shards - 1) / shards);
        List<ShardSpec> out = new ArrayList<>();
        List<Range> current = new ArrayList<>();
        long filled = 0;
        for (ObjectInfo f : files) {
            long pos = 0;
            do {
                long room = out.size() == shards - 1 ? Long.MAX_VALUE : target - filled;
                long take = Math.min(f.sizeBytes() - pos, room);
                current.add(new Range(f.key(), f.sizeBytes(), pos, pos + take));
                pos += take;
                filled += take;
                if (filled >= target && out.size() < shards - 1) {
                    out.add(new ShardSpec(out.size(), current));
                    current = new ArrayList<>();
                    filled = 0;
                }
            } while (pos < f.sizeBytes());
        }
        if (!current.isEmpty()) {
            out.add(new ShardSpec(out.size(), current));
        }
        return out;
    }
}

package dev.twinrun.core.agg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Estimates how many added values repeat one added before (rows minus distinct values), in bounded memory, by
 * hash-based (distinct) sampling: it keeps an exact count for every hash whose top {@link #level} bits are 0, a
 * sampling rate of 2^-level of the distinct values. Every copy of a value has the same hash, so a sampled value's
 * copies are all counted; when more than {@link #capacity} hashes are kept, the level rises by one and the hashes
 * that no longer match are dropped. {@link #duplicates} is (sampled rows - sampled distinct) * 2^level, exact at
 * level 0 (up to {@code capacity} distinct values, apart from 64-bit hash collisions).
 *
 * <p>The state is a function of the multiset of hashes alone (the level is the smallest one whose sample fits the
 * capacity; a kept hash has been kept since its first copy), so any split of the input merges to the same state.
 * Memory: at most {@code capacity} hashes, two tables of at most 2 x capacity longs (2 MiB at the default), and 256
 * hashes held before they are counted.
 */
public final class DuplicateEstimator {
    /** Distinct hashes kept at most, by default. */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private static final int MAX_LEVEL = 64;

    /**
     * Hashes {@link #add} holds before it counts them, in one loop of their own: the branch on the sampling level
     * then sits in that small method, not in every caller's compiled row loop. A row loop compiled while the level
     * was 0 leaves that branch out, and the first sampled-out hash threw the whole loop (about 54 KB of code) back to
     * slower code and a second compile of over 100 ms.
     */
    private static final int PENDING = 256;

    private final int capacity;
    private long[] keys; // 0 is the empty marker; hash 0 is kept apart (zeroCount)
    private long[] counts;
    private int size; // distinct hashes in the sample, the zero hash included
    private long zeroCount;
    private int level;
    private long sampledRows;
    private long rows;
    private final long[] pending = new long[PENDING];
    private int pendingCount;

    public DuplicateEstimator() {
        this(DEFAULT_CAPACITY);
    }

    /** An estimator keeping at most {@code capacity} distinct hashes (a power of two of at least 4). */
    public DuplicateEstimator(int capacity) {
        if (capacity < 4 || Integer.bitCount(capacity) != 1 || capacity > 1 << 28) {
            throw new IllegalArgumentException("capacity must be a power of two from 4 to 2^28: " + capacity);
        }
        this.capacity = capacity;
        keys = new long[Math.min(64, 2 * capacity)];
        counts = new long[keys.length];
    }

    public void add(long hash) {
        pending[pendingCount++] = hash;
        if (pendingCount == PENDING) {
            flush();
        }
    }

    /** Counts the hashes {@link #add} holds; every method that reads or changes the state calls it first. */
    private void flush() {
        int n = pendingCount;
        pendingCount = 0;
        rows += n;
        for (int k = 0; k < n; k++) {
            long hash = pending[k];
            if (Long.numberOfLeadingZeros(hash) >= level) { // the level may rise within the loop
                addCount(hash, 1);
            }
        }
    }

    private void addCount(long hash, long n) {
        sampledRows += n;
        if (hash == 0) {
            if (zeroCount == 0) {
                size++;
            }
            zeroCount += n;
            fit();
            return;
        }
        int mask = keys.length - 1;
        int i = (int) hash & mask; // callers pass well-mixed hashes
        while (true) {
            long v = keys[i];
            if (v == 0) {
                keys[i] = hash;
                counts[i] = n;
                size++;
                if (size * 4 > keys.length * 3) {
                    rebuild(keys.length * 2);
                }
                fit();
                return;
            }
            if (v == hash) {
                counts[i] += n;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Raises the level while the sample holds more than the capacity. */
    private void fit() {
        while (size > capacity && level < MAX_LEVEL) {
            level++;
            rebuild(keys.length);
        }
    }

    /** Re-inserts the kept hashes that match the level into tables of {@code length} slots. */
    private void rebuild(int length) {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[length];
        counts = new long[length];
        size = zeroCount > 0 ? 1 : 0;
        sampledRows = zeroCount;
        int mask = length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long v = oldKeys[j];
            if (v != 0 && Long.numberOfLeadingZeros(v) >= level) {
                int i = (int) v & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = v;
                counts[i] = oldCounts[j];
                size++;
                sampledRows += oldCounts[j];
            }
        }
    }

    /** Adds the other estimator's values: the union of both samples at the higher level, counts summed. */
    public void mergeFrom(DuplicateEstimator other) {
        flush();
        other.flush();
        if (other.capacity != capacity) {
            throw new IllegalArgumentException(
                    "cannot merge estimators of capacity " + capacity + " and " + other.capacity);
        }
        if (other.level > level) {
            level = other.level;
            rebuild(keys.length);
        }
        rows += other.rows;
        if (other.zeroCount > 0) {
            addCount(0, other.zeroCount);
        }
        for (int j = 0; j < other.keys.length; j++) {
            long v = other.keys[j];
            if (v != 0 && Long.numberOfLeadingZeros(v) >= level) {
                addCount(v, other.counts[j]);
            }
        }
    }

    /** Values added. */
    public long rows() {
        flush();
        return rows;
    }

    /** The sampling level: the kept hashes have their top {@code level} bits 0, a rate of 2^-level. */
    public int level() {
        flush();
        return level;
    }

    public int capacity() {
        return capacity;
    }

    /** True while every value is sampled (level 0): {@link #duplicates} is then exact. */
    public boolean isExact() {
        flush();
        return level == 0;
    }

    /** Distinct hashes in the sample; never more than {@link #capacity}. */
    public int sampledDistinct() {
        flush();
        return size;
    }

    /** Slots of the hash table (memory: two longs a slot). */
    int slots() {
        flush();
        return keys.length;
    }

    /** Values added whose hash is in the sample. */
    public long sampledRows() {
        flush();
        return sampledRows;
    }

    /**
     * Values that repeat one added before: exact at level 0, otherwise (sampled rows - sampled distinct) * 2^level,
     * kept within what is certain (at least the sample's repeats, at most rows - sampled distinct).
     */
    public long duplicates() {
        flush();
        long sampled = sampledRows - size;
        if (level == 0 || sampled == 0) {
            return sampled;
        }
        long upper = rows - size;
        if (level >= 63 || sampled > upper >> level) {
            return upper;
        }
        return sampled << level;
    }

    /**
     * The estimate's standard error (0 when exact): sqrt((1 - p) * sum over sampled hashes of (copies - 1)^2) / p,
     * with p = 2^-level, the sampling of each distinct value being an independent draw of probability p.
     */
    public double standardError() {
        flush();
        if (level == 0) {
            return 0;
        }
        double squares = zeroCount > 1 ? Math.pow(zeroCount - 1, 2) : 0;
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != 0 && counts[j] > 1) {
                squares += Math.pow(counts[j] - 1, 2);
            }
        }
        double p = Math.scalb(1.0, -level);
        return Math.sqrt((1 - p) * squares) / p;
    }

    /** Writes the state: level, rows, then the sampled hashes in ascending order, each with its count. */
    public void write(DataOutputStream out) throws IOException {
        flush();
        out.writeByte(level);
        out.writeLong(rows);
        long[] sorted = new long[size];
        int n = 0;
        if (zeroCount > 0) {
            sorted[n++] = 0;
        }
        for (long v : keys) {
            if (v != 0) {
                sorted[n++] = v;
            }
        }
        Arrays.sort(sorted);
        out.writeInt(sorted.length);
        for (long v : sorted) {
            out.writeLong(v);
            out.writeLong(count(v));
        }
    }

    private long count(long hash) {
        if (hash == 0) {
            return zeroCount;
        }
        int mask = keys.length - 1;
        int i = (int) hash & mask;
        while (keys[i] != hash) {
            i = (i + 1) & mask;
        }
        return counts[i];
    }

    /** Reads a state {@link #write} wrote, checking it: the level, the order and level of the hashes, the counts. */
    public static DuplicateEstimator read(DataInputStream in, int capacity) throws IOException {
        DuplicateEstimator e = new DuplicateEstimator(capacity);
        int level = in.readByte();
        long rows = in.readLong();
        int n = in.readInt();
        if (level < 0 || level > MAX_LEVEL || rows < 0 || n < 0 || n > capacity) {
            throw new IllegalArgumentException("corrupt duplicate estimator: level " + level + ", rows " + rows + ", "
                    + n + " hashes for a capacity of " + capacity);
        }
        e.level = level;
        long total = 0;
        long previous = 0;
        for (int k = 0; k < n; k++) {
            long hash = in.readLong();
            long count = in.readLong();
            if ((k > 0 && hash <= previous) || Long.numberOfLeadingZeros(hash) < level || count < 1) {
                throw new IllegalArgumentException("corrupt duplicate estimator: hash " + k + " is out of order, "
                        + "outside level " + level + " or counted " + count + " times");
            }
            previous = hash;
            total += count;
            e.addCount(hash, count);
        }
        if (total > rows) {
            throw new IllegalArgumentException("corrupt duplicate estimator: more sampled rows than rows");
        }
        e.rows = rows;
        return e;
    }
}

package dev.twinrun.core.agg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte strings to dense int ids without allocating per lookup: the hot path of aggregation.
 * Ids depend on insertion order, so anything published must go through {@link #string(int)}.
 */
public final class ByteDict {
    private static final long K = 0x9e3779b97f4a7c15L;
    private static final int SLOT = 4;

    private final String column;
    private final int maxSize;
    // Open addressing, four longs a slot: (upper 32 bits of the hash << 32) | (id + 1), 0 = empty; the value's bytes
    // 0..7 and 8..15 (little-endian, zero-padded); its length. A probe reads one slot's cache line, and the arena only
    // for values longer than 16 bytes.
    private long[] slots;
    private long[] hashes; // by id
    private int[] offsets; // by id, into arena; offsets[id+1] is the end
    private byte[] arena = new byte[1024];
    private int size;

    /**
     * The bucket of values past the cap: one byte that is never valid UTF-8, so never a value of a row that was
     * accepted (invalid encoding is quarantined), and survives encoding and merging like any value.
     */
    private static final byte[] OTHER = {(byte) 0xFF};

    /** How the bucket of values past the cap is published. */
    public static final String OTHER_LABEL = "(other values)";

    /**
     * A dictionary for {@code column} holding at most {@code maxSize} ids: {@code maxSize - 1} distinct values in
     * order of arrival, then one bucket ({@link #OTHER_LABEL}) that every further new value maps to. Memory is
     * bounded; counts stay exact in total; past the cap, which values have their own id depends on arrival order.
     */
    public ByteDict(String column, int maxSize) {
        this.column = column;
        this.maxSize = maxSize;
        slots = new long[64 * SLOT];
        hashes = new long[32];
        offsets = new int[33];
    }

    public String column() {
        return column;
    }

    public int size() {
        return size;
    }

    /**
     * The id of {@code b[from..to)}, adding it when new. The value is read once: its first 16 bytes as two words,
     * which hash it (longer values hash all their bytes) and, with its length, decide equality without touching
     * the arena for values up to 16 bytes.
     */
    public int id(byte[] b, int from, int to) {
        int len = to - from;
        long w0 = Hashing.word(b, from, len);
        long w1 = len > 8 ? Hashing.word(b, from + 8, len - 8) : 0;
        long h = len <= 16 ? Hashing.mix((w0 * K ^ w1) + len) : Hashing.hash(b, from, to);
        long tag = h & 0xffffffff00000000L;
        long[] t = slots;
        int mask = t.length - SLOT;
        int i = ((int) h * SLOT) & mask;
        while (true) {
            long s = t[i];
            if (s == 0) {
                return add(b, from, to, h, w0, w1, i);
            }
            if (t[i + 1] == w0 && t[i + 2] == w1 && t[i + 3] == len && (s & 0xffffffff00000000L) == tag) {
                int id = (int) s - 1;
                if (len <= 16 || restEquals(id, b, from, len)) {
                    return id;
                }
            }
            i = (i + SLOT) & mask;
        }
    }

    private boolean restEquals(int id, byte[] b, int from, int len) {
        int start = offsets[id];
        return Arrays.equals(arena, start + 16, start + len, b, from + 16, from + len);
    }

    /** The id of a String value, adding it when new. */
    public int id(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return id(b, 0, b.length);
    }

    private int add(byte[] b, int from, int to, long h, long w0, long w1, int slot) {
        if (size >= maxSize - 1 && !isOther(b, from, to)) {
            return otherId(); // full: every further new value is counted under "(other values)"
        }
        int id = size++;
        if (id == hashes.length) {
            hashes = Arrays.copyOf(hashes, id * 2);
            offsets = Arrays.copyOf(offsets, id * 2 + 1);
        }
        int len = to - from;
        int start = offsets[id];
        if (start + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, start + len));
        }
        System.arraycopy(b, from, arena, start, len);
        offsets[id + 1] = start + len;
        hashes[id] = h;
        slots[slot] = (h & 0xffffffff00000000L) | (id + 1);
        slots[slot + 1] = w0;
        slots[slot + 2] = w1;
        slots[slot + 3] = len;
        if (size * 2 * SLOT > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        long[] old = slots;
        long[] next = new long[old.length * 2];
        int mask = next.length - SLOT;
        for (int j = 0; j < old.length; j += SLOT) {
            if (old[j] != 0) {
                int i = ((int) hashes[(int) old[j] - 1] * SLOT) & mask;
                while (next[i] != 0) {
                    i = (i + SLOT) & mask;
                }
                System.arraycopy(old, j, next, i, SLOT);
            }
        }
        slots = next;
    }

    private static boolean isOther(byte[] b, int from, int to) {
        return to - from == OTHER.length && Arrays.equals(b, from, to, OTHER, 0, OTHER.length);
    }

    private int otherId() {
        return id(OTHER, 0, OTHER.length);
    }

    /** True when values were folded into {@link #OTHER_LABEL} because the dictionary was full. */
    public boolean isFull() {
        return size == maxSize;
    }

    public byte[] bytes(int id) {
        return Arrays.copyOfRange(arena, offsets[id], offsets[id + 1]);
    }

    public String string(int id) {
        if (offsets[id + 1] - offsets[id] == OTHER.length && arena[offsets[id]] == OTHER[0]) {
            return OTHER_LABEL;
        }
        return new String(arena, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
    }

    /** For each id of {@code other}, the id of the same value here (added when new). */
    public int[] remap(ByteDict other) {
        int[] map = new int[other.size];
        for (int id = 0; id < other.size; id++) {
            int start = other.offsets[id];
            map[id] = id(other.arena, start, other.offsets[id + 1]);
        }
        return map;
    }
}

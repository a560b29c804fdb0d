package dev.twinrun.core.agg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte strings to dense int ids without allocating per lookup: the hot path of aggregation.
 * Ids depend on insertion order, so anything published must go through {@link #string(int)}.
 */
public final class ByteDict {
    private final String column;
    private final int maxSize;
    private int[] slots; // id + 1, 0 = empty
    private long[] hashes; // by id
    private long[] prefixes; // by id: the first 8 bytes, little-endian, zero-padded
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
        slots = new int[64];
        hashes = new long[32];
        prefixes = new long[32];
        offsets = new int[33];
    }

    public String column() {
        return column;
    }

    public int size() {
        return size;
    }

    /** The id of {@code b[from..to)}, adding it when new. */
    public int id(byte[] b, int from, int to) {
        long h = Hashing.hash(b, from, to);
        int mask = slots.length - 1;
        int i = (int) h & mask;
        while (true) {
            int s = slots[i];
            if (s == 0) {
                return add(b, from, to, h, i);
            }
            int id = s - 1;
            if (hashes[id] == h && equalsAt(id, b, from, to)) {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    private static long prefix(byte[] b, int from, int to) {
        long p = 0;
        int n = Math.min(8, to - from);
        for (int k = 0; k < n; k++) {
            p |= (b[from + k] & 0xffL) << (8 * k);
        }
        return p;
    }

    /** The id of a String value, adding it when new. */
    public int id(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return id(b, 0, b.length);
    }

    private boolean equalsAt(int id, byte[] b, int from, int to) {
        int start = offsets[id];
        int len = offsets[id + 1] - start;
        if (len != to - from || prefixes[id] != prefix(b, from, to)) {
            return false;
        }
        // Most values are at most 8 bytes: length and prefix decide, without touching the arena.
        byte[] a = arena;
        for (int i = 8; i < len; i++) {
            if (a[start + i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    private int add(byte[] b, int from, int to, long h, int slot) {
        if (size >= maxSize - 1 && !isOther(b, from, to)) {
            return otherId(); // full: every further new value is counted under "(other values)"
        }
        int id = size++;
        if (id == hashes.length) {
            hashes = Arrays.copyOf(hashes, id * 2);
            prefixes = Arrays.copyOf(prefixes, id * 2);
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
        prefixes[id] = prefix(b, from, to);
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] next = new int[slots.length * 2];
        int mask = next.length - 1;
        for (int id = 0; id < size; id++) {
            int i = (int) hashes[id] & mask;
            while (next[i] != 0) {
                i = (i + 1) & mask;
            }
            next[i] = id + 1;
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

package dev.twinrun.core.agg;

import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/** Rows of long counters keyed by a long, open addressing, no boxing: the aggregate tables' storage. */
public final class LongTable {
    private final int columns;
    private long[] keys;
    private int[] slots; // row + 1, 0 = empty
    private long[] values; // row-major
    private int rows;

    public LongTable(int columns) {
        this.columns = columns;
        slots = new int[64];
        keys = new long[32];
        values = new long[32 * columns];
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public long key(int row) {
        return keys[row];
    }

    public long get(int row, int column) {
        return values[row * columns + column];
    }

    /** The row for {@code key}, created with zeros when new. */
    public int row(long key) {
        int mask = slots.length - 1;
        int i = (int) Hashing.mix(key) & mask;
        while (true) {
            int s = slots[i];
            if (s == 0) {
                return add(key, i);
            }
            if (keys[s - 1] == key) {
                return s - 1;
            }
            i = (i + 1) & mask;
        }
    }

    public void add(int row, int column, long delta) {
        int i = row * columns + column;
        values[i] = Math.addExact(values[i], delta);
    }

    public void increment(int row, int column) {
        values[row * columns + column]++;
    }

    private int add(long key, int slot) {
        int r = rows++;
        if (r == keys.length) {
            keys = Arrays.copyOf(keys, r * 2);
            values = Arrays.copyOf(values, r * 2 * columns);
        }
        keys[r] = key;
        slots[slot] = r + 1;
        if (rows * 2 > slots.length) {
            int[] next = new int[slots.length * 2];
            int mask = next.length - 1;
            for (int k = 0; k < rows; k++) {
                int i = (int) Hashing.mix(keys[k]) & mask;
                while (next[i] != 0) {
                    i = (i + 1) & mask;
                }
                next[i] = k + 1;
            }
            slots = next;
        }
        return r;
    }

    /** Adds every row of {@code other} here, its key translated by {@code keyMap}. */
    public void mergeFrom(LongTable other, LongUnaryOperator keyMap) {
        if (other.columns != columns) {
            throw new IllegalArgumentException("column counts differ: " + columns + " vs " + other.columns);
        }
        for (int r = 0; r < other.rows; r++) {
            int mine = row(keyMap.applyAsLong(other.keys[r]));
            for (int c = 0; c < columns; c++) {
                add(mine, c, other.values[r * columns + c]);
            }
        }
    }
}

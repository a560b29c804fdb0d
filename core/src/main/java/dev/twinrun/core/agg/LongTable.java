package dev.twinrun.core.agg;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * Rows of counters keyed by a long, open addressing, no boxing: the aggregate tables' storage. A cell is a long
 * while it fits; a sum past the 64-bit range carries the excess into an exact {@link BigInteger} kept beside it
 * (allocated only when some cell overflows), so sums never fail and never lose a unit: {@link #exact} is the value.
 */
public final class LongTable {
    private final int columns;
    private long[] keys;
    private int[] slots; // row + 1, 0 = empty
    private long[] slotKeys; // the key of the row in the same slot: a probe compares without following the row
    private long[] values; // row-major
    private BigInteger[] carry; // row-major, null until a cell overflows; a cell is values[i] + carry[i]
    private int rows;

    public LongTable(int columns) {
        this.columns = columns;
        slots = new int[64];
        slotKeys = new long[64];
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

    /** The cell as a long; throws {@link ArithmeticException} when it has passed the 64-bit range (see exact). */
    public long get(int row, int column) {
        int i = row * columns + column;
        if (carry != null && carry[i] != null) {
            return exact(row, column).longValueExact();
        }
        return values[i];
    }

    /** The cell's exact value, however large. */
    public BigInteger exact(int row, int column) {
        int i = row * columns + column;
        BigInteger v = BigInteger.valueOf(values[i]);
        return carry != null && carry[i] != null ? v.add(carry[i]) : v;
    }

    /** The cell's long part: {@link #exact} is this plus {@link #carry} (for encoding). */
    public long low(int row, int column) {
        return values[row * columns + column];
    }

    /** The cell's carry past the long part, or null (for encoding). */
    public BigInteger carry(int row, int column) {
        return carry == null ? null : carry[row * columns + column];
    }

    /** True when some cell has passed the 64-bit range. */
    public boolean overflowed() {
        return carry != null;
    }

    /** The row for {@code key}, created with zeros when new. */
    public int row(long key) {
        int mask = slots.length - 1;
        int i = slot(key, mask);
        while (true) {
            int s = slots[i];
            if (s == 0) {
                return add(key, i);
            }
            if (slotKeys[i] == key) {
                return s - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * The first slot to probe for {@code key}: the top bits of one multiplication (Fibonacci hashing), enough for keys
     * that pack a few small ids, and a shorter dependency chain than a full mix on the path of every row.
     */
    private static int slot(long key, int mask) {
        return (int) ((key * 0x9e3779b97f4a7c15L) >>> (64 - Integer.bitCount(mask)));
    }

    public void add(int row, int column, long delta) {
        int i = row * columns + column;
        long v = values[i];
        long r = v + delta;
        if (((v ^ r) & (delta ^ r)) < 0) { // overflow: keep the exact sum as carry, the cell restarts at 0
            addCarry(i, BigInteger.valueOf(v).add(BigInteger.valueOf(delta)));
            values[i] = 0;
        } else {
            values[i] = r;
        }
    }

    /** Adds an exact amount of any size. */
    public void add(int row, int column, BigInteger delta) {
        if (delta.bitLength() < 64) {
            add(row, column, delta.longValue());
        } else {
            addCarry(row * columns + column, delta);
        }
    }

    private void addCarry(int i, BigInteger amount) {
        if (carry == null) {
            carry = new BigInteger[values.length];
        }
        carry[i] = carry[i] == null ? amount : carry[i].add(amount);
    }

    /**
     * Adds one. Unchecked: a cell that only counts passes the 64-bit range after 2^63 increments, which no run reaches
     * (merges add through {@link #add(int, int, long)}, which is checked).
     */
    public void increment(int row, int column) {
        values[row * columns + column]++;
    }

    private int add(long key, int slot) {
        int r = rows++;
        if (r == keys.length) {
            keys = Arrays.copyOf(keys, r * 2);
            values = Arrays.copyOf(values, r * 2 * columns);
            if (carry != null) {
                carry = Arrays.copyOf(carry, r * 2 * columns);
            }
        }
        keys[r] = key;
        slots[slot] = r + 1;
        slotKeys[slot] = key;
        if (rows * 2 > slots.length) {
            int[] next = new int[slots.length * 2];
            long[] nextKeys = new long[next.length];
            int mask = next.length - 1;
            for (int k = 0; k < rows; k++) {
                int i = slot(key(k), mask);
                while (next[i] != 0) {
                    i = (i + 1) & mask;
                }
                next[i] = k + 1;
                nextKeys[i] = keys[k];
            }
            slots = next;
            slotKeys = nextKeys;
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
                if (other.carry != null && other.carry[r * columns + c] != null) {
                    add(mine, c, other.carry[r * columns + c]);
                }
            }
        }
    }
}

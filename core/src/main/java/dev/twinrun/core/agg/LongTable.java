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
    private long[] values; // row-major
    private BigInteger[] carry; // row-major, null until a cell overflows; a cell is values[i] + carry[i]
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

    /**
     * The first slot of {@code key} in a table of {@code length} slots (a power of two): the top bits of one
     * multiplication (Fibonacci hashing), which spread keys that differ in any bits, as packed ids do, over the slots.
     */
    private static int slot(long key, int length) {
        return (int) ((key * 0x9e3779b97f4a7c15L) >>> (64 - Integer.numberOfTrailingZeros(length)));
    }

    /** The row for {@code key}, created with zeros when new. */
    public int row(long key) {
        int mask = slots.length - 1;
        int i = slot(key, slots.length);
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

    public void increment(int row, int column) {
        add(row, column, 1L);
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
        if (rows * 2 > slots.length) {
            int[] next = new int[slots.length * 2];
            int mask = next.length - 1;
            for (int k = 0; k < rows; k++) {
                int i = slot(keys[k], next.length);
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
                if (other.carry != null && other.carry[r * columns + c] != null) {
                    add(mine, c, other.carry[r * columns + c]);
                }
            }
        }
    }
}

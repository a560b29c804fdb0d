package dev.twinrun.core.agg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Counts distinct 64-bit hashes: exactly (a hash set) up to {@link #EXACT_LIMIT} values, then as a
 * HyperLogLog sketch of 2^14 registers (about 0.8 % standard error).
 *
 * <p>Both forms are functions of the set of hashes alone, so any split of the input merges to the same
 * state, and therefore to the same published count.
 */
public final class DistinctCounter {
    /** Values counted exactly before switching to the sketch. */
    public static final int EXACT_LIMIT = 1 << 20;

    static final int P = 14;
    private static final int M = 1 << P;

    /**
     * Hashes {@link #add} holds before it counts them, in one loop of their own, once the set has {@link
     * #BUFFER_FROM} slots: the probes of 256 hashes overlap their cache misses, and the switch to the sketch is a
     * branch of that small method, not of every caller's compiled row loop (which would leave it out until the
     * switch, then be thrown back to slower code). A small set (a job may keep one per group) holds none.
     */
    private static final int PENDING = 256;

    private static final int BUFFER_FROM = 4096;

    private long[] set = new long[64]; // 0 is the empty marker; hash 0 is stored as ZERO_STANDIN
    private int size;
    private boolean hasZero;
    private byte[] registers;
    private long[] pending; // null until the set has BUFFER_FROM slots
    private int pendingCount;

    public void add(long hash) {
        long[] p = pending;
        if (p == null) {
            insert(hash);
            return;
        }
        p[pendingCount++] = hash;
        if (pendingCount == PENDING) {
            flush();
        }
    }

    /** Counts the hashes {@link #add} holds; every method that reads the state calls it first. */
    private void flush() {
        int n = pendingCount;
        pendingCount = 0;
        for (int k = 0; k < n; k++) {
            insert(pending[k]);
        }
    }

    private void insert(long hash) {
        if (registers != null) {
            addToSketch(registers, hash);
            return;
        }
        if (hash == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
                checkLimit();
            }
            return;
        }
        int mask = set.length - 1;
        int i = (int) hash & mask; // callers pass well-mixed hashes
        while (true) {
            long v = set[i];
            if (v == 0) {
                set[i] = hash;
                size++;
                if (size * 4 > set.length * 3) { // load 0.75: a smaller table misses the cache less
                    grow();
                }
                checkLimit();
                return;
            }
            if (v == hash) {
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void checkLimit() {
        if (size > EXACT_LIMIT) {
            toSketch();
        }
    }

    private void grow() {
        long[] old = set;
        set = new long[old.length * 2];
        if (pending == null && set.length >= BUFFER_FROM) {
            pending = new long[PENDING];
        }
        int mask = set.length - 1;
        for (long v : old) {
            if (v != 0) {
                int i = (int) v & mask;
                while (set[i] != 0) {
                    i = (i + 1) & mask;
                }
                set[i] = v;
            }
        }
    }

    private void toSketch() {
        byte[] r = new byte[M];
        forEachExact(h -> addToSketch(r, h));
        registers = r;
        set = null;
    }

    private void forEachExact(LongConsumer c) {
        if (hasZero) {
            c.accept(0);
        }
        for (long v : set) {
            if (v != 0) {
                c.accept(v);
            }
        }
    }

    private static void addToSketch(byte[] r, long hash) {
        int idx = (int) (hash >>> (64 - P));
        long rest = hash << P | (1L << (P - 1));
        byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
        if (rank > r[idx]) {
            r[idx] = rank;
        }
    }

    public boolean isExact() {
        flush();
        return registers == null;
    }

    /** The exact count, or the sketch's estimate. */
    public long count() {
        flush();
        if (registers == null) {
            return size;
        }
        double sum = 0;
        int zeros = 0;
        for (byte b : registers) {
            sum += Math.scalb(1.0, -b);
            if (b == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double e = alpha * M * (double) M / sum;
        if (e <= 2.5 * M && zeros > 0) {
            e = M * Math.log((double) M / zeros);
        }
        return Math.round(e);
    }

    public void mergeFrom(DistinctCounter other) {
        flush();
        other.flush();
        if (other.registers != null) {
            if (registers == null) {
                toSketch();
            }
            for (int i = 0; i < M; i++) {
                if (other.registers[i] > registers[i]) {
                    registers[i] = other.registers[i];
                }
            }
            return;
        }
        other.forEachExact(this::insert);
    }

    /** Writes the state: a flag, then the sorted hashes or the registers. */
    public void write(DataOutputStream out) throws IOException {
        flush();
        if (registers != null) {
            out.writeByte(1);
            out.write(registers);
            return;
        }
        out.writeByte(0);
        long[] values = new long[size];
        int[] n = {0};
        forEachExact(h -> values[n[0]++] = h);
        Arrays.sort(values);
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static DistinctCounter read(DataInputStream in) throws IOException {
        DistinctCounter c = new DistinctCounter();
        int kind = in.readByte();
        if (kind == 1) {
            c.registers = new byte[M];
            in.readFully(c.registers);
            c.set = null;
            return c;
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            c.insert(in.readLong());
        }
        return c;
    }
}

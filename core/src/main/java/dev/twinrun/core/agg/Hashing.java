package dev.twinrun.core.agg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 64-bit hashing of byte slices, eight bytes at a time, finished with the murmur3 finalizer so every bit
 * of the result is usable (table slots take the low bits, HyperLogLog the high ones).
 */
public final class Hashing {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long K = 0x9e3779b97f4a7c15L;

    private Hashing() {}

    public static long hash(byte[] b, int from, int to) {
        long h = 0xcbf29ce484222325L;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * K;
            h ^= h >>> 29;
        }
        return mix((h ^ word(b, i, to - i)) * K ^ (to - from));
    }

    /**
     * The {@code n} bytes (0 to 8) at {@code b[i..i+n)} as a little-endian long, zero-padded: one unaligned load
     * when eight bytes fit in the array, byte by byte only at its very end; {@code n >= 0}.
     */
    public static long word(byte[] b, int i, int n) {
        if (i + 8 <= b.length) {
            long mask = n >= 8 ? -1L : (1L << (n << 3)) - 1; // n <= 0: no bytes
            return (long) LONGS.get(b, i) & mask;
        }
        long w = 0;
        for (int k = 0; k < Math.min(n, 8); k++) {
            w |= (b[i + k] & 0xffL) << (8 * k);
        }
        return w;
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

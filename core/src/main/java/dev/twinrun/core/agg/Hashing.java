package dev.twinrun.core.agg;

/** 64-bit hashing of byte slices: FNV-1a folded through a murmur3 finalizer for good high bits. */
public final class Hashing {
    private Hashing() {
    }

    public static long hash(byte[] b, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h ^= b[i];
            h *= 0x100000001b3L;
        }
        return mix(h ^ (to - from));
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

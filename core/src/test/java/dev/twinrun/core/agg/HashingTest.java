package dev.twinrun.core.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hash is part of the published results (HyperLogLog registers, encoded distinct sets): a faster tail must give
 * the very same value as the byte-by-byte definition, at every length and at the end of the array too.
 */
class HashingTest {

    /** The definition: eight bytes at a time, then the tail byte by byte. */
    private static long reference(byte[] b, int from, int to) {
        long k = 0x9e3779b97f4a7c15L;
        long h = 0xcbf29ce484222325L;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = 0;
            for (int j = 0; j < 8; j++) {
                w |= (b[i + j] & 0xffL) << (8 * j);
            }
            h = (h ^ w) * k;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return Hashing.mix((h ^ tail) * k ^ (to - from));
    }

    @Test
    void sameAsTheByteByByteDefinitionAtEveryLengthAndPosition() {
        Random random = new Random(18);
        byte[] b = new byte[64];
        for (int round = 0; round < 20; round++) {
            random.nextBytes(b);
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    assertThat(Hashing.hash(b, from, to))
                            .as("bytes %d..%d", from, to)
                            .isEqualTo(reference(b, from, to));
                }
            }
        }
    }

    @Test
    void knownValuesDoNotChange() {
        byte[] b = "s498805013232,u515484".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Hashing.hash(b, 0, 13)).isEqualTo(reference(b, 0, 13));
        assertThat(Hashing.hash(b, 14, b.length)).isEqualTo(reference(b, 14, b.length));
        assertThat(Hashing.hash(new byte[0], 0, 0)).isEqualTo(reference(new byte[0], 0, 0));
    }

    @Test
    void wordReadsOnlyTheGivenBytes() {
        byte[] b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Hashing.word(b, 0, 0)).isZero();
        assertThat(Hashing.word(b, 0, 3)).isEqualTo(0x030201L);
        assertThat(Hashing.word(b, 7, 3)).isEqualTo(0x0a0908L); // at the array's end: byte by byte
        assertThat(Hashing.word(b, 2, 8)).isEqualTo(0x0a09080706050403L);
    }
}

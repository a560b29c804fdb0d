package dev.twinrun.core.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Exact below {@link DistinctCounter#EXACT_LIMIT}, a sketch past it, and a function of the set of hashes alone: every
 * count read right after the adds (whatever is still held back), the same state for any split merged, and through
 * its encoding.
 */
class DistinctCounterTest {
    private static byte[] state(DistinctCounter c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            c.write(out);
        }
        return bytes.toByteArray();
    }

    @Test
    void countsExactlyAtEverySizeReadRightAfterTheAdds() {
        DistinctCounter c = new DistinctCounter();
        Set<Long> seen = new HashSet<>();
        Random r = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            long h = r.nextInt(1_500) == 0 ? 0 : Hashing.mix(r.nextInt(3_000)); // repeats, and the zero hash
            c.add(h);
            seen.add(h);
            assertThat(c.count()).as("after %d adds", i + 1).isEqualTo(seen.size());
        }
        assertThat(c.isExact()).isTrue();
    }

    @Test
    void passesToTheSketchAfterTheExactLimit() {
        DistinctCounter c = new DistinctCounter();
        int n = DistinctCounter.EXACT_LIMIT + 1_000;
        for (int i = 1; i <= n; i++) {
            c.add(Hashing.mix(i));
            if (i == 10_000) { // repeats, so the limit is not crossed right where the held hashes are counted
                for (int k = 0; k < 7; k++) {
                    c.add(Hashing.mix(1));
                }
            }
            if (Math.abs(i - DistinctCounter.EXACT_LIMIT) < 300) {
                assertThat(c.isExact())
                        .as("exact after %d distinct values", i)
                        .isEqualTo(i <= DistinctCounter.EXACT_LIMIT);
            }
        }
        assertThat((double) c.count()).isCloseTo(n, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Property(tries = 100)
    void anySplitMergesToTheStateOfOnePass(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 0, max = 8_000) int values,
            @ForAll @IntRange(min = 1, max = 5) int parts)
            throws IOException {
        Random r = new Random(seed);
        long[] hashes = new long[values];
        for (int i = 0; i < values; i++) {
            hashes[i] = Hashing.mix(r.nextInt(Math.max(1, values / 2)));
        }
        DistinctCounter one = new DistinctCounter();
        DistinctCounter[] split = new DistinctCounter[parts];
        for (int k = 0; k < parts; k++) {
            split[k] = new DistinctCounter();
        }
        for (long h : hashes) {
            one.add(h);
            split[r.nextInt(parts)].add(h);
        }
        DistinctCounter merged = split[0];
        for (int k = 1; k < parts; k++) {
            merged.mergeFrom(split[k]);
        }
        assertThat(state(merged)).isEqualTo(state(one));
        DistinctCounter read = DistinctCounter.read(new DataInputStream(new ByteArrayInputStream(state(one))));
        assertThat(read.count()).isEqualTo(one.count());
    }
}

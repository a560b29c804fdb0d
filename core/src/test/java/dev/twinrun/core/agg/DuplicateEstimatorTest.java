package dev.twinrun.core.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DuplicateEstimatorTest {

    private static byte[] bytes(DuplicateEstimator e) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        e.write(out);
        out.flush();
        return b.toByteArray();
    }

    private static DuplicateEstimator roundTrip(DuplicateEstimator e) throws IOException {
        return DuplicateEstimator.read(new DataInputStream(new ByteArrayInputStream(bytes(e))), e.capacity());
    }

    @Test
    void countsDuplicatesExactlyWhileEveryHashIsSampled() throws IOException {
        DuplicateEstimator e = new DuplicateEstimator();
        long expected = 0;
        for (int i = 0; i < 10_000; i++) {
            int copies = i % 97 == 0 ? 3 : i % 13 == 0 ? 2 : 1;
            expected += copies - 1;
            for (int c = 0; c < copies; c++) {
                e.add(Hashing.mix(i + 1)); // mix(0) is 0
            }
        }
        e.add(0); // the zero hash is kept apart from the table's empty marker
        e.add(0);
        expected += 1;
        assertThat(e.isExact()).isTrue();
        assertThat(e.duplicates()).isEqualTo(expected);
        assertThat(e.standardError()).isZero();
        DuplicateEstimator back = roundTrip(e);
        assertThat(back.duplicates()).isEqualTo(expected);
        assertThat(bytes(back)).isEqualTo(bytes(e));
    }

    @Test
    void noDuplicatesIsZeroAtAnyLevel() {
        DuplicateEstimator e = new DuplicateEstimator(1 << 10);
        for (int i = 0; i < 1_000_000; i++) {
            e.add(Hashing.mix(i));
        }
        assertThat(e.isExact()).isFalse();
        assertThat(e.duplicates()).isZero();
    }

    /**
     * 2,000,000 distinct values, 20,000 of them twice and 2,000 of them five times (28,000 duplicates): the sample
     * (2^16 hashes) is at a 1/32 rate. The estimate must be within 15 % of the truth and within three of its own
     * standard errors; the standard error must say about 6 % (1 / sqrt(sampled repeated values)).
     */
    @Test
    void estimatesLargeSetsWithinItsStatedError() {
        DuplicateEstimator e = new DuplicateEstimator();
        long truth = 0;
        for (int i = 0; i < 2_000_000; i++) {
            int copies = i % 1000 == 7 ? 5 : i % 100 == 3 ? 2 : 1;
            truth += copies - 1;
            for (int c = 0; c < copies; c++) {
                e.add(Hashing.mix(0x5eed_0000_0000L + i));
            }
        }
        assertThat(truth).isEqualTo(28_000);
        assertThat(e.isExact()).isFalse();
        assertThat(e.level()).isEqualTo(5);
        double error = Math.abs(e.duplicates() - truth);
        assertThat(error).as("estimate %d vs %d", e.duplicates(), truth).isLessThanOrEqualTo(0.15 * truth);
        assertThat(error).isLessThanOrEqualTo(3 * e.standardError());
        assertThat(e.standardError() / truth).isBetween(0.02, 0.12);
    }

    /** The estimate is never below the duplicates seen in the sample, nor above rows minus distinct sampled. */
    @Test
    void oneValueRepeatedEverywhereIsExactEvenWhenSampled() {
        DuplicateEstimator e = new DuplicateEstimator(16);
        for (int i = 0; i < 1000; i++) {
            e.add(Hashing.mix(i));
        }
        for (int i = 0; i < 5000; i++) {
            e.add(Hashing.mix(-1));
        }
        assertThat(e.isExact()).isFalse();
        assertThat(e.duplicates()).isBetween(0L, e.rows() - e.sampledDistinct());
    }

    @Property(tries = 200)
    void theSampleNeverExceedsItsCapacity(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 2, max = 8) int capBits) {
        int cap = 1 << capBits;
        DuplicateEstimator e = new DuplicateEstimator(cap);
        SplittableRandom r = new SplittableRandom(seed);
        int n = r.nextInt(1, 5000);
        for (int i = 0; i < n; i++) {
            e.add(Hashing.mix(r.nextInt(0, 3000)));
            assertThat(e.sampledDistinct()).isLessThanOrEqualTo(cap);
            assertThat(e.slots()).isLessThanOrEqualTo(2 * cap);
        }
    }

    @Test
    void theDefaultSampleStaysWithinTwoMebibytes() {
        DuplicateEstimator e = new DuplicateEstimator();
        for (int i = 0; i < 3_000_000; i++) {
            e.add(Hashing.mix(i));
            if (e.sampledDistinct() > DuplicateEstimator.DEFAULT_CAPACITY) {
                throw new AssertionError("sample of " + e.sampledDistinct() + " at row " + i);
            }
        }
        assertThat(e.slots()).isLessThanOrEqualTo(2 * DuplicateEstimator.DEFAULT_CAPACITY);
        assertThat(2L * e.slots() * Long.BYTES).isLessThanOrEqualTo(2L << 20);
    }

    /**
     * Any split of the values, in any order, merged in any order (and through the encoded form), gives the state
     * of one pass over all of them, byte for byte: published figures cannot depend on threads, ranges or shards.
     */
    @Property(tries = 300)
    void anySplitMergesToTheStateOfOnePass(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 7) int parts,
            @ForAll @IntRange(min = 2, max = 7) int capBits)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        int n = r.nextInt(0, 4000);
        int pool = r.nextInt(1, 3000);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(0, pool);
            values[i] = v == 0 ? 0 : Hashing.mix(v); // the zero hash too
        }
        int cap = 1 << capBits;
        DuplicateEstimator one = new DuplicateEstimator(cap);
        for (long v : values) {
            one.add(v);
        }

        List<DuplicateEstimator> pieces = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            pieces.add(new DuplicateEstimator(cap));
        }
        for (long v : values) {
            pieces.get(r.nextInt(parts)).add(v); // any assignment of the values to parts
        }
        while (pieces.size() > 1) { // merged pairwise in a random order, some through the encoding
            DuplicateEstimator a = pieces.remove(r.nextInt(pieces.size()));
            DuplicateEstimator b = pieces.remove(r.nextInt(pieces.size()));
            if (r.nextBoolean()) {
                b = roundTrip(b);
            }
            a.mergeFrom(b);
            pieces.add(a);
        }
        DuplicateEstimator merged = pieces.get(0);
        assertThat(bytes(merged)).as("n=%d pool=%d parts=%d", n, pool, parts).isEqualTo(bytes(one));
        assertThat(merged.duplicates()).isEqualTo(one.duplicates());
        assertThat(merged.rows()).isEqualTo(n);
    }

    @Test
    void aCorruptStateIsRefused() throws IOException {
        DuplicateEstimator e = new DuplicateEstimator(16);
        for (int i = 0; i < 5; i++) {
            e.add(Hashing.mix(i));
        }
        byte[] b = bytes(e);
        // level 1 + rows 8 + count 4, then (hash 8, count 8) pairs: swap the first two hashes' order
        byte[] swapped = b.clone();
        System.arraycopy(b, 13, swapped, 29, 8);
        System.arraycopy(b, 29, swapped, 13, 8);
        assertThatThrownBy(() -> DuplicateEstimator.read(new DataInputStream(new ByteArrayInputStream(swapped)), 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> DuplicateEstimator.read(new DataInputStream(new ByteArrayInputStream(b)), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity of 4");
        assertThatThrownBy(() -> new DuplicateEstimator(16).mergeFrom(new DuplicateEstimator(32)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.twinrun.core.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows by key through growth: one row per distinct key, found again, for packed ids and for arbitrary longs. */
class LongTableTest {
    private static void holdsEveryKey(long[] keys) {
        LongTable t = new LongTable(2);
        Map<Long, Integer> rows = new HashMap<>();
        for (long k : keys) {
            int r = t.row(k);
            Integer before = rows.putIfAbsent(k, r);
            assertThat(before == null ? r : before).as("row of key %d", k).isEqualTo(r);
            t.add(r, 1, 1);
        }
        assertThat(t.rows()).isEqualTo(rows.size());
        Map<Long, Long> counts = new HashMap<>();
        for (long k : keys) {
            counts.merge(k, 1L, Long::sum);
        }
        rows.forEach((k, r) -> {
            assertThat(t.key(r)).isEqualTo(k);
            assertThat(t.row(k)).isEqualTo(r);
            assertThat(t.get(r, 1)).isEqualTo(counts.get(k));
        });
        assertThat(t.rows()).as("finding a key adds no row").isEqualTo(rows.size());
    }

    @Test
    void packedIdsDifferingInAnyPartEachHaveARow() {
        // Keys as the tables pack them: ids at bit 42, 21 and 0; some differ only in their top part.
        long[] keys = new long[60_000];
        Random r = new Random(5);
        for (int i = 0; i < keys.length; i++) {
            long a = r.nextInt(40);
            long b = r.nextInt(i % 3 == 0 ? 1 : 30);
            long c = r.nextInt(i % 5 == 0 ? 1 : 50);
            keys[i] = a << 42 | b << 21 | c;
        }
        holdsEveryKey(keys);
    }

    @Test
    void arbitraryKeysEachHaveARow() {
        long[] keys = new long[60_000];
        Random r = new Random(6);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 4 == 0 ? r.nextLong() : r.nextInt(20_000) - 10_000L;
        }
        holdsEveryKey(keys);
    }
}

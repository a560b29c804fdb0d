package dev.twinrun.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A row filled as the parser fills it (bounds written into its arrays, then {@link Row#fill}; a field from another
 * array by {@link Row#add}) holds, field by field, what a plain list of slices would: whichever array each field came
 * from, across records and growth, although fill stores no array for fields already known to be the buffer's.
 */
class RowTest {
    private record Slice(byte[] array, int start, int end) {}

    @Test
    void holdsEachFieldsArrayAndBoundsAsAListWould() {
        byte[] buffer = new byte[64];
        byte[] otherBuffer = new byte[64];
        byte[] scratch = new byte[64];
        byte[][] arrays = {buffer, buffer, buffer, otherBuffer, scratch};
        Random rnd = new Random(42);
        Row row = new Row(2);
        for (int record = 0; record < 20_000; record++) {
            int limit = 1 + rnd.nextInt(12);
            List<Slice> model = new ArrayList<>();
            row.clear();
            int filled = 0;
            int fields = rnd.nextInt(limit + 3);
            byte[] bulk = arrays[rnd.nextInt(3) == 0 ? 3 : 0];
            for (int f = 0; f < fields; f++) {
                int start = rnd.nextInt(32);
                int end = start + rnd.nextInt(32);
                boolean fromAnother = rnd.nextInt(6) == 0;
                int cap = Math.min(limit, row.starts().length);
                if (!fromAnother && model.size() < cap) {
                    row.starts()[model.size()] = start;
                    row.ends()[model.size()] = end;
                    model.add(new Slice(bulk, start, end));
                } else {
                    row.fill(filled, model.size(), bulk);
                    byte[] a = fromAnother ? arrays[rnd.nextInt(arrays.length)] : bulk;
                    boolean held = row.add(a, start, end, limit);
                    assertThat(held).isEqualTo(model.size() < limit);
                    model.add(new Slice(a, start, end));
                    filled = model.size();
                    if (rnd.nextInt(4) == 0) { // the next fields from another buffer (the parser's grew)
                        bulk = arrays[rnd.nextInt(2) == 0 ? 0 : 3];
                    }
                }
            }
            row.fill(filled, model.size(), bulk);
            assertThat(row.fieldCount()).as("record %d", record).isEqualTo(model.size());
            for (int f = 0; f < Math.min(model.size(), limit); f++) {
                Slice s = model.get(f);
                assertThat(row.array(f)).as("record %d field %d", record, f).isSameAs(s.array());
                assertThat(row.start(f)).isEqualTo(s.start());
                assertThat(row.end(f)).isEqualTo(s.end());
            }
        }
    }
}

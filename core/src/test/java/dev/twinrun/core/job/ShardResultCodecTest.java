package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.HourId;
import dev.twinrun.core.TestData;
import dev.twinrun.core.csv.SplitParser;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardResultCodecTest {
    static final HourId HOUR = TestData.HOUR;

    static ShardResultCodec.Range range(String key, long start, long end, Map<String, Long> reasons, int spill) {
        byte[] spilled = new byte[spill];
        for (int i = 0; i < spill; i++) {
            spilled[i] = (byte) (i * 7);
        }
        return new ShardResultCodec.Range(
                key,
                1000,
                "etag-" + key,
                key.endsWith("bad.csv") ? "the header row is unusable" : "",
                12,
                1,
                start,
                end,
                new SplitParser.Result(start + 3, end + 5, 40, 41, 39, 2, reasons),
                spill == 0 ? 0 : 2,
                spilled,
                new byte[] {'T', 'W', 'R', 'P', 0, 0, 0, 1, (byte) start});
    }

    static byte[] encode(String transformation, HourId hour, List<ShardResultCodec.Range> ranges) throws Exception {
        ShardResultCodec.Writer w = new ShardResultCodec.Writer(transformation, hour, ranges.size());
        for (ShardResultCodec.Range r : ranges) {
            w.add(r);
        }
        return w.toByteArray();
    }

    static List<ShardResultCodec.Range> decode(byte[] bytes, String transformation, HourId hour) throws Exception {
        List<ShardResultCodec.Range> out = new ArrayList<>();
        ShardResultCodec.read(bytes, transformation, hour, out::add);
        return out;
    }

    @Test
    void everyFieldOfEveryRangeSurvivesTheRoundTrip() throws Exception {
        List<ShardResultCodec.Range> ranges = List.of(
                range(HOUR.path() + "/a.csv", 0, 500, Map.of("bad_price", 1L, "bad_country", 1L), 64),
                range(HOUR.path() + "/a.csv", 500, 1000, Map.of(), 0),
                range(HOUR.path() + "/ü b.csv", 0, 1000, Map.of("too_few_fields", 2L), 3),
                range(HOUR.path() + "/bad.csv", 0, 1000, Map.of(), 0));

        byte[] bytes = encode("ecommerce", HOUR, ranges);
        List<ShardResultCodec.Range> back = decode(bytes, "ecommerce", HOUR);

        assertThat(ByteBuffer.wrap(bytes).getInt()).as("magic").isEqualTo(0x54575253);
        assertThat(back).hasSize(4);
        assertThat(back.get(3).unusable()).as("an unusable file's reason").isEqualTo("the header row is unusable");
        for (int i = 0; i < ranges.size(); i++) {
            ShardResultCodec.Range a = ranges.get(i);
            ShardResultCodec.Range b = back.get(i);
            assertThat(b).usingRecursiveComparison().as("range %d", i).isEqualTo(a);
            assertThat(b.spill()).as("spill of range %d", i).isEqualTo(a.spill());
            assertThat(b.partial()).as("partial of range %d", i).isEqualTo(a.partial());
        }
    }

    @Test
    void anotherVersionIsRejectedNamingBoth() throws Exception {
        byte[] bytes = encode("ecommerce", HOUR, List.of(range("k.csv", 0, 1000, Map.of(), 0)));
        ByteBuffer.wrap(bytes).putInt(4, ShardResultCodec.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> decode(bytes, "ecommerce", HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shard result format 4 is not supported; this build reads 3");
    }

    @Test
    void otherBytesAndResultsForAnotherHourOrTransformationAreRejected() throws Exception {
        byte[] bytes = encode("ecommerce", HOUR, List.of(range("k.csv", 0, 1000, Map.of(), 0)));
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        new DataOutputStream(junk).writeInt(0x54575250);

        assertThatThrownBy(() -> decode(junk.toByteArray(), "ecommerce", HOUR))
                .hasMessageContaining("bad magic number");
        assertThatThrownBy(() -> decode(bytes, "ecommerce", HOUR.next()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not ecommerce " + HOUR.next());
        assertThatThrownBy(() -> decode(bytes, "other", HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not other " + HOUR);
    }

    @Test
    void aWriterHoldsExactlyTheRangesItAnnounced() throws Exception {
        ShardResultCodec.Writer w = new ShardResultCodec.Writer("ecommerce", HOUR, 1);
        assertThatThrownBy(w::toByteArray).isInstanceOf(IllegalStateException.class);
        w.add(range("k.csv", 0, 1000, Map.of(), 0));
        assertThatThrownBy(() -> w.add(range("k.csv", 0, 1000, Map.of(), 0))).isInstanceOf(IllegalStateException.class);
        assertThat(decode(w.toByteArray(), "ecommerce", HOUR)).hasSize(1);
    }
}

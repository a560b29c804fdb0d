package dev.twinrun.core.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ids against a HashMap: same value same id, different values different ids, at every length and position. */
class ByteDictTest {

    @Test
    void idsAgreeWithAMapOfTheValues() {
        Random random = new Random(4);
        ByteDict dict = new ByteDict("c", 1 << 20);
        Map<ByteBuffer, Integer> reference = new HashMap<>();
        byte[] buf = new byte[48];
        for (int n = 0; n < 200_000; n++) {
            int len = random.nextInt(random.nextBoolean() ? 4 : 40); // many short values that repeat, some long
            int from = random.nextInt(buf.length - len + 1); // some end at the buffer's last byte
            for (int i = 0; i < buf.length; i++) {
                buf[i] = (byte) ('a' + random.nextInt(3)); // a small alphabet: values share prefixes and lengths
            }
            if (random.nextInt(8) == 0) {
                from = buf.length - len;
            }
            ByteBuffer key = ByteBuffer.wrap(buf.clone(), from, len).slice();
            int id = dict.id(buf, from, from + len);
            Integer expected = reference.putIfAbsent(key, reference.size());
            assertThat(id).isEqualTo(expected == null ? reference.size() - 1 : expected);
            byte[] stored = dict.bytes(id);
            assertThat(ByteBuffer.wrap(stored)).isEqualTo(key);
        }
        assertThat(dict.size()).isEqualTo(reference.size());
    }

    @Test
    void valuesDifferingOnlyPastSixteenBytesOrInLengthAreDistinct() {
        ByteDict dict = new ByteDict("c", 100);
        byte[] a = "0123456789abcdefXYZ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = "0123456789abcdefXYQ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] z = {'a', 0};
        int ia = dict.id(a, 0, a.length);
        int ib = dict.id(b, 0, b.length);
        int i16 = dict.id(a, 0, 16);
        int iA = dict.id(z, 0, 1);
        int iA0 = dict.id(z, 0, 2); // a trailing zero byte: same word, other length
        assertThat(new int[] {ia, ib, i16, iA, iA0}).doesNotHaveDuplicates();
        assertThat(dict.id(a.clone(), 0, a.length)).isEqualTo(ia);
        assertThat(dict.id(z, 0, 2)).isEqualTo(iA0);
    }

    @Test
    void pastTheCapNewValuesShareTheOtherBucket() {
        ByteDict dict = new ByteDict("c", 3);
        int a = dict.id("a");
        int b = dict.id("b");
        int c = dict.id("c");
        assertThat(dict.id("d")).isEqualTo(c);
        assertThat(dict.string(c)).isEqualTo(ByteDict.OTHER_LABEL);
        assertThat(dict.id("a")).isEqualTo(a);
        assertThat(dict.id("b")).isEqualTo(b);
        assertThat(dict.isFull()).isTrue();
    }
}

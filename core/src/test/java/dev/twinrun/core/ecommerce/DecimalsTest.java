package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Amounts: the word path for values of up to eight bytes gives what the byte path gives for every string over an
 * alphabet of digits, dots and the bytes just outside '0'..'9', of every length to eight (and random ones of any byte),
 * wherever in the array they sit; and the byte path itself holds to the format and the scale.
 */
class DecimalsTest {
    private static final byte[] ALPHABET = {'0', '1', '9', '.', '/', ':', (byte) 0xB0};

    @Test
    void theWordPathAgreesWithTheBytePathOnEveryShortString() {
        byte[] buf = new byte[32];
        int[] idx = new int[8];
        for (int len = 0; len <= 8; len++) {
            long total = (long) Math.pow(ALPHABET.length, len);
            for (long code = 0; code < total; code++) {
                long c = code;
                for (int i = 0; i < len; i++) {
                    idx[i] = (int) (c % ALPHABET.length);
                    c /= ALPHABET.length;
                }
                int from = (int) (code % 5); // the value not at the array's start, with other bytes after it
                for (int i = 0; i < buf.length; i++) {
                    buf[i] = (byte) ('0' + (i % 10));
                }
                for (int i = 0; i < len; i++) {
                    buf[from + i] = ALPHABET[idx[i]];
                }
                agrees(Decimals.parseUnits(buf, from, from + len), buf, from, len);
            }
        }
    }

    @Test
    void randomBytesAgreeToo() {
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] buf = new byte[16];
        for (int k = 0; k < 2_000_000; k++) {
            int len = 1 + rnd.nextInt(8);
            int from = rnd.nextInt(buf.length - 8 + 1);
            for (int i = 0; i < buf.length; i++) {
                int r = rnd.nextInt(16);
                buf[i] = r < 10 ? (byte) ('0' + r) : r < 12 ? (byte) '.' : (byte) rnd.nextInt(256);
            }
            agrees(Decimals.parseShortUnits(word(buf, from), len), buf, from, len);
        }
    }

    @Test
    void amountsAreTenThousandthsAndOnlyTheFormatParses() {
        assertThat(units("289.33")).isEqualTo(2_893_300);
        assertThat(units("0.0001")).isEqualTo(1);
        assertThat(units("7")).isEqualTo(70_000);
        assertThat(units("99999999")).isEqualTo(999_999_990_000L);
        assertThat(units("12345678901234.5678")).isEqualTo(123_456_789_012_345_678L);
        for (String bad : new String[] {"", ".5", "5.", "1.2.3", "-1", "+1", " 1", "1 ", "1.23456", "1e3", "0x10"}) {
            assertThat(units(bad)).as("'%s'", bad).isEqualTo(Decimals.INVALID);
        }
        assertThat(units("123456789012345")).as("15 integer digits").isEqualTo(Decimals.INVALID);
    }

    /** Fails unless {@code got} is what the byte path makes of {@code buf[from..from+len)}. */
    private static void agrees(long got, byte[] buf, int from, int len) {
        long expected = Decimals.parseUnitsBytes(buf, from, from + len);
        if (got != expected) { // asserted only on a mismatch: millions of strings
            assertThat(got)
                    .as("'%s'", new String(buf, from, len, StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
        }
    }

    private static long units(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        long bytes = Decimals.parseUnitsBytes(b, 0, b.length);
        byte[] padded = new byte[b.length + 8];
        System.arraycopy(b, 0, padded, 0, b.length);
        assertThat(Decimals.parseUnits(padded, 0, b.length))
                .as("'%s' by the word path", s)
                .isEqualTo(bytes);
        return bytes;
    }

    private static long word(byte[] b, int from) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w |= (b[from + i] & 0xffL) << (8 * i);
        }
        return w;
    }
}

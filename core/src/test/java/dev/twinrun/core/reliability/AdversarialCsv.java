package dev.twinrun.core.reliability;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile hour files: mostly-valid e-commerce rows with adversarial pieces spliced in
 * (broken quoting, long fields and lines, invalid UTF-8, NUL, stray CR, a BOM in the middle, numbers and
 * timestamps at the edges), broken headers, and raw byte soup.
 */
final class AdversarialCsv {
    static final HourId HOUR = HourId.parse("2026-11-26T13");
    static final String HEADER = String.join(",", EcommerceInsights.COLUMNS);

    private AdversarialCsv() {}

    /** One to three files of one hour. */
    static Arbitrary<List<byte[]>> hourFiles(int longField) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, file(longField).list().ofSize(1)),
                net.jqwik.api.Tuple.of(1, file(longField).list().ofMinSize(2).ofMaxSize(3)));
    }

    /** One hostile file. */
    static Arbitrary<byte[]> file(int longField) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(16, structured(longField)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.bytes().array(byte[].class).ofMaxSize(400)),
                net.jqwik.api.Tuple.of(1, byteSoupAfterHeader()));
    }

    private static Arbitrary<byte[]> byteSoupAfterHeader() {
        return Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(600)
                .map(b -> concat((HEADER + "\n").getBytes(StandardCharsets.UTF_8), b));
    }

    private static Arbitrary<byte[]> structured(int longField) {
        Arbitrary<byte[]> header = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(40, Arbitraries.just(HEADER + "\n")),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just("\uFEFF" + HEADER + "\r\n")),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(reversedHeader() + "\n")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(HEADER + ",extra,\"quoted,extra\"\n")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(HEADER + ",event_id\n")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(HEADER.replace("price,", "") + "\n")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just("\"" + HEADER + "\n")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just("\n\r\n" + HEADER + "\n")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just("\uFEFF")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(HEADER.replace("device", "dev\u0000ice") + "\n")),
                        net.jqwik.api.Tuple.of(
                                1, Arbitraries.just(HEADER.replace("country", "\"coun\"\"try\"") + "\n")))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> body = piece(longField).list().ofMaxSize(40).map(AdversarialCsv::join);
        return Combinators.combine(header, body, Arbitraries.integers().between(0, 100))
                .as((h, b, cut) -> {
                    byte[] all = concat(h, b);
                    // Sometimes the file ends mid-record (a truncated upload).
                    return cut < 90 || all.length == 0 ? all : Arrays.copyOf(all, all.length * cut / 100);
                });
    }

    private static String reversedHeader() {
        List<String> cols = new ArrayList<>(EcommerceInsights.COLUMNS);
        Collections.reverse(cols);
        return String.join(",", cols);
    }

    /** A row, a mutated row, or hostile bytes, each with or without a line end. */
    static Arbitrary<byte[]> piece(int longField) {
        Arbitrary<byte[]> good = Arbitraries.integers().between(0, 1_000_000).map(i -> row(fields(i)));
        Arbitrary<byte[]> mutated = Combinators.combine(
                        Arbitraries.integers().between(0, 1_000_000),
                        Arbitraries.integers().between(0, EcommerceInsights.COLUMNS.size() - 1),
                        value(longField))
                .as((i, col, v) -> {
                    List<byte[]> f = new ArrayList<>();
                    for (String s : fields(i)) {
                        f.add(s.getBytes(StandardCharsets.UTF_8));
                    }
                    f.set(col, v);
                    return rowBytes(f);
                });
        Arbitrary<byte[]> noise = Arbitraries.of(
                        "\n",
                        "\r\n",
                        "\r",
                        "\n\n",
                        ",",
                        ",,,,,,,,,,,,,",
                        "\"",
                        "\"\"",
                        "\"\n",
                        "\uFEFF",
                        "\u0000",
                        HEADER + "\n",
                        "\"a\"b,\n",
                        "x\"y\n",
                        "\"unterminated,\n",
                        "\"q\nq\"\r\n")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> rawBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(30);
        Arbitrary<byte[]> longLine = Arbitraries.integers()
                .between(longField / 2, longField * 3)
                .map(n -> ("x".repeat(n) + "\n").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> longQuoted = Arbitraries.integers()
                .between(longField / 2, longField * 3)
                .map(n -> ("\"" + "y,\n".repeat(n / 3) + "\"\n").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, good),
                net.jqwik.api.Tuple.of(10, mutated),
                net.jqwik.api.Tuple.of(3, noise),
                net.jqwik.api.Tuple.of(2, rawBytes),
                net.jqwik.api.Tuple.of(1, longLine),
                net.jqwik.api.Tuple.of(1, longQuoted));
    }

    /** Hostile values for one field. */
    static Arbitrary<byte[]> value(int longField) {
        Arbitrary<String> text = Arbitraries.of(
                // quoting
                "\"unterminated",
                "a\"b",
                "\"x\"y",
                "\"\"",
                "\"\"\"",
                "\"a,b\"",
                "\"line\nbreak\"",
                "\"cr\rin\"",
                "\"crlf\r\nin\"",
                "=HYPERLINK(\"http://x\")",
                "@SUM(A1)",
                "+1",
                "-1",
                "\ttab",
                "\rcr",
                // emptiness and whitespace
                "",
                " ",
                "  purchase  ",
                // numbers at the edges
                "0",
                "-0",
                "0.0000",
                "0.00001",
                "-1",
                "1e5",
                "NaN",
                "Infinity",
                "0x10",
                "1_000",
                "１２",
                "99999999999999.9999",
                "100000000000000",
                "999999999999999999999999",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "2147483647",
                "2147483648",
                "999999999",
                "1000000000",
                "00000000000000000000001",
                ".5",
                "5.",
                "1,5",
                " 1",
                "1 ",
                // timestamps at the edges of the hour and of the format
                "2026-11-26T13:00:00Z",
                "2026-11-26T13:59:59.999999999Z",
                "2026-11-26T14:00:00Z",
                "2026-11-26T12:59:59.999Z",
                "2026-11-26T14:00:00+01:00",
                "2026-11-26T13:30:00+0000",
                "2026-11-26T13:30:00-00:00",
                "2026-11-26T13:30:00+18:00",
                "2026-11-26T13:30:00+24:00",
                "2026-11-26T13:30:00",
                "2026-11-26 13:30:00Z",
                "2026-02-30T13:00:00Z",
                "2026-11-26T13:60:00Z",
                "2026-11-26T23:59:60Z",
                "+99999-11-26T13:00:00Z",
                "1970-01-01T00:00:00Z",
                "2026-11-26T13:30:00.Z",
                "2026-11-26T13:30:00.1234567890123Z",
                "2026-11-26T13:30:00z",
                // enums and currencies
                "PURCHASE",
                "purchase\u0000",
                "refund",
                "page_view",
                "usd",
                "US",
                "USDD",
                "€€€",
                "\uFEFFUSD",
                // unicode
                "é",
                "\uD83D\uDE00",
                "\u0000",
                "\u0000\u0000\u0000",
                "\uFEFF");
        Arbitrary<byte[]> fromText = text.map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0x80},
                new byte[] {'a', (byte) 0xF0, (byte) 0x9F, (byte) 0x98});
        Arbitrary<byte[]> longValue = Arbitraries.integers()
                .between(longField - 2, longField * 2)
                .map(n -> "z".repeat(n).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> longQuotedValue = Arbitraries.integers()
                .between(longField - 2, longField * 2)
                .map(n -> ("\"" + "\"\"".repeat(n / 2) + "\"").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, fromText),
                net.jqwik.api.Tuple.of(2, invalidUtf8),
                net.jqwik.api.Tuple.of(1, longValue),
                net.jqwik.api.Tuple.of(1, longQuotedValue));
    }

    /** A valid row's fields, varied by {@code i}. */
    static List<String> fields(int i) {
        String type = EcommerceInsights.EVENT_TYPES.get(i % 5);
        boolean money = type.equals("purchase") || type.equals("refund") || i % 7 == 0;
        return List.of(
                "e" + i,
                String.format("2026-11-26T13:%02d:%02d.%03dZ", i % 60, (i / 60) % 60, i % 1000),
                type,
                "u" + (i % 97),
                "s" + (i % 131),
                type.equals("page_view") && i % 3 == 0 ? "" : "p" + (i % 23),
                i % 11 == 0 ? "" : "cat" + (i % 5),
                money ? (i % 1000) + "." + (i % 100) : "",
                money ? String.valueOf(1 + i % 4) : "",
                money ? (i % 2 == 0 ? "USD" : "EUR") : "",
                "ch" + (i % 4),
                i % 5 == 0 ? "\"camp,aign\"" : "c" + (i % 6),
                "C" + (i % 9),
                "d" + (i % 3));
    }

    static byte[] row(List<String> fields) {
        return (String.join(",", fields) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] rowBytes(List<byte[]> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(fields.get(i));
        }
        out.write('\n');
        return out.toByteArray();
    }

    static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

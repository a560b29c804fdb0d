package dev.twinrun.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * commons-csv is the oracle: on inputs it accepts, our parser must produce the same records; on inputs it
 * rejects, ours must quarantine at least one record (never crash, never silently agree).
 *
 * <p>Known, deliberate difference: commons-csv skips whitespace after a closing quote, we quarantine it as
 * {@code malformed_quotes}; so the alphabet has no spaces. A lone CR is a line break for commons-csv and data
 * for us (RFC 4180 line breaks are CRLF), so CR only appears before LF.
 */
class CsvDifferentialTest {

    @Provide
    Arbitrary<String> csvish() {
        Arbitrary<String> token =
                Arbitraries.of("a", "bc", "é", "\"", "\"\"", ",", "\n", "\r\n", "x\"y", "\"q,\nq\"", "", "1.5", "€");
        return token.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 400)
    void sameRecordsAsCommonsCsv(@ForAll("csvish") String input) throws IOException {
        List<List<String>> expected;
        try {
            expected = commonsCsv(input);
        } catch (IllegalStateException | UncheckedIOException | IOException e) {
            SplitParserTest.Parsed ours =
                    SplitParserTest.parse(input.getBytes(StandardCharsets.UTF_8), -1, Limits.DEFAULT);
            assertThat(ours.rejected())
                    .as("commons-csv rejected %s (%s); we must quarantine something", show(input), e.getMessage())
                    .isNotEmpty();
            return;
        }
        SplitParserTest.Parsed ours = SplitParserTest.parse(input.getBytes(StandardCharsets.UTF_8), -1, Limits.DEFAULT);
        assertThat(ours.rejected())
                .as("input accepted by commons-csv: %s", show(input))
                .isEmpty();
        assertThat(ours.rows()).as("records of %s", show(input)).isEqualTo(expected);
    }

    @Property(tries = 200)
    void everyByteIsAccountedForWhateverTheInput(@ForAll("csvish") String input) throws IOException {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        SplitParserTest.Parsed ours = SplitParserTest.parse(bytes, 2, Limits.DEFAULT);
        assertThat(ours.result().nextRecordStart())
                .as("parser consumed the whole input")
                .isEqualTo(bytes.length);
        assertThat(ours.result().rowsRead())
                .as("rows read = aggregated + quarantined")
                .isEqualTo(ours.rows().size() + ours.rejected().size());
    }

    /**
     * Well-formed CSV with longer fields and many records: the eight-byte search runs, and records straddle the
     * 4 KiB buffer's end.
     */
    @Provide
    Arbitrary<String> longCsvish() {
        Arbitrary<String> piece = Arbitraries.of("abcdefghijklmnop", "0123456", "é€ü", "x", "", "1.5", "\u00ff\u0080");
        Arbitrary<String> unquoted = piece.list().ofMaxSize(4).map(l -> String.join("", l));
        Arbitrary<String> quoted = Arbitraries.of("abcdefgh", ", ", "\n", "\r\n", "\"\"", "é€", "x")
                .list()
                .ofMaxSize(8)
                .map(l -> "\"" + String.join("", l) + "\"");
        Arbitrary<String> field =
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, unquoted), net.jqwik.api.Tuple.of(1, quoted));
        Arbitrary<String> record = field.list().ofMinSize(1).ofMaxSize(14).map(l -> String.join(",", l));
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\n\n");
        Arbitrary<String> line = net.jqwik.api.Combinators.combine(record, end).as((r, e) -> r + e);
        return line.list().ofMinSize(20).ofMaxSize(300).map(l -> String.join("", l));
    }

    @Property(tries = 40)
    void sameRecordsAsCommonsCsvAcrossBufferRefills(@ForAll("longCsvish") String input) throws IOException {
        List<List<String>> expected = commonsCsv(input);
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        SplitParser.Result r = new SplitParser(
                        new ByteArrayInputStream(bytes),
                        0,
                        Long.MAX_VALUE,
                        -1,
                        Limits.DEFAULT,
                        new SplitParser.Handler() {
                            @Override
                            public Rejection row(Row row) {
                                List<String> f = new ArrayList<>();
                                for (int i = 0; i < row.fieldCount(); i++) {
                                    f.add(row.text(i));
                                }
                                rows.add(f);
                                return null;
                            }

                            @Override
                            public void quarantined(
                                    long l, long o, long n, byte[] raw, int f, int len, boolean t, Rejection x) {
                                rejected.add(x.reason());
                            }
                        },
                        Long.MAX_VALUE,
                        4096)
                .parseFromBoundary();
        assertThat(rejected).as("input accepted by commons-csv").isEmpty();
        assertThat(rows).isEqualTo(expected);
        assertThat(r.newlines())
                .as("every line feed counted, quoted ones too")
                .isEqualTo(input.chars().filter(c -> c == '\n').count());
        assertThat(r.nextRecordStart()).isEqualTo(bytes.length);
    }

    @Property(tries = 40)
    void aRecordWithAnInvalidByteAnywhereIsQuarantined(
            @ForAll("longCsvish") String input, @ForAll @IntRange(min = 0, max = 1_000_000) int where)
            throws IOException {
        // One byte that is never UTF-8 (0xFF) inserted before some 'a' (always inside a field, quoted or not, at
        // any offset of the word): that record alone is quarantined.
        List<Integer> letters = new ArrayList<>();
        for (int i = input.indexOf('a'); i >= 0; i = input.indexOf('a', i + 1)) {
            letters.add(i);
        }
        Assume.that(!letters.isEmpty());
        int at = letters.get(where % letters.size()) + where % 7;
        String marked = input.substring(0, at) + '\u0001' + input.substring(at);
        byte[] bytes = marked.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 1) {
                bytes[i] = (byte) 0xFF;
            }
        }
        List<List<String>> expected = new ArrayList<>(commonsCsv(marked));
        expected.removeIf(rec -> String.join(",", rec).indexOf('\u0001') >= 0);
        SplitParserTest.Parsed ours = SplitParserTest.parse(bytes, -1, Limits.DEFAULT);
        assertThat(ours.rejected()).as("the marked record").hasSize(1);
        assertThat(ours.rejected().get(0)).endsWith(":" + Rejection.INVALID_ENCODING);
        assertThat(ours.rows()).isEqualTo(expected);
    }

    private static List<List<String>> commonsCsv(String input) throws IOException {
        List<List<String>> out = new ArrayList<>();
        CSVFormat f = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (CSVParser p = CSVParser.parse(new StringReader(input), f)) {
            for (CSVRecord r : p) {
                List<String> fields = new ArrayList<>();
                r.forEach(fields::add);
                out.add(fields);
            }
        }
        return out;
    }

    private static String show(String s) {
        return "'" + s.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }
}

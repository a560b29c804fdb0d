package dev.twinrun.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitParserTest {

    /** What a parse produced: accepted records as field lists, and quarantined (line, reason) pairs. */
    record Parsed(List<List<String>> rows, List<String> rejected, SplitParser.Result result) {}

    static Parsed parse(byte[] bytes, int columns, Limits limits) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        SplitParser.Handler h = new SplitParser.Handler() {
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
                    long linesBefore,
                    long offset,
                    long length,
                    byte[] raw,
                    int from,
                    int rawLength,
                    boolean truncated,
                    Rejection r) {
                rejected.add((linesBefore + 1) + ":" + r.reason());
            }
        };
        SplitParser.Result r = new SplitParser(
                        new ByteArrayInputStream(bytes), 0, Long.MAX_VALUE, columns, limits, h, Long.MAX_VALUE)
                .parseFromBoundary();
        return new Parsed(rows, rejected, r);
    }

    static Parsed parse(String s, int columns) throws IOException {
        return parse(s.getBytes(StandardCharsets.UTF_8), columns, Limits.DEFAULT);
    }

    @Test
    void quotedCommasQuotesAndNewlinesAreOneField() throws IOException {
        Parsed p = parse("a,\"b,c\",\"say \"\"hi\"\"\"\n\"multi\nline\",x,y\n", 3);
        assertThat(p.rows())
                .as("RFC 4180 quoting")
                .containsExactly(List.of("a", "b,c", "say \"hi\""), List.of("multi\nline", "x", "y"));
        assertThat(p.result().newlines())
                .as("newlines counted inside quotes too")
                .isEqualTo(3);
    }

    @Test
    void crlfAndLfMixAndBlankLinesAreNotRows() throws IOException {
        Parsed p = parse("a,b\r\n\r\nc,d\n\ne,f", 2);
        assertThat(p.rows())
                .as("CRLF stripped, blank lines skipped, last line without newline kept")
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"));
        assertThat(p.result().rowsRead()).as("blank lines are not rows").isEqualTo(3);
    }

    @Test
    void wrongColumnCountIsQuarantinedWithItsLine() throws IOException {
        Parsed p = parse("a,b\nc\nd,e,f\ng,h\n", 2);
        assertThat(p.rows()).containsExactly(List.of("a", "b"), List.of("g", "h"));
        assertThat(p.rejected())
                .as("line numbers of the bad rows")
                .containsExactly("2:wrong_column_count", "3:wrong_column_count");
    }

    @Test
    void unterminatedQuoteSwallowsTheRestAndIsQuarantined() throws IOException {
        Parsed p = parse("a,b\n\"c,d\ne,f\n", 2);
        assertThat(p.rows()).containsExactly(List.of("a", "b"));
        assertThat(p.rejected()).containsExactly("2:unterminated_quote");
        assertThat(p.result().rowsRead()).isEqualTo(2);
    }

    @Test
    void charactersAfterAClosingQuoteAreMalformed() throws IOException {
        Parsed p = parse("\"a\"b,c\nd,e\n", 2);
        assertThat(p.rejected()).containsExactly("1:malformed_quotes");
        assertThat(p.rows()).containsExactly(List.of("d", "e"));
    }

    @Test
    void invalidUtf8IsQuarantinedValidMultibyteIsKept() throws IOException {
        byte[] bytes = {'a', ',', (byte) 0xff, '\n', 'b', ',', (byte) 0xc3, (byte) 0xa9, '\n'};
        Parsed p = parse(bytes, 2, Limits.DEFAULT);
        assertThat(p.rejected()).containsExactly("1:invalid_encoding");
        assertThat(p.rows()).containsExactly(List.of("b", "é"));
    }

    @Test
    void overlongFieldsAndRowsAreQuarantinedWithBoundedMemory() throws IOException {
        Limits small = new Limits(8, 64, 16);
        String longField = "x".repeat(20);
        String longRow = "y".repeat(10_000);
        String csv = "a,b\n" + longField + ",c\n" + "\"" + longRow + "\"," + longRow + "\nd,e\n";
        Parsed p = parse(csv.getBytes(StandardCharsets.UTF_8), 2, small);
        assertThat(p.rows()).containsExactly(List.of("a", "b"), List.of("d", "e"));
        assertThat(p.rejected()).containsExactly("2:field_too_long", "3:row_too_long");
        assertThat(p.result().nextRecordStart()).as("everything consumed").isEqualTo(csv.length());
    }

    @Test
    void speculativeStartSkipsToTheNextLine() throws IOException {
        byte[] all = "h1,h2\nab,cd\nef,gh\n".getBytes(StandardCharsets.UTF_8);
        // range [8, end): open one byte before it; the first record starting at or after 8 is "ef,gh" at 12
        List<List<String>> rows = new ArrayList<>();
        SplitParser.Handler h = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                rows.add(List.of(row.text(0), row.text(1)));
                return null;
            }

            @Override
            public void quarantined(long l, long o, long n, byte[] r, int f, int len, boolean t, Rejection x) {}
        };
        SplitParser.Result r = new SplitParser(
                        new ByteArrayInputStream(all, 7, all.length - 7),
                        7,
                        Long.MAX_VALUE,
                        2,
                        Limits.DEFAULT,
                        h,
                        Long.MAX_VALUE)
                .parseSpeculative();
        assertThat(r.firstRecordStart()).isEqualTo(12);
        assertThat(rows).containsExactly(List.of("ef", "gh"));
    }

    @Test
    void aSpeculativeStartInsideAQuotedFieldWithLineFeedsFindsTheNextRecord() throws IOException {
        // Records of four columns whose quoted fields hold commas, doubled quotes and one or two line feeds (none of
        // them text that reads as a whole record of four fields), with \n and \r\n line ends.
        java.util.Random rnd = new java.util.Random(18);
        String[] names = {"alpha", "\"b,c\"", "\"say \"\"hi\"\"\"", "\"line1\nline2\"", "\"l1\nl2\nl3\"", ""};
        String[] notes = {"", "plain", "\"two\nlines, and a comma\"", "\"x\"\"\n\"\"y\""};
        StringBuilder sb = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            starts.add(sb.length());
            sb.append('r')
                    .append(i)
                    .append(',')
                    .append(names[rnd.nextInt(names.length)])
                    .append(',')
                    .append(rnd.nextInt(100_000))
                    .append(',')
                    .append(notes[rnd.nextInt(notes.length)])
                    .append(rnd.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        SplitParser.Handler h = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                return null;
            }

            @Override
            public void quarantined(long l, long o, long n, byte[] r, int f, int len, boolean t, Rejection x) {}
        };
        int firstLineFeedWrong = 0;
        for (int k = 1; k < all.length; k++) {
            int from = k;
            long expected = starts.stream().filter(st -> st >= from).findFirst().orElse(all.length);
            int nl = k - 1;
            while (nl < all.length && all[nl] != '\n') {
                nl++;
            }
            if (nl + 1 != expected) {
                firstLineFeedWrong++;
            }
            // As the scanner opens a speculative range: one byte before its nominal start.
            SplitParser.Result r = new SplitParser(
                            new ByteArrayInputStream(all, k - 1, all.length - (k - 1)),
                            k - 1,
                            Long.MAX_VALUE,
                            4,
                            Limits.DEFAULT,
                            h,
                            Long.MAX_VALUE,
                            4096)
                    .parseSpeculative();
            assertThat(r.firstRecordStart())
                    .as("the first record at or after offset " + k)
                    .isEqualTo(expected);
        }
        assertThat(firstLineFeedWrong)
                .as("offsets where the first line feed is inside quotes (the guess is needed)")
                .isGreaterThan(100);
    }
}

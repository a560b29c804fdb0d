package dev.twinrun.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The parser reads most records from its delimiter index and falls back to reading byte by byte where a record leaves
 * the indexed bytes or is not well formed. Whatever the input, both must give the same records, the same quarantined
 * records (line, offset, length, reason, raw bytes) and the same counts: the byte path is the oracle here, as
 * commons-csv is for both in {@link CsvDifferentialTest}.
 */
class IndexedParseDifferentialTest {

    /** Everything a parse told its handler, in order, and its result. */
    record Trace(List<String> events, SplitParser.Result result) {}

    static Trace trace(byte[] bytes, int columns, Limits limits, int buffer, boolean indexed, long start)
            throws IOException {
        List<String> events = new ArrayList<>();
        SplitParser.Handler h = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                StringBuilder sb = new StringBuilder("row");
                for (int i = 0; i < row.fieldCount(); i++) {
                    sb.append('|').append(Arrays.toString(Arrays.copyOfRange(row.array(i), row.start(i), row.end(i))));
                }
                events.add(sb.toString());
                // Every third row refused by the handler, so quarantine by the handler is compared too.
                return events.size() % 3 == 0 ? new Rejection("handler_said_no", "test") : null;
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
                events.add("quarantined line " + linesBefore + " at " + offset + " length " + length + " " + r.reason()
                        + " truncated " + truncated + " raw "
                        + Arrays.toString(Arrays.copyOfRange(raw, from, from + rawLength)));
            }
        };
        int from = (int) start;
        SplitParser p = new SplitParser(
                new ByteArrayInputStream(bytes, from, bytes.length - from),
                from,
                Long.MAX_VALUE,
                columns,
                limits,
                h,
                Long.MAX_VALUE,
                buffer);
        p.withIndex(indexed);
        SplitParser.Result r = start == 0 ? p.parseFromBoundary() : p.parseSpeculative();
        return new Trace(events, r);
    }

    @Provide
    Arbitrary<String> anyCsv() {
        Arbitrary<String> token = Arbitraries.of(
                "a",
                "bcdefghij",
                "0123456789abcdef",
                "é",
                "€",
                "\u00ff",
                "\"",
                "\"\"",
                ",",
                ",,",
                "\n",
                "\r\n",
                "\r",
                "x\"y",
                "\"q,\nq\"",
                "\"quoted field\"",
                "\"a\"\"b\"",
                "\"unterminated",
                "\"closed\"x",
                "",
                "1.5");
        return token.list().ofMaxSize(400).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void sameEventsWhateverTheInput(
            @ForAll("anyCsv") String input,
            @ForAll @IntRange(min = -1, max = 4) int columns,
            @ForAll @IntRange(min = 0, max = 2) int limitsKind,
            @ForAll @IntRange(min = 0, max = 60) int start)
            throws IOException {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        Limits limits = switch (limitsKind) {
            case 0 -> Limits.DEFAULT;
            case 1 -> new Limits(7, 40, 16); // short fields and rows: the too-long paths
            default -> new Limits(64, 200, 64);
        };
        long from = Math.min(start, bytes.length);
        Trace indexed = trace(bytes, columns, limits, 4096, true, from);
        Trace bytewise = trace(bytes, columns, limits, 4096, false, from);
        assertThat(indexed.events()).as("events of %s", show(input)).isEqualTo(bytewise.events());
        assertThat(indexed.result()).isEqualTo(bytewise.result());
    }

    /** Many ordinary records, so the index is refilled block after block and records straddle the buffer's end. */
    @Property(tries = 40)
    void sameEventsAcrossIndexBlocksAndBufferRefills(
            @ForAll("anyCsv") String noise, @ForAll @IntRange(min = 200, max = 3000) int records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < records; i++) {
            sb.append("e").append(i).append(",2026-11-26T13:0").append(i % 10).append(":00Z,");
            sb.append(i % 7 == 0 ? "\"home, garden\"" : i % 11 == 0 ? "\"say \"\"hi\"\"\"" : "books");
            sb.append(',').append(i % 13 == 0 ? "" : "12.50").append(i % 17 == 0 ? "\r\n" : "\n");
            if (i % 97 == 0) {
                sb.append(noise);
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Trace indexed = trace(bytes, 4, Limits.DEFAULT, 4096, true, 0);
        Trace bytewise = trace(bytes, 4, Limits.DEFAULT, 4096, false, 0);
        assertThat(indexed.events()).isEqualTo(bytewise.events());
        assertThat(indexed.result()).isEqualTo(bytewise.result());
    }

    @Test
    void aRecordLongerThanTheBufferOfQuotedLinesIsOneRecordBothWays() throws IOException {
        // A quoted field of many short lines, longer than the first buffer: the index is refilled within it many
        // times before the byte path must grow the buffer.
        String field = "\"" + "ab,\n".repeat(5000) + "\"";
        byte[] bytes = ("x,y\n" + field + ",z\nlast,one\n").getBytes(StandardCharsets.UTF_8);
        Trace indexed = trace(bytes, 2, Limits.DEFAULT, 4096, true, 0);
        Trace bytewise = trace(bytes, 2, Limits.DEFAULT, 4096, false, 0);
        assertThat(indexed.events()).isEqualTo(bytewise.events());
        assertThat(indexed.result().rowsRead()).isEqualTo(3);
        assertThat(indexed.result().newlines()).isEqualTo(5003);
    }

    @Test
    void recordsOfMoreFieldsThanTheRowFirstHoldsAreTheSameBothWays() throws IOException {
        // The row starts with room for 32 fields (or the column count and one): without a column count, a wider record
        // must grow it, whether the field past its room is plain, quoted or has doubled quotes; with one, the fields
        // past it are counted, not kept.
        String[] kinds = {"plain", "\"quoted,\"", "\"dou\"\"bled\""};
        for (String atTheEdge : kinds) {
            StringBuilder sb = new StringBuilder("a,b,c\n");
            for (int fields : new int[] {33, 100, 31, 65}) {
                for (int f = 0; f < fields; f++) {
                    String v = f == 32 || f == 64 ? atTheEdge : f % 9 == 5 ? kinds[2] : f % 4 == 1 ? kinds[1] : "v" + f;
                    sb.append(f == 0 ? "" : ",").append(v);
                }
                sb.append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            for (int columns : new int[] {-1, 3, 40}) {
                Trace indexed = trace(bytes, columns, Limits.DEFAULT, 4096, true, 0);
                Trace bytewise = trace(bytes, columns, Limits.DEFAULT, 4096, false, 0);
                assertThat(indexed.events())
                        .as("%d columns, %s", columns, atTheEdge)
                        .isEqualTo(bytewise.events());
                assertThat(indexed.result()).isEqualTo(bytewise.result());
            }
        }
    }

    @Test
    void theIndexIsUsedUnlessTheFlagsStopCompilationBelowC2() {
        assertThat(SplitParser.indexPays("auto", "null java -jar twinrun.jar null"))
                .isTrue();
        assertThat(SplitParser.indexPays("auto", "null java -XX:TieredStopAtLevel=1 -jar x.jar null"))
                .isFalse();
        assertThat(SplitParser.indexPays("auto", "-XX:TieredStopAtLevel=1 java -XX:TieredStopAtLevel=4 -jar x null"))
                .as("the command line after the tool options")
                .isTrue();
        assertThat(SplitParser.indexPays("auto", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 java -jar x null"))
                .isFalse();
        assertThat(SplitParser.indexPays("off", "java -jar x")).isFalse();
        assertThat(SplitParser.indexPays("on", "java -XX:TieredStopAtLevel=1")).isTrue();
    }

    private static String show(String s) {
        return "'" + s.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }
}

package dev.twinrun.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

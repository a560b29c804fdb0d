package dev.twinrun.core.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A currency is three letters from A to Z: every other value is quarantined as {@code invalid_currency}, whatever its
 * bytes (each byte just outside the range, lower case, digits, UTF-8 letters of three bytes, other lengths), and each
 * valid code gets its own revenue line.
 */
class CurrencyCodeTest {
    @TempDir
    Path tmp;

    @Test
    void onlyThreeLettersFromAToZAreCurrencies() throws Exception {
        List<String> valid = new ArrayList<>(List.of("USD", "AAA", "ZZZ", "AZA", "ZAZ", "JPY"));
        List<String> invalid = new ArrayList<>(List.of("usd", "US", "USDX", "U1D", "ÄB", "€", "A B"));
        for (int pos = 0; pos < 3; pos++) { // each byte just outside A..Z, and high bytes, in every position
            for (char c : new char[] {'@', '[', '`', '{', '0', '9', '\u007f'}) {
                StringBuilder b = new StringBuilder("QQQ");
                b.setCharAt(pos, c);
                invalid.add(b.toString());
            }
        }
        invalid.add("\u00c0B"); // 0xC3 0x80 'B': three bytes, the first two above 0x7F
        List<String> all = new ArrayList<>(valid);
        all.addAll(invalid);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            String currency = all.get(i).contains(",") ? '"' + all.get(i) + '"' : all.get(i);
            csv.append(OneFileHour.row("e" + i, i, "purchase", "p1", "2", currency))
                    .append('\n');
        }
        OneFileHour.run(tmp, List.of(csv.toString()));

        JsonNode summary = OneFileHour.summary(tmp);
        OneFileHour.assertQuarantinedOnly(summary, "invalid_currency", invalid.size());
        TreeSet<String> currencies = new TreeSet<>();
        for (JsonNode r : summary.path("totals").path("revenue")) {
            currencies.add(r.path("currency").asText());
            assertThat(r.path("grossRevenue").asText()).as(r.toString()).isEqualTo("5.00");
        }
        assertThat(currencies).containsExactlyElementsOf(new TreeSet<>(valid));
    }
}

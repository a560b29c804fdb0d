package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 14 formula-injection payloads of the audit, as text values (BI CSVs) and as the start of rejected rows
 * ({@code rejected_rows.csv}): no cell a spreadsheet reads starts like a formula once its first character is
 * normalised (leading control characters and blanks, NFKC for full-width forms), no {@code ;} stands outside
 * quotes (semicolon locales), and the rejected rows' exact bytes are recoverable from {@code raw_bytes}.
 */
class SpreadsheetPayloadsTest {
    static final List<String> PAYLOADS = List.of(
            "=1+2",
            "+1+2",
            "-1+2",
            "@SUM(1+1)",
            "\t=1+2",
            "\r=1+2",
            "\u0000=1+2",
            "\uFF1D1+2", // full-width equals sign
            "\uFF0B1+2", // full-width plus
            "\uFE661+2", // small equals sign
            "=cmd|' /C calc'!A0",
            "x;=1+2",
            "\n=1+2",
            " =1+2");

    @TempDir
    Path tmp;

    /** What a spreadsheet could run: a formula character first, after what it skips; or a control first. */
    static boolean runsAsFormula(String cell) {
        if (cell.isEmpty() || cell.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return false;
        }
        int first = cell.codePointAt(0);
        if (Character.isISOControl(first)) {
            return true;
        }
        String t = Normalizer.normalize(cell, Normalizer.Form.NFKC).strip();
        while (!t.isEmpty() && Character.isISOControl(t.charAt(0))) {
            t = t.substring(1).strip();
        }
        return !t.isEmpty() && "=+-@".indexOf(t.charAt(0)) >= 0;
    }

    /** True when every {@code ;} of the file is inside a quoted cell. */
    static boolean semicolonsQuoted(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theOracleSeesEveryPayload() {
        for (String p : PAYLOADS) {
            if (!p.startsWith("x;")) {
                assertThat(runsAsFormula(p)).as("payload %s", p).isTrue();
            }
        }
    }

    @Test
    void biCsvsAndRejectedRowsRunNoPayload() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        StringBuilder csv = new StringBuilder(AdversarialCsv.HEADER).append('\n');
        List<byte[]> badRows = new ArrayList<>();
        int i = 0;
        for (String p : PAYLOADS) {
            String q = "\"" + p.replace("\"", "\"\"") + "\"";
            csv.append(String.join(
                            ",",
                            "e" + i,
                            "2026-11-26T13:00:" + (10 + i) + "Z",
                            "purchase",
                            "u" + i,
                            "s" + i,
                            q,
                            q,
                            "1.00",
                            "1",
                            "USD",
                            q,
                            q,
                            q,
                            q))
                    .append('\n');
            i++;
        }
        for (String p : PAYLOADS) {
            // a row that starts with the payload and has too few columns; LF would end the row, so quote that one
            String row = p.indexOf('\n') >= 0 ? "\"" + p + "\",x" : p + ",x";
            badRows.add(row.getBytes(StandardCharsets.UTF_8));
            csv.append(row).append('\n');
        }
        in.put(TestData.HOUR.path() + "/a.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        var result = new HourJob(
                        in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve("t")))
                .run(TestData.HOUR);
        assertThat(result.rowsAggregated()).as("payload rows aggregated").isEqualTo(PAYLOADS.size());
        assertThat(result.rowsQuarantined()).as("payload rows quarantined").isEqualTo(PAYLOADS.size());

        int cells = 0;
        for (String name : List.of(
                "breakdown_channel_campaign.csv",
                "breakdown_category.csv",
                "breakdown_country.csv",
                "breakdown_device.csv",
                "top_products.csv",
                "data_quality.csv")) {
            String text = new String(TestData.published(out, TestData.HOUR, name), StandardCharsets.UTF_8);
            assertThat(semicolonsQuoted(text))
                    .as("every ; of %s is quoted", name)
                    .isTrue();
            cells += checkCells(text, name);
        }
        assertThat(cells).as("cells checked").isGreaterThan(100);

        String rejected =
                new String(TestData.published(out, TestData.HOUR, HourJob.QUARANTINE_FILE), StandardCharsets.UTF_8);
        assertThat(semicolonsQuoted(rejected))
                .as("every ; of rejected_rows.csv is quoted")
                .isTrue();
        checkCells(rejected, "rejected_rows.csv");
        List<byte[]> recovered = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(
                new StringReader(rejected),
                CSVFormat.RFC4180.builder().setHeader().get())) {
            for (CSVRecord r : p) {
                String b = r.get("raw_bytes");
                assertThat(b).as("raw_bytes").startsWith("base64:");
                recovered.add(Base64.getDecoder().decode(b.substring("base64:".length())));
                assertThat(r.get("raw_text")).as("raw_text is one line").doesNotContain("\n", "\r", "\u0000");
            }
        }
        assertThat(recovered).as("exact bytes of the rejected rows").hasSameSizeAs(badRows);
        for (int k = 0; k < badRows.size(); k++) {
            assertThat(recovered.get(k)).as("row %d", k).isEqualTo(badRows.get(k));
        }
    }

    private static int checkCells(String text, String name) throws Exception {
        int cells = 0;
        try (CSVParser p = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
            for (CSVRecord r : p) {
                for (String cell : r) {
                    cells++;
                    assertThat(runsAsFormula(cell))
                            .as("cell '%s' of %s runs as a formula", cell, name)
                            .isFalse();
                }
            }
        }
        return cells;
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }
}

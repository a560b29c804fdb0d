package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No cell of any CSV meant for BI tools starts with a character a spreadsheet would run as a formula
 * ({@code = + - @}, tab, CR), whichever column the text came from (HourJobTest covers channel, campaign
 * and country; this covers every text column and every BI CSV).
 */
class FormulaCellsTest {
    @TempDir
    Path tmp;

    @Test
    void everyTextCellOfEveryBiCsvIsNeutralised() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        List<String> payloads = List.of("=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"\"u\"\")");
        StringBuilder csv = new StringBuilder(AdversarialCsv.HEADER).append('\n');
        int i = 0;
        for (String p : payloads) {
            String q = "\"" + p + "\"";
            csv.append(String.join(
                            ",",
                            "e" + i,
                            "2026-11-26T13:00:0" + i + "Z",
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
        in.put(TestData.HOUR.path() + "/a.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        new HourJob(in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve("t")))
                .run(TestData.HOUR);
        int cells = 0;
        for (String name : List.of(
                "breakdown_channel_campaign.csv",
                "breakdown_category.csv",
                "breakdown_country.csv",
                "breakdown_device.csv",
                "top_products.csv",
                "data_quality.csv")) {
            String text = new String(TestData.published(out, TestData.HOUR, name), StandardCharsets.UTF_8);
            try (CSVParser p = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
                for (CSVRecord r : p) {
                    for (String cell : r) {
                        cells++;
                        if (!cell.isEmpty() && !cell.matches("-?[0-9]+(\\.[0-9]+)?")) {
                            assertThat("=+-@\t\r".indexOf(cell.charAt(0)))
                                    .as("cell '%s' of %s", cell, name)
                                    .isEqualTo(-1);
                        }
                    }
                }
            }
        }
        assertThat(cells).as("cells checked").isGreaterThan(100);
    }
}

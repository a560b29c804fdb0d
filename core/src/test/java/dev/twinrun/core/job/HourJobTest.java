package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.transform.SkippedInput;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourJobTest {
    @TempDir
    Path tmp;

    LocalObjectStore in;
    LocalObjectStore out;

    @BeforeEach
    void stores() {
        in = new LocalObjectStore(tmp.resolve("in"));
        out = new LocalObjectStore(tmp.resolve("out"));
    }

    HourJob job(JobOptions o) {
        return new HourJob(in, out, new EcommerceInsights(), o.withTempDir(tmp.resolve("t")));
    }

    @Test
    void publishesEveryOutputAndAManifestThatVouchesForThem() throws Exception {
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(1, 0.05, TestData.HOUR, 0, 300_000));
        in.put(TestData.HOUR.path() + "/b.csv", TestData.file(1, 0.05, TestData.HOUR, 1, 300_000));
        in.put(TestData.HOUR.path() + "/_ignored.txt", "not input".getBytes(StandardCharsets.UTF_8));

        RunResult r = job(JobOptions.defaults()).run(TestData.HOUR);

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(r.files()).as("only *.csv not starting with _ are input").isEqualTo(2);
        assertThat(r.rowsQuarantined()).as("5%% bad rows were generated").isGreaterThan(0);
        assertThat(r.rowsRead()).isEqualTo(r.rowsAggregated() + r.rowsQuarantined());
        JsonNode manifest = Json.parse(out.read(HourJob.insightsKey(TestData.HOUR, HourJob.MANIFEST)));
        assertThat(manifest.path("outputs")).as("every output listed").hasSize(9);
        for (JsonNode o : manifest.path("outputs")) {
            byte[] bytes = out.read(o.path("key").asText());
            assertThat(Sha256.of(bytes))
                    .as("sha256 of %s", o.path("key").asText())
                    .isEqualTo(o.path("sha256").asText());
        }
        JsonNode summary = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"));
        assertThat(summary.path("accounting").path("rowsRead").asLong()).isEqualTo(r.rowsRead());
        assertThat(summary.path("dataQuality").path("byReason").size())
                .as("several kinds of bad rows")
                .isGreaterThanOrEqualTo(5);
        long quarantineRecords;
        try (CSVParser p = CSVParser.parse(
                new StringReader(new String(
                        TestData.published(out, TestData.HOUR, HourJob.QUARANTINE_FILE), StandardCharsets.ISO_8859_1)),
                CSVFormat.RFC4180.builder().setHeader().get())) {
            quarantineRecords = p.stream()
                    .peek(rec -> {
                        assertThat(rec.get("file")).startsWith(TestData.HOUR.path() + "/");
                        assertThat(Long.parseLong(rec.get("line"))).isGreaterThan(1);
                        assertThat(rec.get("reason")).isNotBlank();
                    })
                    .count();
        }
        assertThat(quarantineRecords)
                .as("every quarantined row is in the quarantine file")
                .isEqualTo(r.rowsQuarantined());
    }

    @Test
    void rerunIsByteIdenticalAndACurrentHourIsNotRewritten() throws Exception {
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(2, 0.02, TestData.HOUR, 0, 400_000));
        job(JobOptions.defaults()).run(TestData.HOUR);
        Map<String, byte[]> first = TestData.snapshot(out, "");

        RunResult again = job(JobOptions.defaults().withForce(true)).run(TestData.HOUR);
        assertThat(again.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(TestData.text(TestData.snapshot(out, ""))).as("forced rerun").isEqualTo(TestData.text(first));

        RunResult skipped = job(JobOptions.defaults()).run(TestData.HOUR);
        assertThat(skipped.outcome()).isEqualTo(RunResult.Outcome.ALREADY_CURRENT);
        assertThat(job(JobOptions.defaults()).status(TestData.HOUR)).isEqualTo(HourStatus.CURRENT);

        in.put(TestData.HOUR.path() + "/b.csv", TestData.file(2, 0.02, TestData.HOUR, 1, 10_000));
        assertThat(job(JobOptions.defaults()).status(TestData.HOUR))
                .as("a new file makes the hour due again")
                .isEqualTo(HourStatus.DUE);
    }

    @Test
    void anEmptyFileIsSkippedAndTheRestPublished() throws Exception {
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(3, 0, TestData.HOUR, 0, 50_000));
        in.put(TestData.HOUR.path() + "/empty.csv", new byte[0]);
        RunResult r = job(JobOptions.defaults()).run(TestData.HOUR);
        assertThat(r.outcome()).as("published").isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(r.files()).as("files read").isEqualTo(1);
        assertThat(r.skippedInputs())
                .extracting(SkippedInput::key, SkippedInput::reason)
                .containsExactly(tuple(TestData.HOUR.path() + "/empty.csv", SkippedInput.EMPTY_FILE));
    }

    @Test
    void aMissingColumnSkipsTheFileNamingTheColumn() throws Exception {
        in.put(
                TestData.HOUR.path() + "/a.csv",
                "\uFEFFevent_id,event_time\n1,2026-11-26T13:00:00Z\n".getBytes(StandardCharsets.UTF_8));
        RunResult r = job(JobOptions.defaults()).run(TestData.HOUR);
        assertThat(r.rowsRead()).as("no rows read").isZero();
        assertThat(r.skippedInputs()).as("the file is skipped").hasSize(1);
        assertThat(r.skippedInputs().get(0).key()).isEqualTo(TestData.HOUR.path() + "/a.csv");
        assertThat(r.skippedInputs().get(0).reason()).isEqualTo(SkippedInput.UNUSABLE_HEADER);
        assertThat(r.skippedInputs().get(0).detail()).contains("event_type").contains("missing");
    }

    @Test
    void columnsAreFoundByNameInAnyOrderBehindABom() throws Exception {
        String csv = "\uFEFFdevice,country,campaign,channel,currency,quantity,price,category,product_id,session_id,"
                + "user_id,event_type,event_time,event_id\r\n"
                + "mobile,DE,\"a,b\",email,EUR,2,10.50,books,P1,s1,u1,purchase,2026-11-26T13:10:00Z,e1\r\n"
                + "mobile,DE,,email,EUR,,,books,,s2,u2,page_view,2026-11-26T13:11:00+00:00,e2\r\n";
        in.put(TestData.HOUR.path() + "/a.csv", csv.getBytes(StandardCharsets.UTF_8));
        RunResult r = job(JobOptions.defaults()).run(TestData.HOUR);
        assertThat(r.rowsAggregated()).isEqualTo(2);
        JsonNode totals = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                .path("totals");
        assertThat(totals.path("revenue").get(0).path("grossRevenue").asText())
                .as("2 x 10.50 exactly")
                .isEqualTo("21.00");
        assertThat(totals.path("sessions").asLong()).isEqualTo(2);
        assertThat(totals.path("conversionRate").asText()).isEqualTo("0.5000");
        String breakdown = new String(
                TestData.published(out, TestData.HOUR, "breakdown_channel_campaign.csv"), StandardCharsets.UTF_8);
        assertThat(breakdown).contains("email,\"a,b\",EUR,1,0,0,0,1,0,2,21.00,0.00,21.00");
    }

    @Test
    void hourOverHourComparesWithThePreviousPublishedHour() throws Exception {
        HourId prev = TestData.HOUR.previous();
        in.put(prev.path() + "/a.csv", TestData.file(4, 0, prev, 0, 100_000));
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(4, 0, TestData.HOUR, 0, 200_000));
        job(JobOptions.defaults()).run(prev);
        job(JobOptions.defaults()).run(TestData.HOUR);
        JsonNode hoh = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                .path("hourOverHour");
        assertThat(hoh.path("available").asBoolean()).isTrue();
        JsonNode events = hoh.path("metrics").get(0);
        assertThat(events.path("metric").asText()).isEqualTo("events");
        assertThat(Long.parseLong(events.path("current").asText()))
                .isGreaterThan(Long.parseLong(events.path("previous").asText()));
        assertThat(new BigDecimal(events.path("changePct").asText()))
                .as("about twice the events")
                .isBetween(new BigDecimal("80"), new BigDecimal("120"));
    }

    @Test
    void formulaLikeTextIsNeutralisedInBiCsvs() throws Exception {
        String csv = String.join(",", EcommerceInsights.COLUMNS) + "\n"
                + "e1,2026-11-26T13:00:01Z,page_view,u1,s1,,books,,,USD,=HYPERLINK(\"x\"),@cmd,+1,-x\n";
        in.put(TestData.HOUR.path() + "/a.csv", csv.getBytes(StandardCharsets.UTF_8));
        job(JobOptions.defaults()).run(TestData.HOUR);
        String b = new String(
                TestData.published(out, TestData.HOUR, "breakdown_channel_campaign.csv"), StandardCharsets.UTF_8);
        assertThat(b).contains("\"'=HYPERLINK(\"\"x\"\")\",'@cmd,USD");
        assertThat(new String(TestData.published(out, TestData.HOUR, "breakdown_country.csv"), StandardCharsets.UTF_8))
                .contains("'+1,USD");
    }

    @Test
    void keysCannotEscapeTheStoreRoot() {
        for (String bad : new String[] {"../x", "/etc/passwd", "a/../../x", "a\\b", "a/./b"}) {
            assertThatThrownBy(() -> in.put(bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }
}

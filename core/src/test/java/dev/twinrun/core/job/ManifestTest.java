package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.OutputFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    static final HourId HOUR = TestData.HOUR;
    static final List<ObjectInfo> INPUT = List.of(
            new ObjectInfo(HOUR.path() + "/a.csv", 120, "e1"), new ObjectInfo(HOUR.path() + "/b.csv", 80, "e2"));
    static final Accounting ACCOUNTING = new Accounting(2, 200, 10, 9, 1, Map.of("bad_price", 1L));

    @TempDir
    Path tmp;

    LocalObjectStore out;
    Manifest manifest;
    Path quarantine;

    @BeforeEach
    void setUp() throws Exception {
        out = new LocalObjectStore(tmp.resolve("out"));
        manifest = new Manifest(out, "ecommerce");
        quarantine = Files.writeString(tmp.resolve("q.csv"), QuarantineSpill.CSV_HEADER);
    }

    Map<String, String> publish(Optional<byte[]> previous) throws Exception {
        return manifest.publish(
                HOUR,
                INPUT,
                previous,
                List.of(
                        new OutputFile("summary.json", bytes("{}")),
                        new OutputFile("by_country.csv", bytes("country,n\n"))),
                quarantine,
                ACCOUNTING);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishWritesTheManifestLastListingEveryOutputWithItsSha() throws Exception {
        Map<String, String> written = publish(Optional.empty());

        assertThat(written.keySet())
                .as("outputs, quarantine, then the manifest")
                .containsExactly(
                        HourJob.insightsKey(HOUR, "summary.json"), HourJob.insightsKey(HOUR, "by_country.csv"),
                        HourJob.quarantineKey(HOUR), Manifest.key(HOUR));
        JsonNode m = Json.parse(out.read(Manifest.key(HOUR)));
        assertThat(m.path("schema").asText()).isEqualTo(Manifest.SCHEMA);
        assertThat(m.path("inputs")).as("the input it was made from").hasSize(2);
        assertThat(m.path("accounting").path("rowsQuarantined").asLong()).isEqualTo(1);
        assertThat(m.path("outputs")).hasSize(3);
        for (JsonNode o : m.path("outputs")) {
            assertThat(o.path("sha256").asText())
                    .as("sha256 of %s", o.path("key").asText())
                    .isEqualTo(Sha256.of(out.read(o.path("key").asText())))
                    .isEqualTo(written.get(o.path("key").asText()));
        }
        assertThat(written.get(Manifest.key(HOUR))).isEqualTo(Sha256.of(out.read(Manifest.key(HOUR))));
    }

    @Test
    void aManifestIsCurrentOnlyForTheInputAndPreviousSummaryItWasMadeFrom() throws Exception {
        assertThat(manifest.current(HOUR, INPUT, Optional.empty()))
                .as("nothing published")
                .isEmpty();
        publish(Optional.of(bytes("{\"previous\":1}")));

        assertThat(manifest.current(HOUR, INPUT, Optional.of(bytes("{\"previous\":1}"))))
                .isPresent();
        assertThat(manifest.current(
                        HOUR,
                        List.of(INPUT.get(0), new ObjectInfo(INPUT.get(1).key(), 80, "e3")),
                        Optional.of(bytes("{\"previous\":1}"))))
                .as("an input file changed")
                .isEmpty();
        assertThat(manifest.current(HOUR, INPUT.subList(0, 1), Optional.of(bytes("{\"previous\":1}"))))
                .as("an input file went away")
                .isEmpty();
        assertThat(manifest.current(HOUR, INPUT, Optional.of(bytes("{\"previous\":2}"))))
                .as("the previous hour was republished")
                .isEmpty();
        assertThat(new Manifest(out, "other").current(HOUR, INPUT, Optional.of(bytes("{\"previous\":1}"))))
                .as("made by another transformation")
                .isEmpty();

        out.put(Manifest.key(HOUR), bytes("{\"schema\": \"twinrun.manif"));
        assertThat(manifest.current(HOUR, INPUT, Optional.of(bytes("{\"previous\":1}"))))
                .as("a damaged manifest")
                .isEmpty();
    }

    @Test
    void verifyIntactWithdrawsThisRunsManifestWhenAnOutputWasOverwritten() throws Exception {
        Map<String, String> written = publish(Optional.empty());
        manifest.verifyIntact(HOUR, written);
        assertThat(out.head(Manifest.key(HOUR)))
                .as("intact: the manifest stays")
                .isPresent();

        out.put(HourJob.insightsKey(HOUR, "by_country.csv"), bytes("country,n\nDE,1\n"));

        assertThatThrownBy(() -> manifest.verifyIntact(HOUR, written)).isInstanceOf(Manifest.Overwritten.class);
        assertThat(out.head(Manifest.key(HOUR))).as("withdrawn").isEmpty();
        assertThat(manifest.current(HOUR, INPUT, Optional.empty())).isEmpty();
    }

    @Test
    void verifyIntactLeavesAnotherRunsManifestAlone() throws Exception {
        Map<String, String> mine = publish(Optional.empty());
        out.put(HourJob.insightsKey(HOUR, "by_country.csv"), bytes("country,n\nDE,1\n"));
        byte[] theirs = bytes("{\"schema\":\"twinrun.manifest\",\"by\":\"a later run\"}");
        out.put(Manifest.key(HOUR), theirs);

        manifest.verifyIntact(HOUR, mine);

        assertThat(out.read(Manifest.key(HOUR)))
                .as("the later run checks its own")
                .isEqualTo(theirs);
    }

    @Test
    void withdrawRemovesTheManifestAndToleratesNone() throws Exception {
        manifest.withdraw(HOUR);
        publish(Optional.empty());

        manifest.withdraw(HOUR);

        assertThat(out.head(Manifest.key(HOUR))).isEmpty();
        assertThat(out.head(HourJob.insightsKey(HOUR, "summary.json")))
                .as("outputs stay, unvouched")
                .isPresent();
    }

    @Test
    void thePreviousSummaryCountsOnlyWhenThePreviousHourIsPublished() throws Exception {
        HourId next = HOUR.next();
        assertThat(manifest.previousSummary(next)).isEmpty();
        publish(Optional.empty());

        assertThat(manifest.previousSummary(next))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("{}")));

        manifest.withdraw(HOUR);
        assertThat(manifest.previousSummary(next)).as("withdrawn hour").isEmpty();
    }
}

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

    Manifest.Published publish(Optional<byte[]> previous) throws Exception {
        return publish(INPUT, previous, () -> INPUT);
    }

    Manifest.Published publish(List<ObjectInfo> input, Optional<byte[]> previous, Manifest.Relist relist)
            throws Exception {
        return manifest.publish(
                HOUR,
                input,
                previous,
                List.of(
                        new OutputFile("summary.json", bytes("{}")),
                        new OutputFile("by_country.csv", bytes("country,n\n"))),
                quarantine,
                0,
                ACCOUNTING,
                relist);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishWritesAnImmutableVersionThenThePointerListingEveryOutputWithItsSha() throws Exception {
        Manifest.Published p = publish(Optional.empty());
        String v = p.version();

        assertThat(v).hasSize(Manifest.VERSION_ID_CHARS).isEqualTo(manifest.versionId(HOUR, INPUT, Optional.empty()));
        assertThat(p.written().keySet())
                .as("the version's outputs, its quarantine, then the pointer")
                .containsExactly(
                        HourJob.insightsKey(HOUR, v, "summary.json"),
                        HourJob.insightsKey(HOUR, v, "by_country.csv"),
                        HourJob.quarantineKey(HOUR, v),
                        Manifest.key(HOUR));
        assertThat(HourJob.insightsKey(HOUR, v, "summary.json"))
                .isEqualTo("insights/" + HOUR.path() + "/v=" + v + "/summary.json");
        JsonNode m = Json.parse(out.read(Manifest.key(HOUR)));
        assertThat(m.path("schema").asText()).isEqualTo(Manifest.SCHEMA);
        assertThat(m.path("version").asText()).isEqualTo(v);
        assertThat(m.path("inputs")).as("the input it was made from").hasSize(2);
        assertThat(m.path("accounting").path("rowsQuarantined").asLong()).isEqualTo(1);
        assertThat(m.path("outputs")).hasSize(3);
        for (JsonNode o : m.path("outputs")) {
            assertThat(o.path("sha256").asText())
                    .as("sha256 of %s", o.path("key").asText())
                    .isEqualTo(Sha256.of(out.read(o.path("key").asText())))
                    .isEqualTo(p.written().get(o.path("key").asText()));
        }
        assertThat(p.written().get(Manifest.key(HOUR))).isEqualTo(Sha256.of(out.read(Manifest.key(HOUR))));
        assertThat(HourJob.published(out, HOUR).orElseThrow().read(out, "summary.json"))
                .isEqualTo(bytes("{}"));
        assertThat(p.inputChangedSince()).isFalse();
    }

    @Test
    void theSameInputGivesTheSameVersionAndBytes() throws Exception {
        Manifest.Published a = publish(Optional.empty());
        var first = TestData.snapshot(out, "");
        Manifest.Published b = publish(Optional.empty());
        assertThat(b.version()).isEqualTo(a.version());
        assertThat(TestData.text(TestData.snapshot(out, ""))).isEqualTo(TestData.text(first));
    }

    @Test
    void republishingKeepsTheReplacedVersionForReadersAndRemovesOlderOnes() throws Exception {
        String v1 = publish(Optional.empty()).version();
        List<ObjectInfo> two = List.of(INPUT.get(0), new ObjectInfo(INPUT.get(1).key(), 80, "e3"));
        String v2 = publish(two, Optional.empty(), () -> two).version();
        assertThat(manifest.versions(HOUR)).containsExactlyInAnyOrder(v1, v2);
        assertThat(out.head(HourJob.quarantineKey(HOUR, v1))).isPresent();
        List<ObjectInfo> three =
                List.of(INPUT.get(0), new ObjectInfo(INPUT.get(1).key(), 80, "e4"));
        String v3 = publish(three, Optional.empty(), () -> three).version();
        assertThat(manifest.versions(HOUR)).as("v1 is two publications old").containsExactlyInAnyOrder(v2, v3);
        assertThat(out.head(HourJob.quarantineKey(HOUR, v1))).isEmpty();
        assertThat(HourJob.published(out, HOUR).orElseThrow().version()).isEqualTo(v3);
    }

    @Test
    void aVersionMadeFromAListingThatIsNoLongerCurrentIsNotPublished() throws Exception {
        String v1 = publish(Optional.empty()).version();
        byte[] pointer = out.read(Manifest.key(HOUR));
        List<ObjectInfo> fewer = INPUT.subList(0, 1);

        assertThatThrownBy(() -> publish(fewer, Optional.empty(), () -> INPUT))
                .as("the listing is {a, b} now; a version made from {a} must not replace the pointer")
                .isInstanceOf(Manifest.InputChanged.class);
        assertThat(out.read(Manifest.key(HOUR))).as("pointer unchanged").isEqualTo(pointer);
        assertThat(HourJob.published(out, HOUR).orElseThrow().version()).isEqualTo(v1);
    }

    @Test
    void aVersionMadeFromAnOutdatedPreviousSummaryIsNotPublished() throws Exception {
        assertThatThrownBy(() -> publish(Optional.of(bytes("{\"previous\":1}"))))
                .as("the previous hour is not published (any more)")
                .isInstanceOf(Manifest.InputChanged.class);
        assertThat(out.head(Manifest.key(HOUR))).isEmpty();
    }

    @Test
    void aListingThatChangesAfterTheSwapIsReported() throws Exception {
        int[] calls = {0};
        Manifest.Published p = publish(INPUT, Optional.empty(), () -> calls[0]++ == 0 ? INPUT : INPUT.subList(0, 1));
        assertThat(p.inputChangedSince()).isTrue();
        assertThat(HourJob.published(out, HOUR)).isPresent();
    }

    @Test
    void aManifestIsCurrentOnlyForTheInputAndPreviousSummaryItWasMadeFrom() throws Exception {
        assertThat(manifest.current(HOUR, INPUT, Optional.empty()))
                .as("nothing published")
                .isEmpty();
        out.put(HourJob.insightsKey(HOUR.previous(), "x", "summary.json"), bytes("{\"previous\":1}"));
        out.put(
                Manifest.key(HOUR.previous()),
                bytes("{\"version\":\"x\",\"outputs\":[{\"key\":\""
                        + HourJob.insightsKey(HOUR.previous(), "x", "summary.json") + "\",\"sha256\":\""
                        + Sha256.of(bytes("{\"previous\":1}")) + "\"}]}"));
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
    void aManifestIsCurrentOnlyForTheDefinitionItWasMadeWith() throws Exception {
        manifest = new Manifest(out, "spec:ecommerce", Optional.of("sha256:aa"));
        publish(Optional.empty());
        assertThat(manifest.current(HOUR, INPUT, Optional.empty()))
                .as("the same spec")
                .isPresent();
        assertThat(new Manifest(out, "spec:ecommerce", Optional.of("sha256:bb")).current(HOUR, INPUT, Optional.empty()))
                .as("the spec edited under the same name")
                .isEmpty();
        assertThat(new Manifest(out, "spec:ecommerce").current(HOUR, INPUT, Optional.empty()))
                .as("a transformation without a definition")
                .isEmpty();
    }

    @Test
    void outputsRemovedUnderThePointerArePutBack() throws Exception {
        Manifest.Published p = publish(Optional.empty());
        out.delete(HourJob.insightsKey(HOUR, p.version(), "by_country.csv"));
        publish(Optional.empty());
        assertThat(HourJob.published(out, HOUR).orElseThrow().read(out, "by_country.csv"))
                .isEqualTo(bytes("country,n\n"));
    }

    @Test
    void withdrawRemovesThePointerAndToleratesNone() throws Exception {
        manifest.withdraw(HOUR);
        Manifest.Published p = publish(Optional.empty());

        manifest.withdraw(HOUR);

        assertThat(out.head(Manifest.key(HOUR))).isEmpty();
        assertThat(HourJob.published(out, HOUR)).isEmpty();
        assertThat(out.head(HourJob.insightsKey(HOUR, p.version(), "summary.json")))
                .as("the version stays, unpointed")
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

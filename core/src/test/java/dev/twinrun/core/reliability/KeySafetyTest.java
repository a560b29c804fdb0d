package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys stay inside their store's prefix on both stores, for every operation; output keys come from the hour
 * and fixed names, never from row content.
 */
class KeySafetyTest {
    static final List<String> ESCAPES = List.of(
            "../x.csv",
            "a/../../x.csv",
            "/etc/passwd",
            "//x",
            "a\\..\\x",
            "./x",
            "a/./b",
            "..",
            ".",
            "a/..",
            "x\u0000y",
            "x\ny",
            "",
            "dt=2026-11-26/hour=13/../../../x.csv");
    static EmbeddedS3 s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        StorageFaultTest.quietS3ProxyLogs();
        s3 = EmbeddedS3.start().createBucket("keys");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void noOperationOfEitherStoreAcceptsAKeyThatCouldLeaveItsPrefix() throws Exception {
        Files.writeString(tmp.resolve("x.csv"), "outside");
        List<ObjectStore> stores =
                List.of(new LocalObjectStore(tmp.resolve("root")), new S3ObjectStore(s3.client(), "keys", "team-a/in"));
        int rejected = 0;
        for (ObjectStore store : stores) {
            for (String key : ESCAPES) {
                String what = store.describe() + " key '"
                        + key.replace("\u0000", "\\0").replace("\n", "\\n") + "'";
                assertThatThrownBy(() -> store.put(key, new byte[] {1}))
                        .as("put %s", what)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store.head(key))
                        .as("head %s", what)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store.open(key, 0))
                        .as("open %s", what)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store.delete(key))
                        .as("delete %s", what)
                        .isInstanceOf(IllegalArgumentException.class);
                rejected += 4;
            }
        }
        assertThat(Files.readString(tmp.resolve("x.csv")))
                .as("the file outside the root is untouched")
                .isEqualTo("outside");
        assertThat(s3.client().listObjectsV2(b -> b.bucket("keys")).contents())
                .as("nothing written to the bucket")
                .isEmpty();
        assertThatThrownBy(() -> new S3ObjectStore(s3.client(), "keys", "team-a/../team-b"))
                .as("a prefix with ..")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new LocalObjectStore(tmp.resolve("root")).list("../"))
                .as("listing above the root")
                .isEmpty();
        System.out.printf("reliability: %d escaping key operations on 2 stores, 0 accepted%n", rejected);
    }

    @Test
    void anInputKeyWithDotDotSegmentsInTheBucketFailsTheHourLoudlyAndReadsNothingOutside() throws Exception {
        s3.createBucket("dotdot");
        S3ObjectStore in = new S3ObjectStore(s3.client(), "dotdot", "incoming");
        S3ObjectStore out = new S3ObjectStore(s3.client(), "dotdot", "");
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(3, 0, TestData.HOUR, 0, 5_000));
        // S3 itself accepts such a key; someone with write access to incoming/ could create it.
        s3.client()
                .putObject(
                        b -> b.bucket("dotdot").key("incoming/" + TestData.HOUR.path() + "/../../../secret.csv"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("secret"));
        List<String> stored = s3.client().listObjectsV2(b -> b.bucket("dotdot")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                .toList();
        HourJob job = new HourJob(
                in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp));
        RunResult r;
        try {
            r = job.run(TestData.HOUR);
        } catch (IllegalArgumentException e) {
            assertThat(e).as("a rejected key is named").hasMessageContaining("..");
            assertThat(out.list(HourJob.INSIGHTS)).as("nothing published").isEmpty();
            return;
        }
        assertThat(r.files())
                .as("only the real input file was read (bucket holds %s)", stored)
                .isEqualTo(1);
        assertThat(job.inputFiles(TestData.HOUR))
                .extracting(ObjectInfo::key)
                .as("input files of the hour")
                .containsExactly(TestData.HOUR.path() + "/a.csv");
    }

    @Test
    void outputKeysComeFromTheHourNeverFromRowContent() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        String evil = "../../../../tmp/evil";
        String csv = AdversarialCsv.HEADER + "\n"
                + String.join(
                        ",",
                        "e1",
                        "2026-11-26T13:00:01Z",
                        "purchase",
                        evil,
                        "/etc/passwd",
                        evil + ".csv",
                        "..\\..\\x",
                        "1.00",
                        "1",
                        "USD",
                        "insights/dt=2026-11-26/hour=14/_SUCCESS",
                        "_SUCCESS",
                        "..",
                        "/")
                + "\n";
        in.put(TestData.HOUR.path() + "/a.csv", csv.getBytes(StandardCharsets.UTF_8));
        RunResult r = new HourJob(
                        in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve("t")))
                .run(TestData.HOUR);
        assertThat(r.rowsAggregated()).isEqualTo(1);
        Set<String> keys = out.list("").stream().map(ObjectInfo::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        String version = HourJob.published(out, TestData.HOUR).orElseThrow().version();
        for (String name : List.of(
                "summary.json",
                "summary.md",
                "breakdown_channel_campaign.csv",
                "breakdown_category.csv",
                "breakdown_country.csv",
                "breakdown_device.csv",
                "top_products.csv",
                "data_quality.csv")) {
            expected.add(HourJob.insightsKey(TestData.HOUR, version, name));
        }
        expected.add(HourJob.insightsKey(TestData.HOUR, HourJob.MANIFEST));
        expected.add(HourJob.quarantineKey(TestData.HOUR, version));
        assertThat(keys).as("exactly the fixed output keys of the hour").isEqualTo(expected);
        try (var files = Files.walk(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("evil"))
                            .count())
                    .as("no file named after row content anywhere")
                    .isZero();
        }
    }
}

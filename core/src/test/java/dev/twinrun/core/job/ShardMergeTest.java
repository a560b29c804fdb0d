package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.ecommerce.EcommercePartial;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.RenderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Mergeability: the same rows give the same insights however they are cut: into threads and byte ranges of
 * one file, into several files, or into shards aggregated apart and merged through the encoded partial format.
 */
class ShardMergeTest {

    private static Map<String, String> run(Path root, List<byte[]> files, JobOptions options) throws Exception {
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        for (int i = 0; i < files.size(); i++) {
            in.put(TestData.HOUR.path() + "/part-" + i + ".csv", files.get(i));
        }
        new HourJob(in, out, new EcommerceInsights(), options.withTempDir(root.resolve("t"))).run(TestData.HOUR);
        return TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR);
    }

    @Property(tries = 12)
    void anyThreadCountAndRangeSizeGiveByteIdenticalOutputs(
            @ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.2) double bad,
            @ForAll @IntRange(min = 2, max = 4) int threads,
            @ForAll @IntRange(min = 64, max = 20_000) int minSplit,
            @ForAll @IntRange(min = 1, max = 4) int rangesPerThread)
            throws Exception {
        byte[] file = TestData.file(seed, bad, TestData.HOUR, 0, 150_000);
        Path a = Files.createTempDirectory("merge-a");
        Path b = Files.createTempDirectory("merge-b");
        Map<String, String> single =
                run(a, List.of(file), JobOptions.defaults().withThreads(1).withMinSplitBytes(1L << 40));
        Map<String, String> split = run(
                b,
                List.of(file),
                JobOptions.defaults()
                        .withThreads(threads)
                        .withMinSplitBytes(minSplit)
                        .withRangesPerThread(rangesPerThread));
        assertThat(split)
                .as("threads=%d minSplit=%d rangesPerThread=%d", threads, minSplit, rangesPerThread)
                .isEqualTo(single);
    }

    @Property(tries = 8)
    void shardsAggregatedApartAndMergedEqualOnePass(
            @ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.2) double bad,
            @ForAll @IntRange(min = 1, max = 6) int shards)
            throws Exception {
        byte[] file = TestData.file(seed, bad, TestData.HOUR, 0, 120_000);
        EcommerceInsights t = new EcommerceInsights();
        Path root = Files.createTempDirectory("shards");
        JobOptions o = JobOptions.defaults().withTempDir(root.resolve("t"));

        List<byte[]> parts = TestData.splitRecords(file, shards);
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        List<ObjectInfo> infos = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String key = TestData.HOUR.path() + "/part-" + i + ".csv";
            in.put(key, parts.get(i));
            infos.add(in.head(key).orElseThrow());
        }
        // Each shard scanned alone, its partial shipped as bytes, then merged.
        EcommercePartial merged = t.newPartial();
        long read = 0;
        long agg = 0;
        long quar = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (ObjectInfo info : infos) {
            try (HourScanner<EcommercePartial>.Scan s =
                    new HourScanner<>(in, t, o).scan(TestData.HOUR, List.of(info))) {
                byte[] wire = t.encode(s.partial());
                t.merge(merged, t.decode(wire));
                read += s.accounting().rowsRead();
                agg += s.accounting().rowsAggregated();
                quar += s.accounting().rowsQuarantined();
                s.accounting().quarantinedByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
            }
        }
        LocalObjectStore whole = new LocalObjectStore(root.resolve("whole"));
        whole.put(TestData.HOUR.path() + "/x.csv", file);
        HourScanner<EcommercePartial>.Scan one = new HourScanner<>(whole, t, o)
                .scan(
                        TestData.HOUR,
                        List.of(whole.head(TestData.HOUR.path() + "/x.csv").orElseThrow()));
        Accounting a1 = one.accounting();
        assertThat(read).as("rows read").isEqualTo(a1.rowsRead());
        assertThat(reasons).as("quarantine reasons").isEqualTo(a1.quarantinedByReason());
        Accounting shardAcc = new Accounting(a1.files(), a1.bytesRead(), read, agg, quar, reasons);

        List<OutputFile> expected = t.render(one.partial(), new RenderContext(TestData.HOUR, a1, Optional.empty()));
        List<OutputFile> actual = t.render(merged, new RenderContext(TestData.HOUR, shardAcc, Optional.empty()));
        one.close();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(new String(actual.get(i).content(), StandardCharsets.UTF_8))
                    .as("%s with %d shards", expected.get(i).name(), shards)
                    .isEqualTo(new String(expected.get(i).content(), StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 10)
    void shardedRunsPublishExactlyWhatASingleRunPublishes(
            @ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.2) double bad,
            @ForAll @IntRange(min = 1, max = 7) int shards,
            @ForAll @IntRange(min = 1, max = 3) int files)
            throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            inputs.add(TestData.file(seed, bad, TestData.HOUR, i, 60_000 + 30_000L * i));
        }
        Map<String, String> single = run(Files.createTempDirectory("single"), inputs, JobOptions.defaults());

        Path root = Files.createTempDirectory("sharded");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        for (int i = 0; i < inputs.size(); i++) {
            in.put(TestData.HOUR.path() + "/part-" + i + ".csv", inputs.get(i));
        }
        HourJob job = new HourJob(
                in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(root.resolve("t")));
        List<ShardSpec> plan = job.planShards(TestData.HOUR, shards);
        assertThat(plan)
                .as("plan for %d shards", shards)
                .hasSizeLessThanOrEqualTo(shards)
                .isNotEmpty();
        List<byte[]> results = new ArrayList<>();
        for (ShardSpec s : plan) {
            results.add(job.runShard(TestData.HOUR, s));
        }
        Collections.reverse(results); // shards finish in any order
        job.mergeShards(TestData.HOUR, results, "merge");
        assertThat(TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR))
                .as("%d shards over %d files", shards, files)
                .isEqualTo(single);
    }

    @Property(tries = 3)
    void aShardMissingFromTheMergeFailsAndPublishesNothing(@ForAll @LongRange(min = 1, max = 1000) long seed)
            throws Exception {
        Path root = Files.createTempDirectory("missing");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        in.put(TestData.HOUR.path() + "/part-0.csv", TestData.file(seed, 0.01, TestData.HOUR, 0, 80_000));
        HourJob job = new HourJob(
                in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(root.resolve("t")));
        List<ShardSpec> plan = job.planShards(TestData.HOUR, 3);
        List<byte[]> results = new ArrayList<>();
        for (ShardSpec s : plan.subList(0, plan.size() - 1)) {
            results.add(job.runShard(TestData.HOUR, s));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.mergeShards(TestData.HOUR, results, "m"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("part-0.csv");
        assertThat(out.list("")).as("nothing published").isEmpty();
    }

    @Property(tries = 6)
    void severalFilesOfOneHourGiveTheSameInsightsAsOne(
            @ForAll @LongRange(min = 1, max = 1000) long seed, @ForAll @IntRange(min = 2, max = 5) int files)
            throws Exception {
        byte[] file = TestData.file(seed, 0.05, TestData.HOUR, 0, 100_000);
        Map<String, String> one = run(Files.createTempDirectory("one"), List.of(file), JobOptions.defaults());
        Map<String, String> many =
                run(Files.createTempDirectory("many"), TestData.splitRecords(file, files), JobOptions.defaults());
        for (String name : List.of(
                "breakdown_channel_campaign.csv",
                "breakdown_category.csv",
                "breakdown_country.csv",
                "breakdown_device.csv",
                "top_products.csv",
                "data_quality.csv")) {
            assertThat(many.get(name)).as(name).isNotNull().isEqualTo(one.get(name));
        }
        ObjectNode s1 = (ObjectNode) Json.parse(one.get("summary.json").getBytes(StandardCharsets.ISO_8859_1));
        ObjectNode s2 = (ObjectNode) Json.parse(many.get("summary.json").getBytes(StandardCharsets.ISO_8859_1));
        ((ObjectNode) s1.path("accounting")).remove(List.of("files", "bytesRead"));
        ((ObjectNode) s2.path("accounting")).remove(List.of("files", "bytesRead"));
        assertThat(s2).as("summary apart from file count and bytes").isEqualTo(s1);
    }
}

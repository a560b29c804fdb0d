package dev.twinrun.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.ShardSpec;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The shard property test of {@code core.job.ShardMergeTest}, on spec jobs: however rows are cut (threads, byte
 * ranges, files, shards merged through the encoded partial), the published bytes are the same, and a rerun
 * publishes the same bytes again.
 */
class SpecShardMergeTest {
    static SpecTransformation ecommerce() {
        return SpecTransformation.fromFile(EcommerceSpecTest.SPEC);
    }

    /** A second spec with every measure kind, a filter and min/max of a timestamp. */
    static SpecTransformation everyMeasure() {
        return SpecTransformation.fromFile(Path.of("src/test/resources/specs/every-measure.json"));
    }

    private static Map<String, String> run(Path root, List<byte[]> files, JobOptions options, SpecTransformation t)
            throws Exception {
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        for (int i = 0; i < files.size(); i++) {
            in.put(TestData.HOUR.path() + "/part-" + i + ".csv", files.get(i));
        }
        new HourJob(in, out, t, options.withTempDir(root.resolve("t"))).run(TestData.HOUR);
        return TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR);
    }

    @Property(tries = 8)
    void anyThreadCountRangeSizeAndFileSplitGiveByteIdenticalOutputs(
            @ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.2) double bad,
            @ForAll @IntRange(min = 2, max = 4) int threads,
            @ForAll @IntRange(min = 64, max = 20_000) int minSplit,
            @ForAll boolean secondSpec)
            throws Exception {
        SpecTransformation t = secondSpec ? everyMeasure() : ecommerce();
        byte[] file = TestData.file(seed, bad, TestData.HOUR, 0, 150_000);
        Map<String, String> single = run(
                Files.createTempDirectory("spec-a"),
                List.of(file),
                JobOptions.defaults().withThreads(1).withMinSplitBytes(1L << 40),
                t);
        Map<String, String> split = run(
                Files.createTempDirectory("spec-b"),
                List.of(file),
                JobOptions.defaults()
                        .withThreads(threads)
                        .withMinSplitBytes(minSplit)
                        .withRangesPerThread(4),
                t);
        assertThat(split)
                .as("%s threads=%d minSplit=%d", t.name(), threads, minSplit)
                .isEqualTo(single);
        assertThat(single.keySet()).as("published").contains("summary.json");
    }

    @Property(tries = 8)
    void shardedRunsPublishExactlyWhatASingleRunPublishes(
            @ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @DoubleRange(min = 0, max = 0.2) double bad,
            @ForAll @IntRange(min = 1, max = 7) int shards,
            @ForAll @IntRange(min = 1, max = 3) int files,
            @ForAll boolean secondSpec)
            throws Exception {
        SpecTransformation t = secondSpec ? everyMeasure() : ecommerce();
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            inputs.add(TestData.file(seed, bad, TestData.HOUR, i, 60_000 + 30_000L * i));
        }
        Map<String, String> single = run(Files.createTempDirectory("spec-single"), inputs, JobOptions.defaults(), t);

        Path root = Files.createTempDirectory("spec-sharded");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        for (int i = 0; i < inputs.size(); i++) {
            in.put(TestData.HOUR.path() + "/part-" + i + ".csv", inputs.get(i));
        }
        // A fresh instance per shard: the partial's wire format is all that links them.
        HourJob job = new HourJob(in, out, t, JobOptions.defaults().withTempDir(root.resolve("t")));
        List<ShardSpec> plan = job.planShards(TestData.HOUR, shards);
        List<byte[]> results = new ArrayList<>();
        for (ShardSpec s : plan) {
            SpecTransformation fresh = secondSpec ? everyMeasure() : ecommerce();
            results.add(new HourJob(in, out, fresh, JobOptions.defaults().withTempDir(root.resolve("t")))
                    .runShard(TestData.HOUR, s));
        }
        Collections.reverse(results); // shards finish in any order
        job.mergeShards(TestData.HOUR, results, "merge");
        assertThat(TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR))
                .as("%s: %d shards over %d files", t.name(), shards, files)
                .isEqualTo(single);
    }

    @Property(tries = 3)
    void aRerunPublishesByteIdenticalOutputs(@ForAll @LongRange(min = 1, max = 1000) long seed) throws Exception {
        byte[] file = TestData.file(seed, 0.05, TestData.HOUR, 0, 100_000);
        Path root = Files.createTempDirectory("spec-rerun");
        Map<String, String> first = run(root.resolve("1"), List.of(file), JobOptions.defaults(), everyMeasure());
        Map<String, String> again =
                run(root.resolve("2"), List.of(file), JobOptions.defaults().withForce(true), everyMeasure());
        assertThat(again).isEqualTo(first);
    }
}

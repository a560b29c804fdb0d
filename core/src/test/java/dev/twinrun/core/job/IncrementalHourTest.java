package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Incremental hours: whatever order files arrive in, however often an event repeats, and whatever is replaced or
 * deleted on the way, the hour published from partials has the bytes of a single pass over the files present at the
 * end, and the partials kept are exactly those of the files read.
 */
class IncrementalHourTest {
    private static final Clock AFTER_HOUR = Clock.fixed(TestData.HOUR.end().plus(Duration.ofHours(1)), ZoneOffset.UTC);

    private static HourJob job(LocalObjectStore in, LocalObjectStore out, Path tmp, boolean incremental) {
        return new HourJob(
                        in,
                        out,
                        new EcommerceInsights(),
                        JobOptions.defaults().withThreads(2).withTempDir(tmp))
                .withIncremental(incremental)
                .withPolicy(PublishPolicy.defaults(), AFTER_HOUR);
    }

    private static String key(int i) {
        return TestData.HOUR.path() + "/part-" + i + ".csv";
    }

    @Property(tries = 15)
    void anyArrivalHistoryPublishesTheBytesOfASinglePass(@ForAll @LongRange(min = 1, max = 100_000) long seed)
            throws Exception {
        Random r = new Random(seed);
        Path root = Files.createTempDirectory("incremental");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        HourJob incremental = job(in, out, root.resolve("t"), true);
        int files = 2 + r.nextInt(5);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        Map<String, byte[]> present = new TreeMap<>();
        List<String> history = new ArrayList<>();
        for (int i : order) {
            byte[] bytes = TestData.file(seed + i, 0.05, TestData.HOUR, i, 2_000 + r.nextInt(20_000));
            in.put(key(i), bytes);
            present.put(key(i), bytes);
            history.add("put " + i);
            // the event, sometimes repeated, sometimes late (several files in one run)
            int runs = r.nextInt(3);
            for (int k = 0; k < runs; k++) {
                incremental.run(TestData.HOUR);
                history.add("run");
            }
            if (r.nextInt(4) == 0) {
                int j = order.get(r.nextInt(order.indexOf(i) + 1));
                byte[] replaced = TestData.file(seed * 31 + j, 0.1, TestData.HOUR, j, 2_000 + r.nextInt(20_000));
                in.put(key(j), replaced); // a new version: the old partial is not used and is dropped
                present.put(key(j), replaced);
                history.add("replace " + j);
            }
            if (present.size() > 1 && r.nextInt(5) == 0) {
                String gone = new ArrayList<>(present.keySet()).get(r.nextInt(present.size()));
                in.delete(gone);
                present.remove(gone);
                history.add("delete " + gone);
            }
        }
        incremental.run(TestData.HOUR);

        Path single = Files.createTempDirectory("single");
        LocalObjectStore in2 = new LocalObjectStore(single.resolve("in"));
        LocalObjectStore out2 = new LocalObjectStore(single.resolve("out"));
        for (var e : present.entrySet()) {
            in2.put(e.getKey(), e.getValue());
        }
        job(in2, out2, single.resolve("t"), false).run(TestData.HOUR);

        assertThat(TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR))
                .as("history %s", history)
                .isNotEmpty()
                .isEqualTo(TestData.publishedText(TestData.snapshot(out2, ""), TestData.HOUR));
        List<ObjectInfo> partials = out.list(HourJob.partialsPrefix(TestData.HOUR));
        assertThat(partials)
                .as("one partial per file present, history %s", history)
                .hasSize(present.size());
        assertThat(out2.list("_partials/"))
                .as("a single pass keeps no partials")
                .isEmpty();
    }

    @Test
    void aRunParsesOnlyTheFilesWithoutAPartial() throws Exception {
        Path root = Files.createTempDirectory("incremental-count");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        HourJob job = job(in, out, root.resolve("t"), true);
        in.put(key(0), TestData.file(1, 0, TestData.HOUR, 0, 5_000));
        assertThat(job.prepare(TestData.HOUR)).isEqualTo(1);
        assertThat(job.prepare(TestData.HOUR)).as("nothing new").isZero();
        in.put(key(1), TestData.file(2, 0, TestData.HOUR, 1, 5_000));
        assertThat(job.prepare(TestData.HOUR)).as("only the new file").isEqualTo(1);
        in.put(key(0), TestData.file(3, 0, TestData.HOUR, 0, 6_000));
        assertThat(job.prepare(TestData.HOUR)).as("the replaced file").isEqualTo(1);
        assertThat(job.run(TestData.HOUR).outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(out.list(HourJob.partialsPrefix(TestData.HOUR)))
                .as("the replaced file's old partial is dropped")
                .hasSize(2);
    }

    @Test
    void aRunReportsTheBytesItReadNotTheHours() throws Exception {
        Path root = Files.createTempDirectory("incremental-bytes");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        HourJob job = job(in, out, root.resolve("t"), true);
        byte[] first = TestData.file(1, 0, TestData.HOUR, 0, 5_000);
        byte[] second = TestData.file(2, 0, TestData.HOUR, 1, 7_000);
        in.put(key(0), first);
        RunResult one = job.run(TestData.HOUR);
        assertThat(one.bytesRead()).as("the first file").isEqualTo(first.length);
        in.put(key(1), second);
        RunResult two = job.run(TestData.HOUR);
        assertThat(two.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(two.bytesRead()).as("only the new file is read").isEqualTo(second.length);
        assertThat(two.files()).as("the hour still has both").isEqualTo(2);
        assertThat(Json.parse(out.read(Manifest.key(TestData.HOUR)))
                        .path("accounting")
                        .path("bytesRead")
                        .asLong())
                .as("the manifest accounts for the whole hour")
                .isEqualTo(first.length + second.length);
        assertThat(job.run(TestData.HOUR).bytesRead())
                .as("current: nothing read")
                .isZero();
        Path single = Files.createTempDirectory("incremental-bytes-single");
        assertThat(job(in, new LocalObjectStore(single.resolve("out")), single.resolve("t"), false)
                        .run(TestData.HOUR)
                        .bytesRead())
                .as("a single pass reads the hour")
                .isEqualTo(first.length + second.length);
    }

    @Test
    void aJobSpecChangedUnderTheSameNameParsesItsFilesAgain() throws Exception {
        Path root = Files.createTempDirectory("incremental-spec");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        byte[] spec = Files.readAllBytes(Path.of("../jobs/ecommerce.json"));
        String text = new String(spec, StandardCharsets.UTF_8);
        String strict = text.replace("\"min\": 1, \"max\": 999999999", "\"min\": 1, \"max\": 2");
        assertThat(strict).as("the edit applies").isNotEqualTo(text);
        var before = new dev.twinrun.core.spec.SpecTransformation(
                dev.twinrun.core.spec.JobSpec.parse(spec, "ecommerce.json"));
        var after = new dev.twinrun.core.spec.SpecTransformation(
                dev.twinrun.core.spec.JobSpec.parse(strict.getBytes(StandardCharsets.UTF_8), "ecommerce.json"));
        assertThat(after.name()).as("the same job name").isEqualTo(before.name());
        byte[] file = TestData.file(1, 0, TestData.HOUR, 0, 20_000);
        in.put(key(0), file);
        JobOptions options = JobOptions.defaults().withThreads(2).withTempDir(root.resolve("t"));
        new HourJob(in, out, before, options)
                .withIncremental(true)
                .withPolicy(PublishPolicy.defaults(), AFTER_HOUR)
                .run(TestData.HOUR);

        // The manifest records the spec's digest: the changed job publishes again without --force.
        RunResult changed = new HourJob(in, out, after, options)
                .withIncremental(true)
                .withPolicy(PublishPolicy.defaults(), AFTER_HOUR)
                .run(TestData.HOUR);
        assertThat(changed.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(changed.bytesRead())
                .as("the old spec's partial is not reused")
                .isEqualTo(file.length);

        Path single = Files.createTempDirectory("incremental-spec-single");
        LocalObjectStore out2 = new LocalObjectStore(single.resolve("out"));
        new HourJob(in, out2, after, options).run(TestData.HOUR);
        assertThat(TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR))
                .isEqualTo(TestData.publishedText(TestData.snapshot(out2, ""), TestData.HOUR));
        assertThat(out.list(HourJob.partialsPrefix(TestData.HOUR)))
                .as("the old spec's partial is dropped")
                .hasSize(1);
        RunResult again = new HourJob(in, out, after, options)
                .withIncremental(true)
                .withPolicy(PublishPolicy.defaults(), AFTER_HOUR)
                .run(TestData.HOUR);
        assertThat(again.outcome())
                .as("the same spec again: already published")
                .isEqualTo(RunResult.Outcome.ALREADY_CURRENT);
    }

    @Test
    void aDamagedPartialIsParsedAgain() throws Exception {
        Path root = Files.createTempDirectory("incremental-damaged");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        HourJob job = job(in, out, root.resolve("t"), true);
        in.put(key(0), TestData.file(1, 0.1, TestData.HOUR, 0, 8_000));
        job.prepare(TestData.HOUR);
        String partial = out.list(HourJob.partialsPrefix(TestData.HOUR)).get(0).key();
        out.put(partial, "not a partial".getBytes(StandardCharsets.US_ASCII));
        assertThat(job.run(TestData.HOUR).outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);

        Path single = Files.createTempDirectory("incremental-damaged-single");
        LocalObjectStore out2 = new LocalObjectStore(single.resolve("out"));
        job(in, out2, single.resolve("t"), false).run(TestData.HOUR);
        assertThat(TestData.publishedText(TestData.snapshot(out, ""), TestData.HOUR))
                .isEqualTo(TestData.publishedText(TestData.snapshot(out2, ""), TestData.HOUR));
    }

    @Test
    void theManifestAndSummarySayProvisionalUntilTheHourIsFinal() throws Exception {
        Path root = Files.createTempDirectory("status");
        LocalObjectStore in = new LocalObjectStore(root.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(root.resolve("out"));
        in.put(key(0), TestData.file(1, 0, TestData.HOUR, 0, 5_000));
        PublishPolicy policy = new PublishPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15), 0, "_COMPLETE");
        HourJob during = job(in, out, root.resolve("t"), true)
                .withPolicy(policy, Clock.fixed(TestData.HOUR.start().plusSeconds(1800), ZoneOffset.UTC));
        assertThat(during.run(TestData.HOUR).outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(Json.parse(out.read(Manifest.key(TestData.HOUR)))
                        .path("status")
                        .asText())
                .isEqualTo("provisional");
        assertThat(Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                        .path("status")
                        .asText())
                .isEqualTo("provisional");
        assertThat(during.run(TestData.HOUR).outcome()).isEqualTo(RunResult.Outcome.ALREADY_CURRENT);

        // within the grace period: still provisional; after it: final, and the hour is due again to say so
        HourJob inGrace =
                during.withPolicy(policy, Clock.fixed(TestData.HOUR.end().plusSeconds(60), ZoneOffset.UTC));
        assertThat(inGrace.status(TestData.HOUR)).isEqualTo(HourStatus.CURRENT);
        HourJob closed =
                during.withPolicy(policy, Clock.fixed(TestData.HOUR.end().plusSeconds(16 * 60), ZoneOffset.UTC));
        assertThat(closed.status(TestData.HOUR)).isEqualTo(HourStatus.DUE);
        assertThat(closed.run(TestData.HOUR).outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                        .path("status")
                        .asText())
                .isEqualTo("final");
        assertThat(Json.parse(out.read(Manifest.key(TestData.HOUR)))
                        .path("status")
                        .asText())
                .isEqualTo("final");

        // the completion marker makes an open hour final at once
        in.put(key(1), TestData.file(2, 0, TestData.HOUR, 1, 5_000));
        assertThat(during.publishStatus(TestData.HOUR)).isEqualTo(PublishPolicy.Status.PROVISIONAL);
        in.put(TestData.HOUR.path() + "/_COMPLETE", new byte[0]);
        assertThat(during.publishStatus(TestData.HOUR)).isEqualTo(PublishPolicy.Status.FINAL);
        // and so does the expected file count
        HourJob counted = during.withPolicy(
                new PublishPolicy(Duration.ZERO, Duration.ZERO, 2, "_DONE"),
                Clock.fixed(TestData.HOUR.start(), ZoneOffset.UTC));
        assertThat(counted.publishStatus(TestData.HOUR)).isEqualTo(PublishPolicy.Status.FINAL);
        in.delete(key(1));
        assertThat(counted.publishStatus(TestData.HOUR)).isEqualTo(PublishPolicy.Status.PROVISIONAL);
    }

    @Test
    void theStatusIsTheFirstFieldOfTheSummaryAndTheRestKeepsItsBytes() {
        byte[] pretty = "{\n  \"a\" : 1\n}\n".getBytes(StandardCharsets.UTF_8);
        var out = HourJob.withStatus(
                List.of(new dev.twinrun.core.transform.OutputFile("summary.json", pretty)), PublishPolicy.Status.FINAL);
        assertThat(new String(out.get(0).content(), StandardCharsets.UTF_8))
                .isEqualTo("{\n  \"status\" : \"final\",\n  \"a\" : 1\n}\n");
        var compact = HourJob.withStatus(
                List.of(new dev.twinrun.core.transform.OutputFile(
                        "summary.json", "{}".getBytes(StandardCharsets.UTF_8))),
                PublishPolicy.Status.PROVISIONAL);
        assertThat(new String(compact.get(0).content(), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"provisional\"}");
    }
}

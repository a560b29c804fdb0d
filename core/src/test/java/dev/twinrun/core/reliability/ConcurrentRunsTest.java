package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.Json;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of the same hour at once (two S3 events of one hour on two Lambda instances, or a Lambda and the
 * EC2 runner) leave one consistent result: the manifest that is there vouches for the bytes that are there.
 */
class ConcurrentRunsTest {
    @TempDir
    Path tmp;

    /** The race that matters: a file arrives while a run that did not see it is publishing. */
    @Test
    void aRunThatSawFewerFilesCannotLeaveItsManifestOverAnotherRunsOutputs() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out"));
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(5, 0.02, TestData.HOUR, 0, 60_000));
        CountDownLatch aBeforeManifest = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        String manifestKey = HourJob.insightsKey(TestData.HOUR, HourJob.MANIFEST);
        AtomicBoolean pausedOnce = new AtomicBoolean();
        ObjectStore pausingOut = new Delegating(out) {
            @Override
            public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
                if (key.equals(manifestKey) && pausedOnce.compareAndSet(false, true)) {
                    aBeforeManifest.countDown();
                    await(bDone);
                }
                return super.putIf(key, bytes, expectedEtag);
            }
        };
        JobOptions o = JobOptions.defaults().withTempDir(tmp.resolve("t"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RunResult> a =
                    pool.submit(() -> new HourJob(in, pausingOut, new EcommerceInsights(), o).run(TestData.HOUR));
            assertThat(aBeforeManifest.await(30, TimeUnit.SECONDS))
                    .as("run A reached its manifest")
                    .isTrue();
            in.put(TestData.HOUR.path() + "/b.csv", TestData.file(5, 0.02, TestData.HOUR, 1, 60_000));
            RunResult b = new HourJob(in, out, new EcommerceInsights(), o).run(TestData.HOUR);
            assertThat(b.files()).as("run B saw both files").isEqualTo(2);
            bDone.countDown();
            a.get(60, TimeUnit.SECONDS);
        } finally {
            bDone.countDown();
            pool.shutdownNow();
        }
        Map<String, byte[]> published = TestData.snapshot(out, "");
        JobCheck.verifyManifest(published, TestData.HOUR);
        assertThat(Manifests.manifestInputs(published))
                .as("the published manifest covers both files")
                .hasSize(2);
    }

    /**
     * The inversion: run A lists {a, b} and is held before it writes anything; run B, started by file c, publishes
     * {a, b, c}; then A goes on. A must not replace B's publication with its older listing.
     */
    @Test
    void aSlowRunThatListedFewerFilesNeverReplacesACompletePublication() throws Exception {
        assertThat(inversion("first", 1)).as("run A held at its first write").isTrue();
    }

    /**
     * The same inversion with run A held at each of its writes in turn (every output, the pointer swap, the clean-up
     * of older versions), not only the first: short version the first, a middle one and the last; soak every one.
     */
    @Test
    void aSlowRunHeldAtAnyOfItsWritesNeverReplacesANewerPublication() throws Exception {
        int writes = writesOfOneRun();
        List<Integer> holds = Soak.enabled()
                ? IntStream.rangeClosed(1, writes).boxed().toList()
                : List.of(1, (writes + 1) / 2, writes);
        int held = 0;
        for (int k : holds) {
            if (inversion("at" + k, k)) {
                held++;
            }
        }
        assertThat(held).as("cases where run A was held mid-run").isEqualTo(holds.size());
        System.out.printf(
                "reliability: held-run inversion, the slow run held at %d of its %d writes: %d times the newer "
                        + "listing stayed published (3 of 3 files, rows of the 3), 0 older listings published%n",
                holds.size(), writes, held);
    }

    /** How many writes (put, putIf, delete) one run of the three-file hour makes on its output store. */
    private int writesOfOneRun() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("count-in"));
        for (int i = 0; i < 3; i++) {
            in.put(TestData.HOUR.path() + "/" + (i + 1) + ".csv", TestData.file(7, 0.02, TestData.HOUR, i, 40_000));
        }
        AtomicInteger writes = new AtomicInteger();
        ObjectStore counting = new Delegating(new LocalObjectStore(tmp.resolve("count-out"))) {
            @Override
            public void put(String key, byte[] bytes) throws IOException {
                writes.incrementAndGet();
                super.put(key, bytes);
            }

            @Override
            public void put(String key, Path file) throws IOException {
                writes.incrementAndGet();
                super.put(key, file);
            }

            @Override
            public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
                writes.incrementAndGet();
                return super.putIf(key, bytes, expectedEtag);
            }

            @Override
            public void delete(String key) throws IOException {
                writes.incrementAndGet();
                super.delete(key);
            }
        };
        new HourJob(in, counting, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve("t")))
                .run(TestData.HOUR);
        return writes.get();
    }

    /**
     * Run A lists {1, 2}; at its {@code holdAt}-th write it is held while file 3 arrives and run B publishes
     * {1, 2, 3}; then A goes on. Checks the publication left covers all three files with their rows; false when A
     * made fewer writes than {@code holdAt} (it was never held).
     */
    private boolean inversion(String name, int holdAt) throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in3-" + name));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out3-" + name));
        in.put(TestData.HOUR.path() + "/1.csv", TestData.file(7, 0.02, TestData.HOUR, 0, 40_000));
        in.put(TestData.HOUR.path() + "/2.csv", TestData.file(7, 0.02, TestData.HOUR, 1, 40_000));
        CountDownLatch aHeld = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        AtomicInteger aWrites = new AtomicInteger();
        ObjectStore holdingOut = new Delegating(out) {
            private void hold() {
                if (aWrites.incrementAndGet() == holdAt) {
                    aHeld.countDown();
                    await(bDone);
                }
            }

            @Override
            public void put(String key, byte[] bytes) throws IOException {
                hold();
                super.put(key, bytes);
            }

            @Override
            public void put(String key, Path file) throws IOException {
                hold();
                super.put(key, file);
            }

            @Override
            public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
                hold();
                return super.putIf(key, bytes, expectedEtag);
            }

            @Override
            public void delete(String key) throws IOException {
                hold();
                super.delete(key);
            }
        };
        JobOptions o = JobOptions.defaults().withTempDir(tmp.resolve("t"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        RunResult a;
        try {
            Future<RunResult> fa =
                    pool.submit(() -> new HourJob(in, holdingOut, new EcommerceInsights(), o).run(TestData.HOUR));
            boolean held = false;
            while (!held && !fa.isDone()) {
                held = aHeld.await(100, TimeUnit.MILLISECONDS);
            }
            if (!held && !aHeld.await(0, TimeUnit.MILLISECONDS)) {
                fa.get();
                return false;
            }
            in.put(TestData.HOUR.path() + "/3.csv", TestData.file(7, 0.02, TestData.HOUR, 2, 40_000));
            RunResult b = new HourJob(in, out, new EcommerceInsights(), o).run(TestData.HOUR);
            assertThat(b.files())
                    .as("run B saw three files (A held at write %d)", holdAt)
                    .isEqualTo(3);
            bDone.countDown();
            a = fa.get(60, TimeUnit.SECONDS);
        } finally {
            bDone.countDown();
            pool.shutdownNow();
        }
        Map<String, byte[]> published = TestData.snapshot(out, "");
        JobCheck.verifyManifest(published, TestData.HOUR);
        assertThat(Manifests.manifestInputs(published))
                .as("the published manifest covers all three files (A held at write %d)", holdAt)
                .hasSize(3);
        long rows = Json.parse(TestData.published(out, TestData.HOUR, "summary.json"))
                .path("accounting")
                .path("rowsRead")
                .asLong();
        assertThat(rows)
                .as("rows of the three files (A held at write %d)", holdAt)
                .isEqualTo(
                        new HourJob(in, new LocalObjectStore(tmp.resolve("fresh-" + name)), new EcommerceInsights(), o)
                                .run(TestData.HOUR)
                                .rowsRead());
        if (holdAt == 1) {
            assertThat(a.files())
                    .as("run A, redone, ends on the three files too")
                    .isEqualTo(3);
        } else {
            // Held after its own pointer swap, A had published {1, 2} while that was the whole input: then B's
            // newer publication replaced it, as it should.
            assertThat(a.files())
                    .as("files of run A (held at write %d)", holdAt)
                    .isIn(2, 3);
        }
        return true;
    }

    /** Many pairs of runs over the same input, with random pauses between their writes. */
    @Test
    void twoRunsOfTheSameHourAtOncePublishOneConsistentResult() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in2"));
        in.put(TestData.HOUR.path() + "/a.csv", TestData.file(6, 0.02, TestData.HOUR, 0, 40_000));
        Map<String, byte[]> reference = null;
        int pairs = Soak.count(8, 100);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < pairs; i++) {
                LocalObjectStore out = new LocalObjectStore(tmp.resolve("out2-" + i));
                Random rnd = new Random(i);
                JobOptions o = JobOptions.defaults().withThreads(1).withTempDir(tmp.resolve("t"));
                List<Future<RunResult>> runs = List.of(
                        pool.submit(() -> new HourJob(in, jittery(out, rnd.nextLong()), new EcommerceInsights(), o)
                                .run(TestData.HOUR)),
                        pool.submit(() -> new HourJob(
                                        in, jittery(out, rnd.nextLong()), new EcommerceInsights(), o.withForce(true))
                                .run(TestData.HOUR)));
                for (Future<RunResult> f : runs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                Map<String, byte[]> published = TestData.snapshot(out, "");
                JobCheck.verifyManifest(published, TestData.HOUR);
                if (reference == null) {
                    reference = published;
                }
                assertThat(TestData.text(published))
                        .as("pair %d publishes the same bytes as pair 0", i)
                        .isEqualTo(TestData.text(reference));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("reliability: %d pairs of concurrent runs of one hour, 0 inconsistent results%n", pairs);
    }

    @Test
    void incrementalRunsAtOnceWithAFileArrivingPublishTheResultOfASinglePass() throws Exception {
        int rounds = Soak.count(6, 60);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < rounds; i++) {
                LocalObjectStore in = new LocalObjectStore(tmp.resolve("in3-" + i));
                for (int f = 0; f < 3; f++) {
                    in.put(
                            TestData.HOUR.path() + "/f" + f + ".csv",
                            TestData.file(10 + f, 0.02, TestData.HOUR, f, 8_000));
                }
                LocalObjectStore out = new LocalObjectStore(tmp.resolve("out3-" + i));
                Random rnd = new Random(i);
                JobOptions o = JobOptions.defaults().withThreads(1).withTempDir(tmp.resolve("t"));
                List<Future<?>> runs = List.of(
                        pool.submit(() -> new HourJob(in, jittery(out, rnd.nextLong()), new EcommerceInsights(), o)
                                .withIncremental(true)
                                .run(TestData.HOUR)),
                        pool.submit(() -> new HourJob(in, jittery(out, rnd.nextLong()), new EcommerceInsights(), o)
                                .withIncremental(true)
                                .prepare(TestData.HOUR)),
                        pool.submit(() -> {
                            in.put(
                                    TestData.HOUR.path() + "/f1.csv",
                                    TestData.file(99, 0.05, TestData.HOUR, 1, 9_000)); // replaced meanwhile
                            in.put(TestData.HOUR.path() + "/f3.csv", TestData.file(13, 0, TestData.HOUR, 3, 8_000));
                            return null;
                        }));
                for (Future<?> f : runs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                // the next event's (or tick's) run catches up
                new HourJob(in, out, new EcommerceInsights(), o)
                        .withIncremental(true)
                        .run(TestData.HOUR);
                Map<String, byte[]> published = new java.util.TreeMap<>(TestData.snapshot(out, "insights/"));
                published.putAll(TestData.snapshot(out, "quarantine/"));
                JobCheck.verifyManifest(published, TestData.HOUR);

                LocalObjectStore fresh = new LocalObjectStore(tmp.resolve("fresh3-" + i));
                new HourJob(in, fresh, new EcommerceInsights(), o).run(TestData.HOUR);
                assertThat(TestData.publishedText(published, TestData.HOUR))
                        .as("round %d: the incremental result is the single pass's", i)
                        .isEqualTo(TestData.publishedText(TestData.snapshot(fresh, ""), TestData.HOUR));
                assertThat(out.list(HourJob.partialsPrefix(TestData.HOUR)))
                        .as("round %d: one partial per file", i)
                        .hasSize(4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ObjectStore jittery(ObjectStore store, long seed) {
        Random r = new Random(seed);
        return new Delegating(store) {
            @Override
            public void put(String key, byte[] bytes) throws IOException {
                pause(r);
                super.put(key, bytes);
            }

            @Override
            public void put(String key, Path file) throws IOException {
                pause(r);
                super.put(key, file);
            }

            @Override
            public void delete(String key) throws IOException {
                pause(r);
                super.delete(key);
            }
        };
    }

    private static void pause(Random r) {
        try {
            Thread.sleep(r.nextInt(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A store that forwards every call; tests override the calls they delay. */
    static class Delegating implements ObjectStore {
        private final ObjectStore d;

        Delegating(ObjectStore d) {
            this.d = d;
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return d.list(prefix);
        }

        @Override
        public Optional<ObjectInfo> head(String key) throws IOException {
            return d.head(key);
        }

        @Override
        public Optional<String> contentDigest(ObjectInfo object) throws IOException {
            return d.contentDigest(object);
        }

        @Override
        public InputStream open(String key, long offset) throws IOException {
            return d.open(key, offset);
        }

        @Override
        public InputStream open(String key, long offset, String etag) throws IOException {
            return d.open(key, offset, etag);
        }

        @Override
        public void put(String key, byte[] bytes) throws IOException {
            d.put(key, bytes);
        }

        @Override
        public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
            return d.putIf(key, bytes, expectedEtag);
        }

        @Override
        public void put(String key, Path file) throws IOException {
            d.put(key, file);
        }

        @Override
        public Upload upload(String key) throws IOException {
            return d.upload(key);
        }

        @Override
        public void delete(String key) throws IOException {
            d.delete(key);
        }

        @Override
        public String describe() {
            return d.describe();
        }
    }
}

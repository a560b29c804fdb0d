package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.csv.SplitParser;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile bytes through the parser and the whole hour job: no crash, no hang, every row accounted for,
 * publish or a clean {@code UnusableInputException}, and the same result for any split into ranges.
 * The short version runs in {@code ./mvnw verify}; {@code -Dtwinrun.soak=true} adds the long one.
 */
class InputFuzzTest {
    static final AtomicLong JOB_INPUTS = new AtomicLong();
    static final AtomicLong PUBLISHED = new AtomicLong();
    static final AtomicLong UNUSABLE = new AtomicLong();
    static final AtomicLong PARSER_INPUTS = new AtomicLong();
    static final AtomicLong VIOLATIONS = new AtomicLong();
    static final AtomicLong ROWS = new AtomicLong();

    @Provide
    Arbitrary<List<byte[]>> hostileHours() {
        return AdversarialCsv.hourFiles(JobCheck.SMALL.maxFieldBytes());
    }

    @Provide
    Arbitrary<byte[]> hostileFile() {
        return AdversarialCsv.file(JobCheck.SMALL.maxFieldBytes());
    }

    @Property(tries = 150, seed = "20261126")
    void theWholeJobAccountsForEveryRowOfHostileInput(@ForAll("hostileHours") List<byte[]> files) throws Exception {
        job(files);
    }

    @Property(tries = 2000)
    @AddLifecycleHook(Soak.class)
    void soakTheWholeJobWithRandomSeeds(@ForAll("hostileHours") List<byte[]> files) throws Exception {
        job(files);
    }

    @Property(tries = 600, seed = "20261126")
    void theParserAccountsForEveryByteOfAnyRangeOfHostileInput(@ForAll("hostileFile") byte[] file) throws Exception {
        parser(file);
    }

    /** With the job soak's 2,000 hours and the short 750: 100,750 generated inputs under {@code -Dtwinrun.soak=true}. */
    @Property(tries = 98_000)
    @AddLifecycleHook(Soak.class)
    void soakTheParserWithRandomSeeds(@ForAll("hostileFile") byte[] file) throws Exception {
        parser(file);
    }

    static void job(List<byte[]> files) throws Exception {
        JOB_INPUTS.incrementAndGet();
        boolean ok = false;
        try {
            JobCheck.Outcome o = JobCheck.check(files, JobCheck.SMALL, 20_000);
            if (o.published() && o.unusableReason() == null) {
                PUBLISHED.incrementAndGet();
                ROWS.addAndGet(o.result().rowsRead());
            } else {
                UNUSABLE.incrementAndGet();
            }
            ok = true;
        } finally {
            if (!ok) {
                VIOLATIONS.incrementAndGet();
                JobCheck.keep(files);
            }
        }
    }

    /** Parses the file whole, then cut at every third of it; the cut parses must add up to the whole. */
    static void parser(byte[] file) throws Exception {
        PARSER_INPUTS.incrementAndGet();
        boolean ok = false;
        try {
            long[] whole = parse(file, 0, Long.MAX_VALUE, false);
            assertThat(whole[1]).as("whole parse consumed every byte").isEqualTo(file.length);
            assertThat(whole[2]).as("rows read = accepted + quarantined").isEqualTo(whole[3] + whole[4]);
            for (int cut : new int[] {file.length / 3, file.length / 2, 2 * file.length / 3}) {
                if (cut <= 0) {
                    continue;
                }
                long[] first = parse(file, 0, cut, false);
                long[] second = parse(file, first[1], Long.MAX_VALUE, false);
                assertThat(first[2] + second[2])
                        .as("rows of two ranges cut at %d", cut)
                        .isEqualTo(whole[2]);
                assertThat(first[4] + second[4])
                        .as("quarantined rows of two ranges cut at %d", cut)
                        .isEqualTo(whole[4]);
                long[] spec = parse(file, cut, Long.MAX_VALUE, true);
                assertThat(spec[1])
                        .as("a speculative range still reaches the end")
                        .isEqualTo(file.length);
                assertThat(spec[2])
                        .as("speculative rows read = accepted + quarantined")
                        .isEqualTo(spec[3] + spec[4]);
            }
            ok = true;
        } finally {
            if (!ok) {
                VIOLATIONS.incrementAndGet();
                JobCheck.keep(List.of(file));
            }
        }
    }

    /** {firstRecordStart, nextRecordStart, rowsRead, accepted, quarantined}, under a 10 s bound. */
    private static long[] parse(byte[] file, long start, long end, boolean speculative) throws Exception {
        long[] counts = new long[2];
        SplitParser.Handler h = new SplitParser.Handler() {
            @Override
            public Rejection row(Row row) {
                counts[0]++;
                return null;
            }

            @Override
            public void quarantined(
                    long linesBefore,
                    long offset,
                    long length,
                    byte[] raw,
                    int from,
                    int rawLength,
                    boolean truncated,
                    Rejection rejection) {
                assertThat(rawLength).as("raw copy bounded").isLessThanOrEqualTo(JobCheck.SMALL.maxRawBytes());
                assertThat(offset).as("offset inside the file").isBetween(0L, (long) file.length);
                counts[1]++;
            }
        };
        long open = speculative ? start - 1 : start;
        var in = new ByteArrayInputStream(file, (int) open, file.length);
        var p = new SplitParser(in, open, end, 14, JobCheck.SMALL, h, Long.MAX_VALUE);
        var f = CompletableFuture.supplyAsync(() -> {
            try {
                return speculative ? p.parseSpeculative() : p.parseFromBoundary();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        SplitParser.Result r = f.get(10, TimeUnit.SECONDS);
        return new long[] {r.firstRecordStart(), r.nextRecordStart(), r.rowsRead(), counts[0], counts[1]};
    }

    @AfterContainer
    static void report() {
        System.out.printf(
                "reliability: fuzzed %d hour inputs through the job (%d published whole, %d with a skipped file, %d rows)"
                        + " and %d files through the parser, %d accounting violations; %d temp folders written to"
                        + " after their run returned%n",
                JOB_INPUTS.get(),
                PUBLISHED.get(),
                UNUSABLE.get(),
                ROWS.get(),
                PARSER_INPUTS.get(),
                VIOLATIONS.get(),
                JobCheck.LATE_TEMP_WRITES.get());
    }
}

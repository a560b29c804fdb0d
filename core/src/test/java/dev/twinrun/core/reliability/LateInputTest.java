package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.TestData;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.job.CatchUp;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No late file is left unprocessed while its input exists: a file that lands in an hour already published, or the
 * first file of an hour (a backfill), at any age up to the input's 30-day retention, is processed by the next
 * catch-up, and the hour after it is republished (the republish chain). Both ways triggers drive {@link CatchUp}:
 * {@code dueHours} + {@code run} (the EC2 runner's {@code run-due} and the Lambda's schedule) and stepping with
 * {@code nextDue} (the fan-out's state machine, one hour per Plan step). The trigger-level tests are
 * {@code RunDueIT} (EC2), {@code ScheduledHourHandlerTest} (Lambda) and {@code FanoutCatchUpTest} (fan-out).
 */
class LateInputTest {
    private static final HourId UP_TO = HourId.parse("2026-11-26T13");

    /** The oldest age that still has input: raw input expires after 30 days. */
    private static final int OLDEST_HOURS = CatchUp.INPUT_RETENTION_DAYS * 24 - 1;

    @TempDir
    Path tmp;

    @Test
    void aLateFileAtAnyAgeWithinTheRetentionIsProcessedByTheNextCatchUpOnBothPaths() throws Exception {
        List<Integer> ages = Soak.enabled()
                ? IntStream.iterate(1, a -> a <= OLDEST_HOURS, a -> a + 13)
                        .boxed()
                        .toList()
                : List.of(1, 5, 120, OLDEST_HOURS);
        int processed = 0;
        for (int age : ages) {
            for (boolean backfill : new boolean[] {false, true}) {
                for (boolean stepping : new boolean[] {false, true}) {
                    scenario(age, backfill, stepping);
                    processed++;
                }
            }
        }
        assertThat(processed).as("scenarios").isEqualTo(ages.size() * 4);
        System.out.printf(
                "reliability: late input at %d ages from %d h to %d h (5 days = 120 h among them), as an added file "
                        + "and as a backfill, through run-due/schedule (dueHours + run) and the fan-out (nextDue "
                        + "steps): %d of %d scenarios processed by the next catch-up with the republish chain, 0 "
                        + "left unprocessed%n",
                ages.size(), ages.get(0), ages.get(ages.size() - 1), processed, processed);
    }

    /**
     * Hours {@code late} (age hours before {@code UP_TO}), the one after it and {@code UP_TO} are published; then a
     * file lands in {@code late} (a second file, or with {@code backfill} its first). The next catch-up must process
     * {@code late} first and republish the hour after it.
     */
    private void scenario(int age, boolean backfill, boolean stepping) throws Exception {
        String name = age + (backfill ? "-backfill" : "-added") + (stepping ? "-steps" : "-run");
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in-" + name));
        LocalObjectStore out = new LocalObjectStore(tmp.resolve("out-" + name));
        HourJob job = new HourJob(
                in, out, new EcommerceInsights(), JobOptions.defaults().withTempDir(tmp.resolve("t-" + name)));
        CatchUp catchUp = new CatchUp(job, CatchUp.DEFAULT_LOOKBACK_HOURS);
        HourId late = HourId.of(UP_TO.start().minus(Duration.ofHours(age)));
        HourId after = late.next();
        if (!backfill) {
            in.put(late.path() + "/a.csv", TestData.file(age, 0.01, late, 0, 8_000));
        }
        in.put(after.path() + "/a.csv", TestData.file(age + 1, 0.01, after, 0, 8_000));
        if (after.compareTo(UP_TO) < 0) {
            in.put(UP_TO.path() + "/a.csv", TestData.file(age + 2, 0.01, UP_TO, 0, 8_000));
        }
        catchUp(catchUp, job, stepping);
        assertThat(catchUp.dueHours(UP_TO))
                .as("due after the first catch-up (%s)", name)
                .isEmpty();

        in.put(late.path() + "/late.csv", TestData.file(age + 3, 0.01, late, 1, 8_000));
        List<HourId> processed = catchUp(catchUp, job, stepping);

        assertThat(processed).as("hours the next catch-up processed (%s)", name).startsWith(late, after);
        assertThat(HourJob.published(out, late)
                        .orElseThrow()
                        .manifest()
                        .path("inputs")
                        .size())
                .as("inputs of the late hour's publication (%s)", name)
                .isEqualTo(backfill ? 1 : 2);
        assertThat(catchUp.dueHours(UP_TO))
                .as("due after the next catch-up (%s)", name)
                .isEmpty();
    }

    /** One catch-up up to {@code UP_TO}: the hours processed, in order. */
    private static List<HourId> catchUp(CatchUp catchUp, HourJob job, boolean stepping) throws IOException {
        if (!stepping) {
            return catchUp.run(catchUp.dueHours(UP_TO), UP_TO, h -> publish(job, h));
        }
        List<HourId> processed = new ArrayList<>();
        HourId last = null;
        for (Optional<HourId> next = catchUp.nextDue(null, UP_TO);
                next.isPresent();
                next = catchUp.nextDue(last, UP_TO)) {
            last = next.get();
            processed.add(last);
            publish(job, last);
            assertThat(processed.size()).as("steps (the stepping must end)").isLessThan(1000);
        }
        return processed;
    }

    private static boolean publish(HourJob job, HourId hour) {
        try {
            return job.run(hour).outcome() == RunResult.Outcome.PUBLISHED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnusableInputException e) {
            throw new AssertionError(e);
        }
    }
}

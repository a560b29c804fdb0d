package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.HourId;
import dev.twinrun.core.TestData;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatchUpTest {
    private static final HourId H10 = HourId.parse("2026-11-20T10");
    private static final HourId H11 = H10.next();
    private static final HourId H12 = H11.next();
    private static final HourId OLD = HourId.parse("2026-11-10T00");

    @TempDir
    Path tmp;

    LocalObjectStore in;
    HourJob job;

    @BeforeEach
    void stores() {
        in = new LocalObjectStore(tmp.resolve("in"));
        job = new HourJob(
                in,
                new LocalObjectStore(tmp.resolve("out")),
                new EcommerceInsights(),
                JobOptions.defaults().withTempDir(tmp.resolve("t")));
    }

    private void input(HourId hour, long seed) throws IOException {
        in.put(hour.path() + "/a.csv", TestData.file(seed, 0.0, hour, 0, 20_000));
    }

    /** Runs the hour with the job; true when it published. */
    private boolean publish(HourId hour) {
        try {
            return job.run(hour).outcome() == RunResult.Outcome.PUBLISHED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnusableInputException e) {
            throw new AssertionError(e);
        }
    }

    /** A backfill uploaded five days late is due for every trigger that uses the default (no 72 h horizon). */
    @Test
    void withTheDefaultAnHourFiveDaysBackThatStillHasInputIsDue() throws Exception {
        HourId now = HourId.parse("2026-11-25T10");
        HourId late = HourId.of(now.start().minus(Duration.ofDays(5)));
        input(now, 1);
        publish(now);
        input(late, 2);

        assertThat(new CatchUp(job, CatchUp.DEFAULT_LOOKBACK_HOURS).dueHours(now))
                .as("the late hour is due")
                .containsExactly(late);
    }

    @Test
    void dueHoursAreThoseWithInputAndNoCurrentResultInsideTheWindowOldestFirst() throws Exception {
        for (HourId h : List.of(OLD, H10, H11, H12)) {
            input(h, 1);
        }
        publish(H11);

        assertThat(new CatchUp(job, 24).dueHours(H12))
                .as("24 h window ending at 12:00, 11:00 current")
                .containsExactly(H10, H12);
        assertThat(new CatchUp(job, 2).dueHours(H12))
                .as("2 h window: 11:00 and 12:00")
                .containsExactly(H12);
        assertThat(new CatchUp(job, 24).dueHours(H11)).as("window ends at upTo").containsExactly(H10);
        assertThat(new CatchUp(job, 0).dueHours(H12)).as("0: all history").containsExactly(OLD, H10, H12);
        assertThat(new CatchUp(job, CatchUp.DEFAULT_LOOKBACK_HOURS).lookbackHours())
                .as("default: every hour with input")
                .isZero();
        assertThatThrownBy(() -> new CatchUp(job, -1))
                .as("negative lookback")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void republishingAnHourMakesTheNextOneDueAndTheRunFollowsTheChain() throws Exception {
        for (HourId h : List.of(H10, H11, H12)) {
            input(h, 1);
            assertThat(publish(h)).as("first publish of " + h).isTrue();
        }
        input(H10, 2); // changed input: 10:00 is due, and once republished 11:00's change-vs-previous changes too
        CatchUp catchUp = new CatchUp(job, 24);
        List<HourId> due = catchUp.dueHours(H12);
        assertThat(due).as("only the changed hour is due before the run").containsExactly(H10);
        List<HourId> ran = new ArrayList<>();

        List<HourId> processed = catchUp.run(due, H12, h -> {
            ran.add(h);
            return publish(h);
        });

        assertThat(processed).as("the chain, oldest first").containsExactly(H10, H11, H12);
        assertThat(ran).as("each hour run once").containsExactly(H10, H11, H12);
        for (HourId h : List.of(H10, H11, H12)) {
            assertThat(job.status(h)).as("status of " + h + " after the run").isEqualTo(HourStatus.CURRENT);
        }
    }

    @Test
    void theChainStopsAtUpToAndAfterAnHourThatDidNotRepublish() throws Exception {
        for (HourId h : List.of(H10, H11, H12)) {
            input(h, 1);
            publish(h);
        }
        input(H10, 2);
        CatchUp catchUp = new CatchUp(job, 24);

        assertThat(catchUp.run(List.of(H10), H11, this::publish))
                .as("12:00 is after upTo")
                .containsExactly(H10, H11);
        assertThat(job.status(H12)).as("left for a later run").isEqualTo(HourStatus.DUE);
        assertThat(catchUp.run(List.of(H12), H12, h -> false))
                .as("nothing republished: no chain")
                .containsExactly(H12);
        assertThat(catchUp.run(List.of(), H12, h -> true)).as("nothing due").isEmpty();
    }
}

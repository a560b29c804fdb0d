package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.Publication;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduledHourHandlerTest {

    @Test
    void scheduledEventMeansTheHourBeforeItsTime() {
        Map<String, Object> event = TestEvents.load("events/scheduled-hourly.json");

        assertThat(ScheduledHourHandler.hourOf(event))
                .as("hour for an event at 14:00:05")
                .isEqualTo(HourId.parse("2026-11-26T13"));
    }

    @Test
    void detailHourOverridesTheEventTime() {
        Map<String, Object> event = TestEvents.load("events/scheduled-backfill.json");

        assertThat(ScheduledHourHandler.hourOf(event))
                .as("hour named in detail")
                .isEqualTo(HourId.parse("2026-11-26T13"));
    }

    @Test
    void scheduledRunPublishesTheHour() throws Exception {
        try (TestBucket bucket = new TestBucket()) {
            bucket.writeHour(TestBucket.HOUR, 200_000, 0.01);
            ScheduledHourHandler handler = new ScheduledHourHandler(HourRunner.fromEnvironment(bucket.env()));

            Map<String, Object> result =
                    handler.handleRequest(TestEvents.load("events/scheduled-hourly.json"), new FakeContext());

            assertThat(result)
                    .as("scheduled run")
                    .containsEntry("hour", "2026-11-26T13")
                    .containsEntry("outcome", "PUBLISHED");
            assertThat(bucket.published(TestBucket.HOUR, "summary.json"))
                    .as("summary.json")
                    .isTrue();
        }
    }

    /**
     * A file that lands in an hour older than the previous one (late delivery) is processed by the next tick, and the
     * hour after it is republished (its hour-over-hour compares against the changed hour).
     */
    @Test
    void theScheduleProcessesALateFileInAnOlderHourAndRepublishesTheHourAfterIt() throws Exception {
        try (TestBucket bucket = new TestBucket()) {
            HourId older = TestBucket.HOUR.previous().previous();
            HourId between = older.next();
            bucket.writeHour(older, 60_000, 0.0);
            bucket.writeHour(between, 60_000, 0.0);
            bucket.writeHour(TestBucket.HOUR, 60_000, 0.0);
            ScheduledHourHandler handler = new ScheduledHourHandler(HourRunner.fromEnvironment(bucket.env()));
            Map<String, Object> tick = TestEvents.load("events/scheduled-hourly.json");
            handler.handleRequest(tick, new FakeContext());
            byte[] betweenBefore = Publication.readPublished(bucket.root, between, "summary.json")
                    .orElseThrow();

            // a late file for the older hour: the first half of its first file (other bytes: not a duplicate)
            byte[] first = bucket.incoming.read(
                    bucket.incoming.list(older.path() + "/").get(0).key());
            int cut = first.length / 2;
            while (first[cut - 1] != '\n') {
                cut--;
            }
            bucket.incoming.put(older.path() + "/late.csv", Arrays.copyOf(first, cut));
            Map<String, Object> result = handler.handleRequest(tick, new FakeContext());

            assertThat(result.get("hours"))
                    .as("the late hour, then each hour after it whose previous hour changed (republish chain)")
                    .isEqualTo(List.of(older.toString(), between.toString(), TestBucket.HOUR.toString()));
            assertThat(HourJob.published(bucket.root, older)
                            .orElseThrow()
                            .manifest()
                            .path("inputs")
                            .size())
                    .as("the older hour now includes the late file")
                    .isEqualTo(3);
            assertThat(Publication.readPublished(bucket.root, between, "summary.json")
                            .orElseThrow())
                    .as("the hour after it was recomputed against the new previous summary")
                    .isNotEqualTo(betweenBefore);
        }
    }

    @Test
    void scheduledRunWithoutInputPublishesNothing() throws Exception {
        try (TestBucket bucket = new TestBucket()) {
            ScheduledHourHandler handler = new ScheduledHourHandler(HourRunner.fromEnvironment(bucket.env()));

            Map<String, Object> result =
                    handler.handleRequest(TestEvents.load("events/scheduled-hourly.json"), new FakeContext());

            assertThat(result).as("hour without input").containsEntry("outcome", "NO_INPUT");
        }
    }
}

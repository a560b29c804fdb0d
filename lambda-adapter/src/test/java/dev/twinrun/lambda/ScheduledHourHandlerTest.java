package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
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
            assertThat(bucket.exists(HourJob.insightsKey(TestBucket.HOUR, "summary.json")))
                    .as("summary.json")
                    .isTrue();
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

package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final Schedule HOURLY = Schedule.parse("cron(5 * * * ? *)");

    @Test
    void theHourlyDefaultFiresAtMinuteFive() {
        assertThat(HOURLY.next(Instant.parse("2026-12-02T14:30:00Z"))).contains(Instant.parse("2026-12-02T15:05:00Z"));
        assertThat(HOURLY.next(Instant.parse("2026-12-02T14:05:00Z")))
                .as("at the firing minute itself")
                .contains(Instant.parse("2026-12-02T14:05:00Z"));
        assertThat(HOURLY.next(Instant.parse("2026-12-02T14:05:01Z")))
                .as("a second late: the next hour")
                .contains(Instant.parse("2026-12-02T15:05:00Z"));
        assertThat(HOURLY.next(Instant.parse("2026-12-31T23:30:00Z")))
                .as("over the year's end")
                .contains(Instant.parse("2027-01-01T00:05:00Z"));
    }

    @Test
    void weekdayNamesRangesAndIncrements() {
        Schedule weekdays = Schedule.parse("cron(0 9 ? * MON-FRI *)");
        assertThat(weekdays.next(Instant.parse("2026-12-05T10:00:00Z")))
                .as("Saturday 2026-12-05: next is Monday")
                .contains(Instant.parse("2026-12-07T09:00:00Z"));
        Schedule sunday = Schedule.parse("cron(30 2 ? * 1 *)");
        assertThat(sunday.next(Instant.parse("2026-12-02T00:00:00Z")))
                .as("day-of-week 1 is Sunday")
                .contains(Instant.parse("2026-12-06T02:30:00Z"));
        Schedule quarter = Schedule.parse("cron(0/15 8-10 * * ? 2026)");
        assertThat(quarter.next(Instant.parse("2026-12-02T08:16:00Z"))).contains(Instant.parse("2026-12-02T08:30:00Z"));
        assertThat(quarter.next(Instant.parse("2026-12-31T10:46:00Z")))
                .as("the year field ends it")
                .isEmpty();
        Schedule monthly = Schedule.parse("cron(0 0 1 JAN,JUL ? *)");
        assertThat(monthly.next(Instant.parse("2026-12-02T00:00:00Z"))).contains(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void aTimeZoneShiftsTheFiring() {
        Schedule berlin = Schedule.parse("cron(5 9 * * ? *)", ZoneId.of("Europe/Berlin"));
        assertThat(berlin.next(Instant.parse("2026-12-02T00:00:00Z")))
                .as("09:05 in Berlin in winter is 08:05 UTC")
                .contains(Instant.parse("2026-12-02T08:05:00Z"));
    }

    @Test
    void rateAndAt() {
        assertThat(Schedule.parse("rate(1 hour)").next(Instant.parse("2026-12-02T14:30:00Z")))
                .as("a rate fires at the latest one period on")
                .contains(Instant.parse("2026-12-02T15:30:00Z"));
        assertThat(Schedule.parse("rate(15 minutes)").next(Instant.parse("2026-12-02T14:30:00Z")))
                .contains(Instant.parse("2026-12-02T14:45:00Z"));
        Schedule once = Schedule.parse("at(2026-12-03T06:00:00)");
        assertThat(once.next(Instant.parse("2026-12-02T14:30:00Z"))).contains(Instant.parse("2026-12-03T06:00:00Z"));
        assertThat(once.next(Instant.parse("2026-12-04T00:00:00Z"))).isEmpty();
    }

    @Test
    void refusesWhatItCannotEvaluate() {
        assertThatThrownBy(() -> Schedule.parse("cron(0 12 L * ? *)"))
                .hasMessageContaining("uses L, W or #")
                .hasMessageContaining("--await");
        assertThatThrownBy(() -> Schedule.parse("cron(0 12 ? * 6#3 *)")).hasMessageContaining("uses L, W or #");
        assertThatThrownBy(() -> Schedule.parse("cron(5 * * * *)")).hasMessageContaining("6 fields");
        assertThatThrownBy(() -> Schedule.parse("cron(5 * * * * *)"))
                .hasMessageContaining("exactly one of day-of-month and day-of-week must be '?'");
        assertThatThrownBy(() -> Schedule.parse("cron(61 * * * ? *)")).hasMessageContaining("minutes 61 is outside");
        assertThatThrownBy(() -> Schedule.parse("every hour")).hasMessageContaining("not a cron(...)");
    }
}

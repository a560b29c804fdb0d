package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalTest {
    @Test
    void aColdInvocationIsBilledItsBilledDurationWhichIncludesTheInitOnce() {
        var cold = new dev.twinrun.local.lambda.Invocation(
                "r1",
                dev.twinrun.local.lambda.Phase.COLD,
                835.4,
                1810.2,
                2646,
                1769,
                206,
                1620,
                1250,
                "{}",
                null,
                List.of());
        var warm = new dev.twinrun.local.lambda.Invocation(
                "r2", dev.twinrun.local.lambda.Phase.WARM, 0, 676.3, 677, 1769, 232, 560, 0, "{}", null, List.of());
        assertThat(ArrivalExperiment.billedMs(cold))
                .as("init 835 + duration 1810, rounded up, once")
                .isEqualTo(2646);
        assertThat(ArrivalExperiment.billedMs(warm)).isEqualTo(677);
    }

    @Test
    void spreadLandsEvenlyTheLastASecondBeforeTheEnd() {
        assertThat(Arrival.parse("spread").offsetsMs(3)).containsExactly(1_199_000L, 2_399_000L, 3_599_000L);
        assertThat(Arrival.parse(" SPREAD ").offsetsMs(1)).containsExactly(3_599_000L);
    }

    @Test
    void endLandsEveryFileInTheLastMinute() {
        List<Long> at = Arrival.parse("end").offsetsMs(6);
        assertThat(at).hasSize(6).isSorted().allMatch(t -> t >= 3_540_000L && t < Arrival.HOUR_MS);
    }

    @Test
    void lateLandsTheLastFileAfterTheHour() {
        Arrival a = Arrival.parse("late:10m");
        assertThat(a.lateMs()).isEqualTo(600_000L);
        assertThat(a.label()).isEqualTo("late:10m");
        assertThat(a.offsetsMs(3)).containsExactly(1_199_000L, 2_399_000L, 4_200_000L);
        assertThat(Arrival.parse("late:90s").offsetsMs(1)).containsExactly(3_690_000L);
        assertThat(Arrival.parse(a.label())).isEqualTo(a);
    }

    @Test
    void badPatternsAreRefusedNamingTheOption() {
        for (String bad : List.of("soon", "late", "late:0m", "late:-5m", "late:5d")) {
            assertThatThrownBy(() -> Arrival.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--arrival");
        }
        assertThatThrownBy(() -> Arrival.parse("spread").offsetsMs(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClockRunsCompressed() throws Exception {
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        CompressedClock c = new CompressedClock(start, 3600);
        assertThat(c.realNanosAt(start.plusSeconds(3600)) - c.realNanosAt(start))
                .isEqualTo(1_000_000_000L);
        c.sleepUntil(start.plusSeconds(360));
        assertThat(c.simNow()).isAfterOrEqualTo(start.plusSeconds(360));
        assertThatThrownBy(() -> new CompressedClock(start, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesReadCountsEachHoursLastLogLineOnce() {
        List<String> lines = List.of(
                "START RequestId: x",
                "{\"message\":\"hour 2026-01-05T00 started\",\"hour\":\"2026-01-05T00\"}",
                "{\"message\":\"skipped\",\"hour\":\"2026-01-05T00\",\"outcome\":\"PUBLISHED\",\"bytesRead\":\"100\"}",
                "{\"message\":\"published\",\"hour\":\"2026-01-05T00\",\"outcome\":\"PUBLISHED\",\"bytesRead\":\"100\"}",
                "{\"_aws\":{},\"hour\":\"2026-01-05T00\",\"outcome\":\"PUBLISHED\",\"bytesRead\":100}",
                "{\"message\":\"published\",\"hour\":\"2026-01-05T01\",\"outcome\":\"PUBLISHED\",\"bytesRead\":\"20\"}");
        assertThat(ArrivalExperiment.bytesRead(lines)).isEqualTo(120);
    }

    @Test
    void theStacksNotificationFiltersDecideWhichObjectsReachTheFunction() {
        String in = "arrival/lambda-complete-marker/incoming/";
        assertThat(S3Events.notified(in, in + "dt=2026-01-05/hour=00/part-0.csv"))
                .isTrue();
        assertThat(S3Events.notified(in, in + "dt=2026-01-05/hour=00/_COMPLETE"))
                .isTrue();
        assertThat(S3Events.notified(in, in + "dt=2026-01-05/hour=00/notes.txt"))
                .isFalse();
        assertThat(S3Events.notified(in, "elsewhere/dt=2026-01-05/hour=00/part-0.csv"))
                .isFalse();
    }

    @Test
    void theReplayClockShowsWhatTheHarnessClockShows() {
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        CompressedClock c = new CompressedClock(start, 600);
        java.time.Duration gap =
                java.time.Duration.between(c.simNow(), c.replay().instant()).abs();
        assertThat(gap).as("the function's clock and the harness's agree").isLessThan(java.time.Duration.ofSeconds(30));
    }
}

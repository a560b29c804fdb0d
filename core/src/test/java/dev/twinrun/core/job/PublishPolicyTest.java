package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishPolicyTest {
    private static final HourId HOUR = HourId.parse("2026-11-26T13");
    private final PublishPolicy policy = PublishPolicy.fromEnv(Map.of(
            PublishPolicy.QUIET_MINUTES, "5", PublishPolicy.GRACE_MINUTES, "15", PublishPolicy.EXPECTED_FILES, "6"));

    @Test
    void readsTheSettingsAndNamesEveryBadOne() {
        assertThat(policy).isEqualTo(new PublishPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15), 6, "_COMPLETE"));
        assertThat(PublishPolicy.fromEnv(Map.of())).isEqualTo(PublishPolicy.defaults());
        assertThatThrownBy(() -> PublishPolicy.fromEnv(Map.of(
                        PublishPolicy.QUIET_MINUTES, "soon",
                        PublishPolicy.GRACE_MINUTES, "-1",
                        PublishPolicy.COMPLETION_MARKER, "done.txt")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWINRUN_QUIET_MINUTES='soon' is not a whole number")
                .hasMessageContaining("TWINRUN_GRACE_MINUTES='-1' is not between 0 and")
                .hasMessageContaining("TWINRUN_COMPLETION_MARKER='done.txt' must start with '_'");
    }

    @Test
    void finalAfterTheGracePeriodOrOnTheCompletionSignal() {
        Instant during = HOUR.start().plusSeconds(600);
        assertThat(policy.status(HOUR, 5, false, during)).isEqualTo(PublishPolicy.Status.PROVISIONAL);
        assertThat(policy.status(HOUR, 6, false, during)).as("expected count").isEqualTo(PublishPolicy.Status.FINAL);
        assertThat(policy.status(HOUR, 1, true, during)).as("marker").isEqualTo(PublishPolicy.Status.FINAL);
        assertThat(policy.status(HOUR, 1, false, HOUR.end().plusSeconds(14 * 60)))
                .isEqualTo(PublishPolicy.Status.PROVISIONAL);
        assertThat(policy.status(HOUR, 1, false, HOUR.end().plusSeconds(15 * 60)))
                .isEqualTo(PublishPolicy.Status.FINAL);
    }

    @Test
    void readyWhenTheNewestFileIsQuietOrTheHourIsFinal() {
        Instant arrived = HOUR.start().plusSeconds(600);
        PublishPolicy.Status open = PublishPolicy.Status.PROVISIONAL;
        assertThat(policy.ready(open, Optional.of(arrived), arrived.plusSeconds(299)))
                .isFalse();
        assertThat(policy.ready(open, Optional.of(arrived), arrived.plusSeconds(300)))
                .isTrue();
        assertThat(policy.ready(PublishPolicy.Status.FINAL, Optional.of(arrived), arrived))
                .isTrue();
        assertThat(policy.ready(open, Optional.empty(), arrived))
                .as("no arrival recorded")
                .isTrue();
        assertThat(PublishPolicy.defaults().ready(open, Optional.of(arrived), arrived))
                .as("no debounce")
                .isTrue();
    }
}

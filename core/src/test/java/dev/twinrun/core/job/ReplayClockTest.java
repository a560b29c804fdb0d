package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.ConfigException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayClockTest {
    @Test
    void runsTimescaleTimesFasterFromTheSimulatedStart() {
        Instant sim = Instant.parse("2026-01-05T00:00:00Z");
        long realStart = System.currentTimeMillis() - 10_000; // 10 s ago
        Clock c = ReplayClock.fromEnv(Map.of(ReplayClock.VARIABLE, new ReplayClock(sim, realStart, 600).value()));
        Duration shown = Duration.between(sim, c.instant());
        assertThat(shown)
                .as("10 s at 600x: 100 simulated minutes")
                .isBetween(Duration.ofMinutes(100), Duration.ofMinutes(101));
    }

    @Test
    void unsetIsTheSystemClockAndABadValueNamesTheVariable() {
        assertThat(ReplayClock.fromEnv(Map.of())).isEqualTo(Clock.systemUTC());
        assertThatThrownBy(() -> ReplayClock.fromEnv(Map.of(ReplayClock.VARIABLE, "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ReplayClock.VARIABLE)
                .hasMessageContaining("soon");
    }
}

package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private static Scenario read(String json) throws Exception {
        return Scenario.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void seedScenarioIsTheSeedsThoughtExperiment() {
        Scenario s = Scenario.load("seed-2017");

        assertThat(s.schedule().runsPerMonth()).as("24 x 30").isEqualByComparingTo("720");
        assertThat(s.run().durationMs()).as("5 min").isEqualByComparingTo("300000");
        assertThat(s.lambda().memoryMb()).as("1 GB").isEqualTo(1024);
        assertThat(s.lambda().freeTier()).as("no free tier").isFalse();
        assertThat(s.priceBook()).as("book").isEqualTo("seed-2017");
    }

    @Test
    void aMinimalFileTakesTheDocumentedDefaults() throws Exception {
        Scenario s = read("{\"name\":\"m\",\"priceBook\":\"seed-2017\",\"schedule\":{\"runsPerDay\":24}}");

        assertThat(s.schedule().hoursPerMonth()).as("730 h month").isEqualByComparingTo("730");
        assertThat(s.schedule().runsPerMonth()).as("24 x 730 / 24").isEqualByComparingTo("730");
        assertThat(s.run().durationMs()).as("duration default").isEqualByComparingTo("60000");
        assertThat(s.run().coldStartShare()).as("cold share default").isEqualByComparingTo("1");
        assertThat(s.lambda().arch()).as("arch default").isEqualTo("x86_64");
        assertThat(s.lambda().ephemeralStorageMb()).as("storage default").isEqualTo(512);
        assertThat(s.lambda().initBilled()).as("INIT: as the book says").isNull();
        assertThat(s.ec2().instanceType()).as("instance default").isEqualTo("t3.micro");
        assertThat(s.ec2().ebsGb()).as("EBS default").isEqualByComparingTo("8");
        assertThat(s.hidden().s3GetPerRun()).as("hidden default").isZero();
    }

    @Test
    void aTypoInAFieldIsAnError() {
        assertThatThrownBy(() -> read("{\"name\":\"m\",\"priceBook\":\"seed-2017\",\"schedule\":{\"runsPerDay\":24},"
                        + "\"lambda\":{\"memoryMB\":512}}"))
                .as("misspelt memoryMb")
                .hasMessageContaining("memoryMB");
        assertThatThrownBy(() -> read("{\"name\":\"m\",\"priceBook\":\"seed-2017\",\"schedule\":{\"runPerDay\":24}}"))
                .as("misspelt required runsPerDay")
                .hasMessageContaining("schedule.runsPerDay is required");
    }

    @Test
    void dataSizeMovesTheDurationAlongMsPerMb() {
        Scenario s = Scenario.load("hourly-2026");

        Scenario bigger = s.withDataSizeMb(new BigDecimal("200"));

        assertThat(bigger.run().durationMs()).as("60000 + 100 MB x 550 ms").isEqualByComparingTo("115000");
        assertThat(s.durationAtSize(BigDecimal.ZERO)).as("never below zero").isEqualByComparingTo("5000");
    }
}

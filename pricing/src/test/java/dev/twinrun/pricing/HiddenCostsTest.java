package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class HiddenCostsTest {
    private final HiddenCosts hidden = new HiddenCosts(PriceBook.load("aws-us-east-1-2026"));

    @Test
    void logsArePricedPerGibibyteAndRequestsPerThousand() {
        List<CostLine> lines = hidden.lines(new Scenario.Hidden(new BigDecimal(1L << 30), 5L, 0L, 0L), BigDecimal.TEN);

        assertThat(lines)
                .as("components")
                .extracting(CostLine::component)
                .containsExactly("hidden.logs", "hidden.s3.get");
        assertThat(lines.get(0).quantity()).as("1 GiB x 10 runs").isEqualByComparingTo("10");
        assertThat(lines.get(0).costUsd()).as("10 GB x 0.50").isEqualByComparingTo("5");
        assertThat(lines.get(1).quantity()).as("5 GETs x 10 runs").isEqualByComparingTo("50");
        assertThat(lines.get(1).costUsd()).as("50 x 0.0004 / 1,000").isEqualByComparingTo("0.00002");
    }

    @Test
    void nothingHiddenGivesNoLines() {
        assertThat(hidden.lines(new Scenario.Hidden(null, null, null, null), BigDecimal.TEN))
                .as("lines")
                .isEmpty();
    }
}

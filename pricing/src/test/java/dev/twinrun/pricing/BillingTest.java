package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BillingTest {
    @Test
    void ceilToRoundsUpToWholeUnits() {
        BigDecimal hundred = new BigDecimal("100");

        assertThat(Billing.ceilTo(new BigDecimal("101"), hundred))
                .as("101 ms at 100 ms")
                .isEqualByComparingTo("200");
        assertThat(Billing.ceilTo(new BigDecimal("200"), hundred))
                .as("exact stays")
                .isEqualByComparingTo("200");
        assertThat(Billing.ceilTo(new BigDecimal("0.2"), BigDecimal.ONE))
                .as("part of a unit")
                .isEqualByComparingTo("1");
        assertThatThrownBy(() -> Billing.ceilTo(BigDecimal.ONE, BigDecimal.ZERO))
                .as("zero unit")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unitConversions() {
        assertThat(Billing.gb(1536)).as("1,536 MB").isEqualByComparingTo("1.5");
        assertThat(Billing.gbSeconds(new BigDecimal("1500"), new BigDecimal("2")))
                .as("1.5 s at 2 GB")
                .isEqualByComparingTo("3");
        assertThat(Billing.gbSecondsOfMbMs(new BigDecimal("1024000")))
                .as("1,024 MB for 1 s")
                .isEqualByComparingTo("1");
        assertThat(Billing.gbOfBytes(new BigDecimal(3L << 30)))
                .as("3 x 2^30 bytes")
                .isEqualByComparingTo("3");
        assertThat(Billing.hours(new BigDecimal("5400"))).as("5,400 s").isEqualByComparingTo("1.5");
    }

    @Test
    void perRunSpreadsAMonthAndNeedsRuns() {
        assertThat(Billing.perRun(new BigDecimal("7.30"), new BigDecimal("730")))
                .as("7.30 over 730")
                .isEqualByComparingTo("0.01");
        assertThat(Billing.perRun(BigDecimal.ONE, BigDecimal.ZERO))
                .as("no runs")
                .isNull();
    }
}

package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void amountsThatRoundToTheSameCentsPrintWithTheDecimalsThatTellThemApart() {
        assertThat(Money.formatApart(new BigDecimal("0.1004"), new BigDecimal("0.1012")))
                .containsExactly("$0.100", "$0.101");
        assertThat(Money.formatApart(new BigDecimal("6.2400"), new BigDecimal("6.2406")))
                .containsExactly("$6.240", "$6.241");
        assertThat(Money.formatApart(new BigDecimal("6.24"), new BigDecimal("7.76")))
                .as("already apart: as format prints them")
                .containsExactly("$6.24", "$7.76");
        assertThat(Money.formatApart(new BigDecimal("6.24"), new BigDecimal("6.240")))
                .as("equal amounts stay as they are")
                .containsExactly("$6.24", "$6.24");
    }
}

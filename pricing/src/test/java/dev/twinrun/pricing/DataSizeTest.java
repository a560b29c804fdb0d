package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DataSizeTest {
    @Test
    void readsTheUnitsTheCommandsAcceptAsPowersOf1024() {
        assertThat(DataSize.parse("20MB").bytes()).isEqualTo(20L << 20);
        assertThat(DataSize.parse("20MiB").bytes()).isEqualTo(20L << 20);
        assertThat(DataSize.parse(" 1gb ").bytes()).isEqualTo(1L << 30);
        assertThat(DataSize.parse("2.5GB").bytes()).isEqualTo(2560L << 20);
        assertThat(DataSize.parse("512KiB").bytes()).isEqualTo(512L * 1024);
        assertThat(DataSize.parse("4096").bytes()).isEqualTo(4096);
        assertThat(DataSize.parse("4096B").bytes()).isEqualTo(4096);
    }

    @Test
    void refusesWhatIsNotAPositiveSize() {
        assertThatThrownBy(() -> DataSize.parse("lots")).hasMessageContaining("not a size: 'lots'");
        assertThatThrownBy(() -> DataSize.parse("0MB")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> DataSize.parse("-1GB")).hasMessageContaining("must be positive");
    }

    @Test
    void printsOneFormEverywhere() {
        assertThat(DataSize.parse("20MB")).hasToString("20 MB");
        assertThat(DataSize.parse("1MB")).hasToString("1 MB");
        assertThat(DataSize.parse("2.5GB")).hasToString("2.5 GB");
        assertThat(DataSize.text(new BigDecimal("351"))).isEqualTo("351 MB");
        assertThat(DataSize.text(new BigDecimal("9420"))).isEqualTo("9.2 GB");
        assertThat(DataSize.text(BigDecimal.valueOf(1024L * 1024))).isEqualTo("1 TB");
    }

    @Test
    void theArgumentFormReadsBackToTheSameBytes() {
        for (long bytes : new long[] {1L << 20, 20L << 20, 1536, 1000, (20L << 20) + 1}) {
            DataSize d = new DataSize(bytes);
            assertThat(DataSize.parse(d.argument())).as(d.argument()).isEqualTo(d);
        }
        assertThat(DataSize.parse("20MB").argument()).isEqualTo("20MB");
        assertThat(DataSize.ofMegabytes(new BigDecimal("2.5")).megabytes()).isEqualByComparingTo("2.5");
        assertThat(new DataSize(1).megabytes()).isEqualByComparingTo("0.000001");
    }
}

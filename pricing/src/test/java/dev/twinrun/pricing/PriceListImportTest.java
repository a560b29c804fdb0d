package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PriceListImportTest {
    private static final LocalDate READ = LocalDate.of(2026, 12, 1);

    private static PriceBook sample() throws IOException {
        try (InputStream in =
                PriceListImportTest.class.getResourceAsStream("/pricelist/AmazonEC2-us-east-1-sample.json")) {
            return PriceListImport.fromOffer(in, READ, null);
        }
    }

    @Test
    void linuxOnDemandInstancesBecomeHourLinesWithTheOfferFileAsSource() throws IOException {
        PriceBook book = sample();

        assertThat(book.region()).isEqualTo("us-east-1");
        assertThat(book.date()).isEqualTo("2026-11-20");
        PriceLine c7g = book.line("ec2.c7g.2xlarge.hour");
        assertThat(c7g.value()).isEqualTo("0.29");
        assertThat(c7g.unit()).isEqualTo("instance-hour");
        assertThat(c7g.date()).isEqualTo("2026-11-01");
        assertThat(c7g.read()).isEqualTo("2026-12-01");
        assertThat(c7g.source())
                .startsWith(
                        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/20261120000000/us-east-1/"
                                + "index.json")
                .contains("SKU SKUC7G2XL");
        assertThat(book.line("ec2.t4g.nano.hour").value()).isEqualTo("0.0042");
        assertThat(book.find("ec2.t3.micro.hour")).as("Windows is skipped").isEmpty();
        assertThat(book.instance("t4g.nano")).hasValueSatisfying(i -> {
            assertThat(i.memoryMib()).isEqualTo(512);
            assertThat(i.arch()).isEqualTo("arm64");
        });
    }

    @Test
    void otherDimensionsKeepTheirUsageType() throws IOException {
        PriceBook book = sample();

        assertThat(book.line("ec2.ebs-volumeusage.gp3").value()).isEqualTo("0.08");
        assertThat(book.line("ec2.ebs-volumeusage.gp3").unit()).isEqualTo("GB-Mo");
        assertThat(book.line("ec2.use1-publicipv4-inuseaddress").value()).isEqualTo("0.005");
    }

    @Test
    void theImportedBookPassesTheCheckAndReadsBack() throws IOException {
        PriceBook book = sample();
        String json = PriceListImport.toJson(book);

        assertThat(new PriceBookCheck(LocalDate.of(2026, 12, 2)).check(stream(json)))
                .isEmpty();
        assertThat(PriceBook.read(stream(json))).isEqualTo(book);
    }

    @Test
    void aFileThatIsNotAnOfferFileIsRejected() {
        assertThatThrownBy(() -> PriceListImport.fromOffer(stream("{\"lines\": []}"), READ, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an AWS Price List offer file");
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}

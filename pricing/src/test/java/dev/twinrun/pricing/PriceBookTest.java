package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceBookTest {

    @Test
    void everyLineOfEveryBuiltInBookHasDateRegionAndSource() {
        for (String name : PriceBook.BUILT_IN) {
            PriceBook book = PriceBook.load(name);
            assertThat(book.lines()).as(name + " has lines").isNotEmpty();
            assertThat(book.lines()).as(name + " lines are dated and sourced").allSatisfy(l -> {
                assertThat(l.date()).as(l.id() + " date").matches("\\d{4}-\\d{2}-\\d{2}");
                assertThat(l.region()).as(l.id() + " region").isEqualTo("us-east-1");
                assertThat(l.source()).as(l.id() + " source").contains("https://");
                assertThat(l.read()).as(l.id() + " read").matches("\\d{4}-\\d{2}-\\d{2}");
            });
        }
    }

    @Test
    void the2026BookCarriesTheFactsPrices() {
        PriceBook book = PriceBook.load("aws-us-east-1-2026");
        Map<String, String> facts = Map.ofEntries(
                Map.entry("lambda.duration.x86_64", "0.0000166667"),
                Map.entry("lambda.duration.arm64", "0.0000133334"),
                Map.entry("lambda.requests", "0.20"),
                Map.entry("lambda.freeTier.requests", "1000000"),
                Map.entry("lambda.freeTier.gbSeconds", "400000"),
                Map.entry("lambda.billing.granularityMs", "1"),
                Map.entry("lambda.billing.initBilledFrom", "2025-08-01"),
                Map.entry("ec2.t3.micro.hour", "0.0104"),
                Map.entry("ec2.t3.small.hour", "0.0208"),
                Map.entry("ec2.t4g.nano.hour", "0.0042"),
                Map.entry("ec2.t4g.micro.hour", "0.0084"),
                Map.entry("ec2.t4g.small.hour", "0.0168"),
                Map.entry("ec2.t2.micro.hour", "0.0116"),
                Map.entry("ec2.billing.minimumSeconds", "60"),
                Map.entry("ebs.gp3.gbMonth", "0.08"),
                Map.entry("s3.requests.put", "0.005"),
                Map.entry("s3.requests.list", "0.005"),
                Map.entry("s3.requests.get", "0.0004"),
                Map.entry("cloudwatch.logs.ingestion", "0.50"),
                Map.entry("stepfunctions.standard.stateTransitions", "0.025"),
                Map.entry("lambda.limits.timeoutSeconds", "900"),
                Map.entry("lambda.limits.memoryMbMax", "10240"),
                Map.entry("lambda.limits.ephemeralStorageMbMax", "10240"),
                Map.entry("lambda.limits.payloadMbSync", "6"),
                Map.entry("ec2.c7g.2xlarge.hour", "0.29"),
                Map.entry("ec2.c7g.4xlarge.hour", "0.58"),
                Map.entry("ec2.c7g.8xlarge.hour", "1.16"),
                Map.entry("ec2.c7g.16xlarge.hour", "2.32"),
                Map.entry("vpc.publicIpv4.hour", "0.005"),
                Map.entry("cloudwatch.metrics.custom", "0.30"),
                Map.entry("cloudwatch.freeTier.metrics", "10"),
                Map.entry("cloudwatch.dashboard.month", "3.00"),
                Map.entry("cloudwatch.freeTier.dashboards", "3"),
                Map.entry("cloudwatch.alarm.standard", "0.10"),
                Map.entry("cloudwatch.logs.storage", "0.03"),
                Map.entry("stepfunctions.freeTier.transitions", "4000"));
        facts.forEach((id, value) -> assertThat(book.line(id).value()).as(id).isEqualTo(value));
        assertThat(book.line("lambda.requests").perDecimal()).as("requests per").isEqualByComparingTo("1000000");
        assertThat(book.line("s3.requests.get").perDecimal()).as("S3 per").isEqualByComparingTo("1000");
    }

    @Test
    void theSeedBookPricesPerHundredMillisecondsAndEc2PerMonth() {
        PriceBook seed = PriceBook.load("seed-2017");

        assertThat(seed.line("lambda.duration.x86_64").costOf(BigDecimal.ONE))
                .as("one GB-second at $0.000001667 per 100 ms")
                .isEqualByComparingTo("0.00001667");
        assertThat(seed.line("lambda.billing.granularityMs").value())
                .as("granularity")
                .isEqualTo("100");
        assertThat(seed.line("ec2.t2.micro.month").value())
                .as("the seed's monthly EC2")
                .isEqualTo("8.50");
        assertThat(seed.find("lambda.billing.initBilledFrom"))
                .as("INIT not billed in 2017")
                .isEmpty();
        assertThat(seed.notes()).as("the $8.47 vs $8.50 explanation").anyMatch(n -> n.contains("8.47"));
    }

    @Test
    void instanceLimitsMatchTheEc2DocsTablesAndTheUncheckedOnesAreLabelled() {
        PriceBook book = PriceBook.load("aws-us-east-1-2026");
        // type, vCPUs, MiB, baseline Gbit/s, burst Gbit/s, EBS baseline Mbit/s: the EC2 User Guide's tables
        Object[][] checked = {
            {"t4g.nano", 2, 512, "0.032", "5", 43},
            {"t4g.micro", 2, 1024, "0.064", "5", 87},
            {"t4g.small", 2, 2048, "0.128", "5", 174},
            {"t4g.medium", 2, 4096, "0.256", "5", 347},
            {"t4g.large", 2, 8192, "0.512", "5", 695},
            {"t4g.xlarge", 4, 16384, "1.024", "5", 695},
            {"t4g.2xlarge", 8, 32768, "2.048", "5", 695},
            {"t3.micro", 2, 1024, "0.064", "5", 87},
            {"t3.small", 2, 2048, "0.128", "5", 174},
        };
        for (Object[] row : checked) {
            PriceBook.InstanceSpec spec = book.instance((String) row[0]).orElseThrow();
            assertThat(spec.vcpus()).as(row[0] + " vCPUs").isEqualTo(row[1]);
            assertThat(spec.memoryMib()).as(row[0] + " memory").isEqualTo(row[2]);
            assertThat(spec.networkBaselineGbps()).as(row[0] + " baseline").isEqualByComparingTo((String) row[3]);
            assertThat(spec.networkBurstGbps()).as(row[0] + " burst").isEqualByComparingTo((String) row[4]);
            assertThat(spec.ebsBaselineMbps()).as(row[0] + " EBS").isEqualTo(row[5]);
            assertThat(spec.unverified()).as(row[0] + " fully checked").isNull();
            assertThat(spec.limitsSource()).as(row[0] + " source read").contains("read 2026-12-02");
        }
        // type, EBS baseline Mbps (EC2 User Guide source), baseline network Mbps (the Karpenter table AWS generates)
        Object[][] c7g = {
            {"c7g.medium", 315, "0.52"},
            {"c7g.large", 630, "0.937"},
            {"c7g.xlarge", 1250, "1.876"},
            {"c7g.2xlarge", 2500, "3.75"},
            {"c7g.4xlarge", 5000, "7.5"},
            {"c7g.8xlarge", 10000, "15"},
            {"c7g.16xlarge", 20000, "30"},
        };
        for (Object[] row : c7g) {
            String type = (String) row[0];
            PriceBook.InstanceSpec spec = book.instance(type).orElseThrow();
            assertThat(spec.ebsBaselineMbps()).as(type + " EBS").isEqualTo(row[1]);
            assertThat(spec.networkBaselineGbps()).as(type + " baseline").isEqualByComparingTo((String) row[2]);
            assertThat(spec.limitsSource()).as(type + " baseline source").contains("zz_generated.bandwidth.go");
            assertThat(spec.unverified())
                    .as(type + ": burst, vCPU and memory figures not found in the docs read")
                    .contains("networkBurstGbps")
                    .contains("vcpus")
                    .doesNotContain("networkBaselineGbps")
                    .contains("not re-read");
        }
    }

    @Test
    void duplicateLineIdsAreRejected() {
        String json = """
        {"id":"x","date":"2026-01-01","region":"us-east-1","lines":[
          {"id":"a","kind":"price","value":"1","unit":"u","date":"2026-01-01","region":"us-east-1","source":"s"},
          {"id":"a","kind":"price","value":"2","unit":"u","date":"2026-01-01","region":"us-east-1","source":"s"}]}
        """;

        assertThatThrownBy(() -> PriceBook.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .as("duplicate id")
                .hasMessageContaining("line a twice");
    }

    @Test
    void unknownBookNamesTheBuiltInOnes() {
        assertThatThrownBy(() -> PriceBook.load("mars-2030"))
                .as("unknown book")
                .hasMessageContaining("seed-2017")
                .hasMessageContaining("aws-us-east-1-2026");
    }
}

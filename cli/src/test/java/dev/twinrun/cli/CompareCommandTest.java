package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.twinrun.benchmarks.report.CompareText;
import dev.twinrun.benchmarks.report.SizeText;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.Workload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import picocli.CommandLine;

/** What {@code twinrun compare} refuses before measuring anything (the full run is {@code CompareIT}). */
class CompareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void localstackWithoutDockerFailsFastNamingTheWayOut() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        assumeFalse(docker, "a Docker engine runs here: the LocalStack target would start");
        InProcess.Run r = InProcess.run(
                "compare",
                "--target",
                "localstack",
                "--quiet",
                "--out",
                tmp.resolve("r").toString());
        assertThat(r.exit()).as("exit code").isEqualTo(1);
        assertThat(r.err()).as("message").contains("no Docker engine; use --target embedded");
    }

    @Test
    void unknownTargetIsAUsageError() {
        InProcess.Run r = InProcess.run(
                "compare", "--target", "moon", "--out", tmp.resolve("r").toString());
        assertThat(r.exit()).as("exit code").isEqualTo(2);
        assertThat(r.err()).as("message").contains("--target must be embedded, localstack or aws");
    }

    @Test
    void oneHourCannotGiveAColdAndAWarmRun() {
        InProcess.Run r = InProcess.run(
                "compare", "--hours", "1", "--out", tmp.resolve("r").toString());
        assertThat(r.exit()).as("exit code").isEqualTo(2);
        assertThat(r.err()).as("message").contains("--hours must be at least 2");
    }

    @Test
    void unknownArchIsAUsageError() {
        InProcess.Run r = InProcess.run(
                "compare", "--arch", "sparc", "--out", tmp.resolve("r").toString());
        assertThat(r.exit()).as("exit code").isEqualTo(2);
        assertThat(r.err()).as("message").contains("--arch must be x86_64 or arm64");
    }

    @Test
    void theSizeComparisonIsSummedUpInAFewLines() {
        PriceBook book = PriceBook.load("aws-us-east-1-2026");
        Scenario s = Scenario.load("hourly-2026");
        SizeSweepResult sweep = new SizeSweep(book, s, Workload.fromScenario(s, book)).run(SizeSweep.DEFAULT_SIZES_MB);
        StringWriter out = new StringWriter();

        CompareText.sizes(new PrintWriter(out, true), sweep);

        assertThat(out.toString())
                .contains("single Lambda at 7.3 GB (lambda.limits.timeoutSeconds)")
                .contains("at 100 MB: cheapest single Lambda, 1769 MB")
                .contains("at 100 GB: cheapest EC2 always on, c7g.8xlarge")
                .contains("crossover at "
                        + SizeText.size(sweep.crossovers().get(0).sizeMb())
                        + ": single Lambda cheaper below, EC2 always on above");
    }

    @Test
    void priceOptionsReachThePricedScenario() {
        CompareCommand c = new CompareCommand();
        new CommandLine(c)
                .parseArgs(
                        "--instance-type",
                        "t4g.small",
                        "--runs-per-day",
                        "2",
                        "--ebs-gb",
                        "20",
                        "--free-tier",
                        "--price-book",
                        "aws-us-east-1-2026");

        Scenario s = c.scenario.resolve();

        assertThat(s.name()).as("compare's own default scenario").isEqualTo("hourly-2026");
        assertThat(s.ec2().instanceType()).isEqualTo("t4g.small");
        assertThat(s.schedule().runsPerDay()).isEqualByComparingTo("2");
        assertThat(s.ec2().ebsGb()).isEqualByComparingTo("20");
        assertThat(s.lambda().freeTier()).isTrue();
    }

    @Test
    void anInvalidJobSpecIsRejectedNamingItsLineBeforeAnythingRuns() throws Exception {
        Path job = tmp.resolve("job.json");
        Files.writeString(job, "{\n  \"name\": \"x\",\n  \"columns\": [{\"name\": \"a\", \"type\": \"text\"}]\n}\n");
        InProcess.Run r = InProcess.run(
                "compare",
                "--job",
                job.toString(),
                "--quiet",
                "--out",
                tmp.resolve("r").toString());
        assertThat(r.exit()).as("exit code").isEqualTo(2);
        assertThat(r.err()).as("message").contains("job.json:3: unknown column type 'text'");
        assertThat(tmp.resolve("r")).as("nothing ran").doesNotExist();
        InProcess.Run aws = InProcess.run(
                "compare",
                "--job",
                "../jobs/ecommerce.json",
                "--target",
                "aws",
                "--out",
                tmp.resolve("a").toString());
        assertThat(aws.exit()).isEqualTo(2);
        assertThat(aws.err())
                .contains("--job runs on --target embedded or localstack")
                .contains("-c job=");
    }

    @Test
    void aTransformationJarNeedsItsClassAndALoadableOne() throws Exception {
        Path jar = Files.write(
                tmp.resolve("empty.jar"),
                new byte[] {0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        InProcess.Run alone = InProcess.run(
                "compare",
                "--transformation-jar",
                jar.toString(),
                "--out",
                tmp.resolve("j").toString());
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("--transformation-jar and --transformation go together");
        InProcess.Run missing = InProcess.run(
                "compare",
                "--transformation-jar",
                jar.toString(),
                "--transformation",
                "com.acme.Missing",
                "--out",
                tmp.resolve("k").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .contains("com.acme.Missing is not a loadable class")
                .contains(jar.toString());
        assertThat(tmp.resolve("k")).as("nothing ran").doesNotExist();
    }
}

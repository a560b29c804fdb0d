package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CostCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CostCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void seedScenarioPrintsThreeSixtyAndEightFifty() {
        Run r = run("--scenario", "seed-2017");

        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isZero();
        assertThat(r.out()).as("Lambda line").containsPattern("Lambda 1024 MB x86_64\\s+\\$3\\.60/month");
        assertThat(r.out()).as("EC2 always-on line").containsPattern("EC2 t2\\.micro always on\\s+\\$8\\.50/month");
    }

    @Test
    void oneRunADayIsCents() {
        Run r = run("--scenario", "seed-2017", "--runs-per-day", "1");

        assertThat(r.out()).as("Lambda at one run a day").containsPattern("Lambda 1024 MB x86_64\\s+\\$0\\.15/month");
    }

    @Test
    void flagsOverrideScenarioFields() {
        Run r = run(
                "--scenario",
                "seed-2017",
                "--price-book",
                "aws-us-east-1-2026",
                "--lambda-memory",
                "2048",
                "--arch",
                "arm64",
                "--duration",
                "1m",
                "--instance-type",
                "t4g.micro",
                "--free-tier",
                "--lines");

        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isZero();
        assertThat(r.out()).as("price book").contains("price book aws-us-east-1-2026");
        assertThat(r.out()).as("overridden Lambda").contains("Lambda 2048 MB arm64");
        assertThat(r.out()).as("overridden duration").contains("run 60000 ms");
        assertThat(r.out()).as("overridden instance").contains("EC2 t4g.micro always on");
        assertThat(r.out()).as("free tier credit line").contains("lambda.freeTier.gbSeconds");
        assertThat(r.out()).as("free tier switch shown").contains("free tier on");
    }

    @Test
    void freeTierSidesAndCommitmentsAreSwitches() {
        Run r = run(
                "--scenario",
                "hourly-2026",
                "--price-book",
                "aws-us-east-1-2026",
                "--instance-type",
                "t2.micro",
                "--free-tier=lambda,ec2",
                "--commitment",
                "lambda=17,ec2=30",
                "--lines");

        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isZero();
        assertThat(r.out()).as("Lambda free tier").contains("lambda.freeTier.gbSeconds");
        assertThat(r.out()).as("EC2 free tier").contains("ec2.freeTier.hours");
        assertThat(r.out()).as("Lambda commitment line").contains("lambda.duration.commitment");
        assertThat(r.out()).as("EC2 commitment line").contains("ec2.instance.commitment");
        assertThat(r.out()).as("storage is not discounted").doesNotContain("ebs.gp3.commitment");
    }

    @Test
    void aCommitmentAboveTheMaximumOrOnAnUnknownSideIsRejected() {
        Run over = run("--scenario", "hourly-2026", "--price-book", "aws-us-east-1-2026", "--commitment", "lambda=40");
        assertThat(over.exit()).isNotZero();
        assertThat(over.err()).contains("savingsPlans.compute.lambda.maxPercent");
        Run side = run("--scenario", "hourly-2026", "--commitment", "s3=10");
        assertThat(side.exit()).isNotZero();
        assertThat(side.err()).contains("side must be lambda or ec2");
        Run tier = run("--scenario", "hourly-2026", "--free-tier=rds");
        assertThat(tier.exit()).isNotZero();
        assertThat(tier.err()).contains("rds is not one of");
    }

    @Test
    void scenarioFromAUserFile() throws Exception {
        Path file = tmp.resolve("mine.json");
        Files.writeString(file, """
        {"name": "mine", "priceBook": "aws-us-east-1-2026",
         "schedule": {"runsPerDay": 2},
         "run": {"durationMs": 1000},
         "lambda": {"memoryMb": 512},
         "ec2": {"instanceType": "t4g.nano", "ebsGb": 0}}
        """);

        Run r = run("--scenario", file.toString(), "--format", "json");

        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isZero();
        assertThat(r.out()).as("scenario name in JSON").contains("\"name\" : \"mine\"");
    }

    @Test
    void badInputFailsWithAMessage() {
        Run arch = run("--arch", "sparc");
        Run instance = run("--instance-type", "m5.large");

        assertThat(arch.exit()).as("unknown arch exit code").isNotZero();
        assertThat(arch.err()).as("unknown arch message").contains("sparc");
        assertThat(instance.exit()).as("unpriced instance exit code").isNotZero();
        assertThat(instance.err()).as("unpriced instance message").contains("m5.large");
    }

    @Test
    void durationsParseWithUnits() {
        DurationConverter c = new DurationConverter();

        assertThat(c.convert("5m")).as("5m").isEqualByComparingTo("300000");
        assertThat(c.convert("300s")).as("300s").isEqualByComparingTo("300000");
        assertThat(c.convert("1500ms")).as("1500ms").isEqualByComparingTo("1500");
        assertThat(c.convert("2min")).as("2min").isEqualByComparingTo("120000");
        assertThat(c.convert("1h")).as("1h").isEqualByComparingTo(new BigDecimal("3600000"));
        assertThat(c.convert("250")).as("plain number is ms").isEqualByComparingTo("250");
    }

    @Test
    void outWritesTheReportFiles() {
        Run r = run("--out", tmp.resolve("rep").toString());

        assertThat(r.exit()).as("exit code; stderr: " + r.err()).isZero();
        assertThat(tmp.resolve("rep/report.html")).as("html written").exists();
        assertThat(tmp.resolve("rep/report.json")).as("json written").exists();
    }

    @Test
    void sizesAddTheCostVsDataSizeComparison() {
        Run r = run("--scenario", "hourly-2026", "--sizes", "100MB,100GB", "--format", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"sizes\"")
                .contains("lambda.limits.timeoutSeconds")
                .contains("lambda-fanout");
        assertThat(r.out())
                .as("the limit lines used are listed with their source")
                .contains("s3.guidance.mbPerSecondPerConnection");
    }

    @Test
    void sizesWithoutAValueSweepTheDefaultLadder() {
        CostCommand c = new CostCommand();
        new CommandLine(c).parseArgs("--scenario", "hourly-2026", "--sizes");

        assertThat(CostCommand.megabytes(c.sizes)).hasSize(10).last().isEqualTo(BigDecimal.valueOf(102400));
    }

    @Test
    void sizesAboveOneHundredGbOrWithoutASlopeFailWithAMessage() {
        Run tooBig = run("--scenario", "hourly-2026", "--sizes", "200GB");
        Run noSlope = run("--scenario", "seed-2017", "--price-book", "aws-us-east-1-2026", "--sizes", "1GB");

        assertThat(tooBig.exit()).isNotZero();
        assertThat(tooBig.err()).contains("above 100 GB");
        assertThat(noSlope.exit()).isNotZero();
        assertThat(noSlope.err()).contains("seed-2017").contains("run.msPerMb");
    }

    @Test
    void msPerMbMovesTheSizeModel() {
        Run slow = run("--scenario", "hourly-2026", "--sizes", "10GB", "--format", "json");
        Run fast = run("--scenario", "hourly-2026", "--sizes", "10GB", "--ms-per-mb", "20", "--format", "json");

        assertThat(slow.out())
                .as("10 GB at 550 ms/MB does not fit one invocation")
                .contains("does not fit");
        assertThat(fast.out()).as("at 20 ms/MB it does").doesNotContain("does not fit");
    }
}

package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReportCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void statsThenBuildThenDiff() throws Exception {
        Path raw = tmp.resolve("raw.jsonl");
        Files.copy(getClass().getResourceAsStream("/dev/twinrun/benchmarks/stats/raw-sample.jsonl"), raw);

        String[] stats =
                run("stats", raw.toString(), "--out", tmp.resolve("stats.json").toString());
        String[] fromRaw = run(
                "build",
                "--raw",
                raw.toString(),
                "--scenario",
                "hourly-2026",
                "--lambda-memory",
                "1024",
                "--arch",
                "x86_64",
                "--instance-type",
                "t3.micro",
                "--out",
                tmp.resolve("a").toString());
        String[] fromStats = run(
                "build",
                "--stats",
                tmp.resolve("stats.json").toString(),
                "--scenario",
                "hourly-2026",
                "--lambda-memory",
                "1024",
                "--arch",
                "x86_64",
                "--instance-type",
                "t3.micro",
                "--runs-per-day",
                "1440",
                "--out",
                tmp.resolve("b").toString());
        String[] diff = run(
                "diff",
                tmp.resolve("a").toString(),
                tmp.resolve("b/report.json").toString());

        assertThat(stats[0]).as("stats exit; " + stats[2]).isEqualTo("0");
        assertThat(fromRaw[0]).as("build from raw exit; " + fromRaw[2]).isEqualTo("0");
        assertThat(fromStats[0]).as("build from stats exit; " + fromStats[2]).isEqualTo("0");
        assertThat(tmp.resolve("a/report.html")).as("report from raw").exists();
        assertThat(Files.readString(tmp.resolve("a/measurements.csv")))
                .as("measured rows from raw")
                .contains("lambda-1024mb-x86_64");
        assertThat(diff[0]).as("diff exit; " + diff[2]).isEqualTo("0");
        assertThat(diff[1]).as("diff context").contains("runs/day: 24 -> 1440");
        assertThat(diff[1]).as("diff sections").contains("## Monthly cost", "## Wall time", "Winner");
    }

    @Test
    void reportWithoutSubcommandShowsUsage() {
        String[] r = run();

        assertThat(r[0]).as("exit code").isEqualTo("2");
        assertThat(r[2]).as("usage lists diff").contains("diff");
    }

    @Test
    void buildWithSizesModelsFromTheMeasuredWorkAtTheGivenSize() throws Exception {
        Path raw = tmp.resolve("raw.jsonl");
        Files.copy(getClass().getResourceAsStream("/dev/twinrun/benchmarks/stats/raw-sample.jsonl"), raw);

        String[] r = run(
                "build",
                "--raw",
                raw.toString(),
                "--scenario",
                "hourly-2026",
                "--data-size-mb",
                "100",
                "--sizes",
                "1GB,100GB",
                "--out",
                tmp.resolve("s").toString());

        assertThat(r[0]).as("exit; " + r[2]).isEqualTo("0");
        String json = Files.readString(tmp.resolve("s/report.json"));
        assertThat(json).as("the measured size is a row of its own").contains("measured by twinrun compare");
        assertThat(Files.readString(tmp.resolve("s/sizes.csv")).lines().count())
                .as("header + 3 sizes x 3 variants")
                .isEqualTo(10);
    }

    @Test
    void buildAddsTheFreshnessSectionSavedBesideTheRawRecords() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path raw = dir.resolve("raw.jsonl");
        Files.copy(getClass().getResourceAsStream("/dev/twinrun/benchmarks/stats/raw-sample.jsonl"), raw);
        var row = new dev.twinrun.benchmarks.report.FreshnessSummary.Row(
                "lambda-s3-event",
                "Lambda per S3 event",
                "Lambda 1769 MB x86_64",
                new java.math.BigDecimal("6"),
                1_000_000L,
                new java.math.BigDecimal("1500"),
                new java.math.BigDecimal("1900"),
                java.math.BigDecimal.ZERO,
                new java.math.BigDecimal("1.23"),
                0,
                java.util.Map.of("GET", new java.math.BigDecimal("40"), "partials.PUT", new java.math.BigDecimal("6")),
                new java.math.BigDecimal("0.05"),
                "measured");
        dev.twinrun.benchmarks.report.FreshnessWriter.write(
                dir,
                new dev.twinrun.benchmarks.report.FreshnessSummary(
                        "spread",
                        "6 file(s) spread evenly over the hour",
                        6,
                        600,
                        2,
                        600_000L,
                        java.util.List.of(row),
                        "lambda-s3-event",
                        "lambda-s3-event",
                        "lambda-s3-event",
                        java.util.List.of("a note")));

        String[] built = run(
                "build",
                "--raw",
                raw.toString(),
                "--scenario",
                "hourly-2026",
                "--out",
                tmp.resolve("rebuilt").toString());

        assertThat(built[0]).as("build exit; " + built[2]).isEqualTo("0");
        assertThat(built[1]).contains("freshness from");
        String md = Files.readString(tmp.resolve("rebuilt/report.md"));
        assertThat(md).contains("## Cost vs time to insight", "| Lambda per S3 event |", "46.0 (6.0 partials)");
        assertThat(Files.readString(tmp.resolve("rebuilt/report.html"))).contains("data-trigger=\"lambda-s3-event\"");
        assertThat(tmp.resolve("rebuilt/freshness.json")).exists();

        String[] missing = run(
                "build",
                "--raw",
                raw.toString(),
                "--freshness",
                tmp.resolve("none.json").toString(),
                "--out",
                tmp.resolve("x").toString());
        assertThat(missing[0]).isNotEqualTo("0");
        assertThat(missing[2]).contains("none.json");
    }

    @Test
    void buildQuotesTheDependencyCostBenchLambdaMeasured() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dep"));
        Path raw = dir.resolve("raw.jsonl");
        Files.copy(getClass().getResourceAsStream("/dev/twinrun/benchmarks/stats/raw-sample.jsonl"), raw);
        Path json = Files.writeString(dir.resolve("dependency.json"), """
                {"command": "./twinrun bench lambda --added-dependency-mb 20", "loadAverageAtStart": "1.00",
                 "loadAverageAtEnd": "2.00", "costs": [
                  {"memoryMb": 1769, "variant": "java 17", "loadedByInit": false, "jarBytes": 20971520,
                   "baseZipBytes": 10000000, "paddedZipBytes": 28400000, "rounds": 11,
                   "initMsPerMb": {"median": 1.25, "min": -3.5, "max": 6.0}}]}
                """);
        String[] with = run(
                "build",
                "--raw",
                raw.toString(),
                "--dependency-cost",
                json.toString(),
                "--out",
                tmp.resolve("b").toString());

        assertThat(with[0]).as("build exit; " + with[2]).isEqualTo("0");
        assertThat(Files.readString(tmp.resolve("b/report.md")))
                .contains("a new dependency costs")
                .contains("+0.88 MB zip per MB added")
                .contains("measured by ./twinrun bench lambda --added-dependency-mb 20");

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"costs\": []}");
        String[] refused = run(
                "build",
                "--raw",
                raw.toString(),
                "--dependency-cost",
                bad.toString(),
                "--out",
                tmp.resolve("c").toString());
        assertThat(refused[0]).isNotEqualTo("0");
        assertThat(refused[2]).contains("bad.json");
    }
}

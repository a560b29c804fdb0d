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
}

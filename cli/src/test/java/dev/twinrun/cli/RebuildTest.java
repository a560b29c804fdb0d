package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.benchmarks.analysis.CompareRun;
import dev.twinrun.benchmarks.analysis.Comparison;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rebuild commands compare prints give compare's report: the same pipeline as compare on saved raw records (the
 * fast check; {@code CompareIT} does it after a real compare run).
 */
class RebuildTest {
    @TempDir
    Path tmp;

    @Test
    void theRebuildCommandsGiveTheSameReportFromRawRecords() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path raw = dir.resolve("raw.jsonl");
        Files.copy(getClass().getResourceAsStream("/dev/twinrun/benchmarks/stats/raw-sample.jsonl"), raw);
        Path notes = Files.write(dir.resolve(Comparison.NOTES), List.of("output check: it's fine", "measured here"));
        DataSize size = DataSize.parse("10MB");
        List<BigDecimal> sweep = SizeSweep.DEFAULT_SIZES_MB;
        String title = "twinrun compare: it's 10 MB an hour";
        Scenario s = Scenario.load("hourly-2026").withRunsPerDay(BigDecimal.valueOf(2));
        Comparison.run(
                raw,
                dir,
                new Comparison.Request(
                        s, null, size, sweep, title, "2026-01-01T00:00:00Z", CompareRun.readNotes(notes)));

        Path rebuilt = tmp.resolve("rebuilt");
        List<List<String>> commands = new ArrayList<>();
        for (String[] c : CompareRun.rebuildCommands(
                raw, notes, List.of("--scenario", "hourly-2026", "--runs-per-day=2"), size, sweep, title, "DIR")) {
            commands.addAll(RebuildLine.commands("rebuild      " + CompareRun.shell(c), rebuilt));
        }
        for (List<String> c : commands) {
            StringWriter err = new StringWriter();
            var cl = TwinrunCli.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute(c.toArray(String[]::new))).as(c + "\n" + err).isZero();
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode first =
                (ObjectNode) json.readTree(dir.resolve(ReportWriter.JSON).toFile());
        ObjectNode again =
                (ObjectNode) json.readTree(rebuilt.resolve(ReportWriter.JSON).toFile());
        assertThat(again.path("notes").toString())
                .as("the CPU-share rescale is applied on rebuild too")
                .contains("the forked runtime ran it on a whole core")
                .contains("output check: it's fine");
        assertThat(again.path("sizes").path("workload").path("source").asText())
                .as("the work per MB of the records")
                .contains("lambda-1024mb-x86_64");
        first.remove("generatedAt");
        again.remove("generatedAt");
        assertThat(again.toPrettyString()).isEqualTo(first.toPrettyString());
    }

    @Test
    void shellQuotingReadsBack() {
        String[] words = {
            "./twinrun", "report", "build", "--title", "it's a 'test' $HOME", "--sizes", "100MB,1GB", "a b"
        };
        assertThat(RebuildLine.shellWords(CompareRun.shell(words))).containsExactly(words);
        assertThat(CompareRun.shell(new String[] {"--runs-per-day=2", "x/y.json"}))
                .isEqualTo("--runs-per-day=2 x/y.json");
    }
}

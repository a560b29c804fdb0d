package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.bench.LambdaBench;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench lambda}'s added-dependency options, parsed into the bench's settings; nothing runs. */
class BenchLambdaOptionsTest {
    @TempDir
    Path tmp;

    private static LambdaBench.Settings parse(String... args) {
        BenchCommand.Lambda cmd = new BenchCommand.Lambda();
        new CommandLine(cmd).parseArgs(args);
        return cmd.settings();
    }

    @Test
    void noDependencyIsAddedUnlessAsked() {
        LambdaBench.Settings s = parse("--zip", "f.zip");
        assertThat(s.addedDependencyMb()).isZero();
        assertThat(s.addedDependencyLoaded()).isFalse();
    }

    @Test
    void theAddedDependencysSizeAndWhetherInitLoadsItReachTheSettings() {
        LambdaBench.Settings s = parse("--zip", "f.zip", "--added-dependency-mb", "10", "--cold", "7");
        assertThat(s.addedDependencyMb()).isEqualTo(10);
        assertThat(s.addedDependencyLoaded()).isFalse();
        assertThat(s.cold()).isEqualTo(7);
        LambdaBench.Settings loaded =
                parse("--zip", "f.zip", "--added-dependency-mb", "5", "--added-dependency-loaded");
        assertThat(loaded.addedDependencyMb()).isEqualTo(5);
        assertThat(loaded.addedDependencyLoaded()).isTrue();
    }

    @Test
    void aNegativeSizeOrLoadingWithoutASizeIsAUsageError() {
        InProcess.Run negative = InProcess.run(
                "bench",
                "lambda",
                "--added-dependency-mb",
                "-1",
                "--out",
                tmp.resolve("a").toString());
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--added-dependency-mb must be >= 0");
        InProcess.Run loadedAlone = InProcess.run(
                "bench",
                "lambda",
                "--added-dependency-loaded",
                "--out",
                tmp.resolve("b").toString());
        assertThat(loadedAlone.exit()).isEqualTo(2);
        assertThat(loadedAlone.err()).contains("--added-dependency-loaded needs --added-dependency-mb");
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    @Test
    void compareRefusesADependencyCostFileThatIsNotTheBenchsResultBeforeMeasuring() throws Exception {
        Path bad = java.nio.file.Files.writeString(tmp.resolve("dependency.json"), "{\"costs\": []}");
        InProcess.Run r = InProcess.run(
                "compare",
                "--dependency-cost",
                bad.toString(),
                "--quiet",
                "--out",
                tmp.resolve("r").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ": no \"costs\"");
        assertThat(tmp.resolve("r")).doesNotExist();
    }
}

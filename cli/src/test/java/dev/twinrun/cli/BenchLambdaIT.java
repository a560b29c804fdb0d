package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.bench.LambdaBench;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.benchmarks.stats.RawRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code twinrun bench lambda}: the packaged zip, one cold and one warm invocation at 512 MB on a 2 MB hour. */
class BenchLambdaIT {
    private static final Path ZIP = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));
    private static final Pattern ENTRY = Pattern.compile("(\\S+) ([\\d,]+) bytes \\(([\\d,]+) unpacked\\)");

    @TempDir
    Path tmp;

    @Test
    void coldAndWarmInvocationsAreRecordedWithTheZipsSizeAndLargestEntries() throws Exception {
        Path out = tmp.resolve("lambda");
        String printed = BenchEc2IT.run(
                "bench",
                "lambda",
                "--size",
                "2MB",
                "--lambda-memory",
                "512",
                "--cold",
                "1",
                "--warm",
                "1",
                "--zip",
                ZIP.toString(),
                "--out",
                out.toString());

        List<InvocationRecord> raw = RawRecords.read(out.resolve(LambdaBench.RAW));
        assertThat(raw).extracting(InvocationRecord::phase).containsExactly(Phase.COLD, Phase.WARM);
        assertThat(raw).allSatisfy(r -> {
            assertThat(r.platform()).isEqualTo(Platform.LAMBDA);
            assertThat(r.failed()).isFalse();
            assertThat(r.memoryMb()).isEqualTo(512);
            assertThat(r.wallMs()).isPositive();
            assertThat(r.billedMs()).isGreaterThanOrEqualTo(r.wallMs());
            assertThat(r.maxMemoryUsedMb()).isBetween(16, 512);
            assertThat(r.rowsRead()).isPositive();
            assertThat(r.bytesRead()).isBetween(2L << 20, (2L << 20) + 4096);
        });
        assertThat(raw.get(0).initMs()).as("the cold invocation's INIT").isPositive();
        assertThat(raw.get(0).billedMs())
                .as("INIT is billed")
                .isGreaterThanOrEqualTo(raw.get(0).wallMs() + raw.get(0).initMs() - 1);
        assertThat(raw.get(1).initMs()).as("no INIT when warm").isNull();

        assertThat(printed).contains(String.format(Locale.ROOT, "zip %s: %,d bytes;", ZIP, Files.size(ZIP)));
        String entries =
                printed.lines().filter(l -> l.startsWith("zip ")).findFirst().orElseThrow();
        Matcher m = ENTRY.matcher(entries.substring(entries.indexOf("largest entries: ")));
        long previous = Long.MAX_VALUE;
        int n = 0;
        while (m.find()) {
            long compressed = Long.parseLong(m.group(2).replace(",", ""));
            assertThat(compressed)
                    .as("entry %s, largest first", m.group(1))
                    .isPositive()
                    .isLessThanOrEqualTo(previous);
            previous = compressed;
            n++;
        }
        assertThat(n).as("three largest entries listed in: " + entries).isEqualTo(3);
        assertThat(printed)
                .contains("REPORT RequestId: ")
                .contains("Init Duration: ")
                .containsPattern("\\| 512 \\| cold \\| 1 \\| \\d+ \\|")
                .containsPattern("\\| 512 \\| warm \\| 1 \\| - \\|");
    }
}

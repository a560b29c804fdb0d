package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with hostile input: an hour with 20 MB lines, a 20 MB quoted field and a quote left
 * open to the end of the file runs in a JVM whose whole heap is 48 MB (the soak uses 200 MB per line).
 */
class BoundedMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void hugeLinesAndAnOpenQuoteRunInA48MbHeap() throws Exception {
        int mb = Soak.count(20, 200);
        Path in = tmp.resolve("in");
        Path file = in.resolve(AdversarialCsv.HOUR.path()).resolve("hostile.csv");
        Files.createDirectories(file.getParent());
        long rows = write(file, mb);
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryProbe.class.getName(),
                        in.toString(),
                        tmp.resolve("out").toString(),
                        tmp.resolve("t").toString())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(Soak.count(60, 600), TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("finished in time; output: %s", output).isTrue();
        assertThat(p.exitValue())
                .as("exit code (OutOfMemoryError exits non-zero); output: %s", output)
                .isZero();
        String line =
                output.lines().filter(l -> l.startsWith("result ")).findFirst().orElse("");
        List<String> f = List.of(line.split(" "));
        assertThat(f).as("probe output: %s", output).hasSize(8);
        assertThat(f.get(1)).isEqualTo("PUBLISHED");
        assertThat(Long.parseLong(f.get(2))).as("rows read").isEqualTo(rows);
        assertThat(Long.parseLong(f.get(2)))
                .as("rows read = aggregated + quarantined")
                .isEqualTo(Long.parseLong(f.get(3)) + Long.parseLong(f.get(4)));
        assertThat(Long.parseLong(f.get(5))).as("bytes read").isEqualTo(Files.size(file));
        System.out.printf(
                "reliability: %d MB of hostile lines parsed in a 48 MB heap, peak heap %d MB, " + "0 rows lost%n",
                Files.size(file) >> 20, Long.parseLong(f.get(7)) >> 20);
    }

    /** Good rows around: one line of {@code mb} MB, one quoted field of {@code mb} MB, an open quote. */
    private static long write(Path file, int mb) throws IOException {
        long rows = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write((AdversarialCsv.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "abcdefgh,".repeat(1 << 13).getBytes(StandardCharsets.US_ASCII);
            byte[] quotedChunk = "ab,\n\"\"cd".repeat(1 << 13).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) {
                out.write(AdversarialCsv.row(AdversarialCsv.fields(i)));
                rows++;
            }
            for (long written = 0; written < (long) mb << 20; written += chunk.length) {
                out.write(chunk);
            }
            out.write('\n');
            rows++;
            for (int i = 100; i < 200; i++) {
                out.write(AdversarialCsv.row(AdversarialCsv.fields(i)));
                rows++;
            }
            out.write("e,\"".getBytes(StandardCharsets.US_ASCII));
            for (long written = 0; written < (long) mb << 20; written += quotedChunk.length) {
                out.write(quotedChunk);
            }
            out.write("\",x\n".getBytes(StandardCharsets.US_ASCII));
            rows++;
            for (int i = 200; i < 300; i++) {
                out.write(AdversarialCsv.row(AdversarialCsv.fields(i)));
                rows++;
            }
            out.write("e2,\"open to the end\n".getBytes(StandardCharsets.US_ASCII));
            for (long written = 0; written < (long) mb << 20; written += chunk.length) {
                out.write(chunk);
                out.write('\n');
            }
            rows++;
        }
        return rows;
    }
}

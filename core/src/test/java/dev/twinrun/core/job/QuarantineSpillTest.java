package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.transform.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineSpillTest {
    @TempDir
    Path tmp;

    @Test
    void rowsPastTheRawCopyCapAreListedWithoutTheirBytes() throws Exception {
        byte[] row = "a-bad-row-of-forty-bytes-,,,,,,,,,,,,,,,".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        long spilled;
        try (QuarantineSpill s = new QuarantineSpill(tmp, 100)) {
            for (int i = 0; i < 1000; i++) {
                s.add(i, i * (long) (row.length + 1), row.length, row, 0, row.length, false, new Rejection("r", "d"));
            }
            s.writeCsv(csv, "in/a.csv", 2); // flushes the spill
            try (Stream<Path> files = Files.list(tmp)) {
                spilled = files.mapToLong(p -> p.toFile().length()).sum();
            }
        }
        String[] lines = csv.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).as("every row is listed (counts stay exact)").hasSize(1000);
        assertThat(lines[0]).as("first row keeps its bytes").contains(",false,").contains(",base64:");
        assertThat(lines[2]).as("row at offset 82 still under the cap").contains(",base64:");
        assertThat(lines[3]).as("row at offset 123 is past the cap").endsWith(",true,,");
        assertThat(spilled)
                .as("temp bytes: no copy of 1000 rows")
                .isGreaterThan(0)
                .isLessThan(1000L * row.length);
    }
}

package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionZipTest {
    @TempDir
    Path tmp;

    @Test
    void theJobZipIsTheFunctionsWithTheSpecAndTheJarAdded() throws Exception {
        Path base = tmp.resolve("base.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(base))) {
            z.putNextEntry(new ZipEntry("lib/"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("lib/core.jar"));
            z.write("core".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Path spec = Files.writeString(tmp.resolve("orders.json"), "{\"name\":\"orders\"}");
        Path jar = Files.writeString(tmp.resolve("acme.jar"), "acme");

        Path out = FunctionZip.write(base, spec, jar, tmp.resolve("job.zip"));
        Path again = FunctionZip.write(base, spec, jar, tmp.resolve("again.zip"));

        try (ZipFile z = new ZipFile(out.toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry("lib/core.jar")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("core");
            assertThat(new String(
                            z.getInputStream(z.getEntry(FunctionZip.SPEC_ENTRY)).readAllBytes(),
                            StandardCharsets.UTF_8))
                    .contains("orders");
            assertThat(z.getEntry("lib/acme.jar")).isNotNull();
        }
        assertThat(Files.readAllBytes(again))
                .as("the same inputs give the same zip")
                .isEqualTo(Files.readAllBytes(out));

        Map<String, String> env = new HashMap<>(Map.of("TWINRUN_JOB_SPEC", "/home/me/orders.json"));
        assertThat(FunctionZip.lambdaEnvironment(env)).containsEntry("TWINRUN_JOB_SPEC", FunctionZip.SPEC_ENTRY);
        assertThat(FunctionZip.lambdaEnvironment(new HashMap<>())).doesNotContainKey("TWINRUN_JOB_SPEC");
    }
}

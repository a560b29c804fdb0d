package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/** {@code -c job=...}, {@code -c transformationJar=... -c transformation=...}: the job ships with both variants. */
class CustomJobTest {
    @TempDir
    Path tmp;

    @Test
    void aJobSpecShipsWithTheFunctionAndTheInstance() throws Exception {
        Path spec = Files.writeString(tmp.resolve("orders.json"), "{\"name\":\"orders\"}");
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(Map.of("job", spec.toString()));

        String lambda = new ObjectMapper()
                .writeValueAsString(Template.fromStack(stacks.lambda()).findResources("AWS::Lambda::Function"));
        assertThat(lambda)
                .as("the function reads the spec from its zip")
                .contains("\"TWINRUN_JOB_SPEC\":\"" + CustomJob.LAMBDA_SPEC + "\"")
                .doesNotContain("TWINRUN_TRANSFORMATION");
        String ec2 = new ObjectMapper()
                .writeValueAsString(Template.fromStack(stacks.ec2()).findResources("AWS::EC2::Instance"));
        assertThat(ec2)
                .as("the instance fetches the spec and points the runner at it")
                .contains("TWINRUN_JOB_SPEC=" + CustomJob.EC2_SPEC)
                .contains(" " + CustomJob.EC2_SPEC + "\\n")
                .doesNotContain("TWINRUN_TRANSFORMATION=");
    }

    @Test
    void aTransformationJarGoesIntoTheZipsLibAndTheRunnerJar() throws Exception {
        Path base = zip(tmp.resolve("base.zip"), "lib/core.jar", "core");
        Path runner = zip(tmp.resolve("runner.jar"), "dev/twinrun/ec2/RunnerMain.class", "main");
        Path jar = zip(tmp.resolve("acme.jar"), "com/acme/MyJob.class", "job");
        CustomJob job = new CustomJob(null, jar, "com.acme.MyJob");

        try (ZipFile z = new ZipFile(job.lambdaZip(base.toString()))) {
            assertThat(z.getEntry("lib/core.jar")).isNotNull();
            assertThat(z.getEntry("lib/acme.jar"))
                    .as("on the function's classpath")
                    .isNotNull();
        }
        try (ZipFile z = new ZipFile(job.ec2Jar(runner.toString()))) {
            assertThat(z.getEntry("dev/twinrun/ec2/RunnerMain.class")).isNotNull();
            assertThat(new String(
                            z.getInputStream(z.getEntry("com/acme/MyJob.class")).readAllBytes(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("job");
        }
        assertThat(job.environment(Map.of("TWINRUN_TRANSFORMATION", "ecommerce"), CustomJob.LAMBDA_SPEC))
                .containsEntry("TWINRUN_TRANSFORMATION", "com.acme.MyJob")
                .doesNotContainKey("TWINRUN_JOB_SPEC");

        Path clash = zip(tmp.resolve("clash.jar"), "dev/twinrun/ec2/RunnerMain.class", "mine");
        assertThatThrownBy(() -> new CustomJob(null, clash, "com.acme.MyJob").ec2Jar(runner.toString()))
                .hasMessageContaining("only its own classes");
    }

    @Test
    void badSettingsFailNamingTheKey() {
        assertThatThrownBy(() -> new CustomJob(null, tmp.resolve("none.jar"), "com.acme.MyJob"))
                .hasMessageContaining("-c transformationJar=")
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> new CustomJob(null, tmp, null)).hasMessageContaining("go together");
    }

    private static Path zip(Path file, String entry, String content) throws Exception {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return file;
    }
}

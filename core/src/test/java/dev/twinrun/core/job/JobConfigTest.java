package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobConfigTest {

    @Test
    void defaultsReadFromIncomingAndWriteAtTheTop() {
        JobConfig config = JobConfig.fromEnv(Map.of(JobConfig.BUCKET, "my-bucket"));
        assertThat(config.inputPrefix()).isEqualTo("incoming/");
        assertThat(config.outputPrefix()).isEmpty();
        assertThat(config.inputLocation()).isEqualTo("s3://my-bucket/incoming/");
    }

    @ParameterizedTest(name = "input {0}, output {1} overlap at {2}")
    @CsvSource({
        // outputs under the input prefix: the raw-input expiry deletes them, and they trigger the job
        "incoming/, incoming/out/, incoming/out/insights/",
        "incoming/, incoming/, incoming/insights/",
        // input under an output folder
        "insights/raw/, '', insights/",
        "out/quarantine/, out/, out/quarantine/",
        "_shards/, '', _shards/",
        "_partials/x/, '', _partials/",
        // an empty input prefix (\"/\") holds everything
        "/, '', insights/",
    })
    void rejectsAnInputPrefixThatOverlapsAnOutputFolder(String input, String output, String folder) {
        Map<String, String> env =
                Map.of(JobConfig.BUCKET, "my-bucket", JobConfig.INPUT_PREFIX, input, JobConfig.OUTPUT_PREFIX, output);
        assertThatThrownBy(() -> JobConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + folder + "'")
                .hasMessageContaining("overlap: the raw-input expiry would delete outputs and outputs would trigger");
    }

    @Test
    void theConstructorRejectsAnOverlapToo() {
        assertThatThrownBy(() -> new JobConfig("b", "incoming/", "incoming/out", "ecommerce", "local"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWINRUN_INPUT_PREFIX 'incoming/'")
                .hasMessageContaining("'incoming/out/quarantine/'");
    }

    @ParameterizedTest(name = "input {0}, output {1}")
    @CsvSource({"incoming/, ''", "incoming/, out/", "raw/, incoming/", "incoming/, insights-x/", "in/, inx/"})
    void acceptsSeparatePrefixes(String input, String output) {
        JobConfig config = JobConfig.fromEnv(
                Map.of(JobConfig.BUCKET, "my-bucket", JobConfig.INPUT_PREFIX, input, JobConfig.OUTPUT_PREFIX, output));
        assertThat(config.outputLocation()).isEqualTo("s3://my-bucket/" + output);
    }
}

package dev.twinrun.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.transform.Transformations;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deployment selects a spec job with {@code TWINRUN_JOB_SPEC=path}. */
class SpecSelectionTest {
    @Test
    void theJobSpecVariableSelectsTheSpecTransformation() {
        JobConfig c = JobConfig.fromEnv(
                Map.of(JobConfig.BUCKET, "twinrun-data", JobConfig.JOB_SPEC, "../jobs/ecommerce.json"));
        assertThat(Transformations.byName(c.transformation()).name()).isEqualTo("job:ecommerce");
        assertThat(Transformations.byName(JobConfig.fromEnv(Map.of(JobConfig.BUCKET, "twinrun-data"))
                                .transformation())
                        .name())
                .as("without it, the built-in")
                .isEqualTo("ecommerce");
    }

    @Test
    void aSpecAndANamedTransformationTogetherOrAMissingFileAreConfigurationErrors() {
        assertThatThrownBy(() -> JobConfig.fromEnv(Map.of(
                        JobConfig.BUCKET, "twinrun-data",
                        JobConfig.JOB_SPEC, "job.json",
                        JobConfig.TRANSFORMATION, "ecommerce")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TWINRUN_JOB_SPEC and TWINRUN_TRANSFORMATION are both set");
        assertThatThrownBy(() -> Transformations.byName("no/such/job.json"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("no/such/job.json:1: cannot read the job spec");
    }
}

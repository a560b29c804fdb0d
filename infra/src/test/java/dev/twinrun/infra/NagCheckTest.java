package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/** The nag assertion the stack tests rely on does fail on a non-compliant stack. */
class NagCheckTest {

    @Test
    void aPlainBucketWithoutTlsEnforcementFailsTheNagAssertion() {
        App app = new App();
        Stack stack = new Stack(app, "Insecure");
        new Bucket(stack, "Plain");
        Aspects.of(app).add(new AwsSolutionsChecks());
        assertThatThrownBy(() -> CdkTestSupport.assertNoUnsuppressedNagErrors(stack))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("AwsSolutions-S10");
    }
}

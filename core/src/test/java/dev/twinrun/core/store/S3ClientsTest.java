package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Which credentials the client gets from the environment, without the SDK's default chain where it is not needed. */
class S3ClientsTest {

    @Test
    void keysAndSessionTokenInTheEnvironmentAreUsedAsTheyAreWithoutTheDefaultChain() {
        var provider = S3Clients.credentials(
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "AKIDEXAMPLE",
                        "AWS_SECRET_ACCESS_KEY",
                        "secret",
                        "AWS_SESSION_TOKEN",
                        "tok"),
                null);

        assertThat(provider).isInstanceOf(StaticCredentialsProvider.class);
        AwsCredentials c = provider.resolveCredentials();
        assertThat(c).isInstanceOf(AwsSessionCredentials.class);
        assertThat(c.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(c.secretAccessKey()).isEqualTo("secret");
        assertThat(((AwsSessionCredentials) c).sessionToken()).isEqualTo("tok");
    }

    @Test
    void keysWithoutATokenAreBasicCredentials() {
        AwsCredentials c = S3Clients.credentials(
                        Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"),
                        "http://localhost:9000")
                .resolveCredentials();

        assertThat(c).isNotInstanceOf(AwsSessionCredentials.class);
        assertThat(c.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void aLocalEndpointWithoutKeysGetsDummyKeys() {
        assertThat(S3Clients.credentials(Map.of(), "http://localhost:9000")
                        .resolveCredentials()
                        .accessKeyId())
                .isEqualTo("twinrun");
    }

    @Test
    void withoutKeysOnAwsTheDefaultChainDecides() {
        assertThat(S3Clients.credentials(Map.of(), null)).isInstanceOf(DefaultCredentialsProvider.class);
        // A key id without its secret is not usable on its own: the chain reports what is missing.
        assertThat(S3Clients.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), null))
                .isInstanceOf(DefaultCredentialsProvider.class);
    }
}

package dev.twinrun.core.store;

import java.util.Map;

/**
 * What an environment says about reaching S3, read one way for both transports ({@link S3Clients}, {@link S3Access}).
 *
 * @param endpoint     {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}; null for AWS
 * @param region       {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1
 * @param keyId        {@code AWS_ACCESS_KEY_ID}, or null
 * @param secret       {@code AWS_SECRET_ACCESS_KEY}, or null
 * @param sessionToken {@code AWS_SESSION_TOKEN}, or null
 */
record S3Environment(String endpoint, String region, String keyId, String secret, String sessionToken) {
    static S3Environment of(Map<String, String> env) {
        return new S3Environment(
                firstNonBlank(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL")),
                firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), "us-east-1"),
                firstNonBlank(env.get("AWS_ACCESS_KEY_ID")),
                firstNonBlank(env.get("AWS_SECRET_ACCESS_KEY")),
                firstNonBlank(env.get("AWS_SESSION_TOKEN")));
    }

    /**
     * Whether the environment's keys are the ones to sign with: both set, and no system property {@code
     * aws.accessKeyId}, which comes first in the SDK's default chain (with one set, the chain decides).
     */
    boolean keys() {
        return keyId != null && secret != null && System.getProperty("aws.accessKeyId") == null;
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}

package dev.twinrun.local.lambda;

import static java.util.Objects.requireNonNull;

/**
 * A failed invocation as Lambda reports it: the error type (the runtime's {@code Lambda-Runtime-Function-Error-Type}
 * header, or the platform's own type such as {@code Sandbox.Timedout} or {@code Runtime.ExitError}), and the body.
 */
public record LambdaError(String errorType, String errorMessage, String body) {
    public LambdaError {
        requireNonNull(errorType, "errorType");
        requireNonNull(errorMessage, "errorMessage");
        requireNonNull(body, "body");
    }

    /** An error raised by the platform (not by the function), with its message as the body. */
    static LambdaError platform(String errorType, String errorMessage) {
        return new LambdaError(
                errorType,
                errorMessage,
                "{\"errorType\":\"" + Json.escape(errorType) + "\",\"errorMessage\":\"" + Json.escape(errorMessage)
                        + "\"}");
    }
}

package dev.twinrun.lambda.fanout;

/**
 * A fan-out step could not do its part (bad task input, an unusable input file, a storage failure, shard results
 * that do not match the plan); thrown out of the handler so the Step Functions task fails with this message.
 */
public final class FanoutFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FanoutFailedException(String message) {
        super(message);
    }

    public FanoutFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.twinrun.lambda;

/**
 * An hour could not be processed (an unusable input file or a storage failure); thrown out of the handler so Lambda
 * retries the event and, after the retries, hands it to the on-failure destination.
 */
public final class HourFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HourFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

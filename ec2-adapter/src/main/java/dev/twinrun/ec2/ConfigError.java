package dev.twinrun.ec2;

/** A configuration problem found at start, with a message a person can act on; exits with {@link ExitCode#CONFIG_ERROR}. */
public final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}

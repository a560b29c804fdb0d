package dev.twinrun.core;

import java.util.Objects;

/**
 * A file of the hour cannot be processed at all (empty, missing a required column, ...); nothing is
 * published for that hour. Bad rows are not this: they are quarantined.
 */
public class UnusableInputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String reason;

    public UnusableInputException(String file, String reason) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(reason, "reason"));
        this.file = file;
        this.reason = reason;
    }

    /** The input object, as its store describes it. */
    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}

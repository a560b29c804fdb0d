package dev.twinrun.core.spec;

import dev.twinrun.core.ConfigException;

/** A job spec is invalid; the message names the spec file, the line and what is expected. */
public final class SpecException extends ConfigException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public SpecException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line of the spec the problem is on. */
    public int line() {
        return line;
    }
}

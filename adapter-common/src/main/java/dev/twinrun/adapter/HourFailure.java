package dev.twinrun.adapter;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import java.io.IOException;

/**
 * An hour that could not be processed, after {@link HourRunLog} logged its ERROR line; nothing was published for it,
 * so it stays due. Of the two kinds, {@link Kind#UNUSABLE_INPUT} will fail again until the file is replaced; any other
 * failure (storage, a bug) may pass on a retry.
 */
public final class HourFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the hour failed. */
    public enum Kind {
        /** An input file the job cannot read at all (empty, no header, missing columns). */
        UNUSABLE_INPUT,
        /** Anything else: a storage error (the core wraps them in IOException) or an unexpected exception. */
        OTHER
    }

    private final Kind kind;
    private final transient HourId hour;
    private final String key;

    HourFailure(Kind kind, HourId hour, String key, String message, Exception cause) {
        super(message, cause);
        this.kind = kind;
        this.hour = hour;
        this.key = key;
    }

    public Kind kind() {
        return kind;
    }

    public HourId hour() {
        return hour;
    }

    /** The object to look at: the unusable file, else the run's {@link LogField#KEY}. */
    public String key() {
        return key;
    }

    /** The cause in one line: the unusable input's message, else the exception with its class. */
    public String error() {
        Throwable c = getCause();
        return kind == Kind.UNUSABLE_INPUT ? c.getMessage() : c.toString();
    }

    /** {@code storage failure} for an IOException, {@code unexpected failure} for anything else. */
    static String what(Exception e) {
        if (e instanceof UnusableInputException) {
            return "unusable input";
        }
        return e instanceof IOException ? "storage failure" : "unexpected failure";
    }
}

package dev.twinrun.core.store;

import java.io.IOException;

/**
 * The object is no longer the version the caller listed (S3 answered 412 Precondition Failed to {@code If-Match}),
 * or is gone: the caller read a listing that is out of date and should list again.
 */
public final class ObjectChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectChangedException(String message) {
        super(message);
    }

    public ObjectChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}

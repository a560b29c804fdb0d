package dev.twinrun.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The storage port: a flat key space under one root (a local folder or an S3 bucket and prefix).
 *
 * <p>Keys are relative, use {@code /}, and never escape the root: {@link Keys#check(String)} rejects
 * absolute keys, {@code ..} segments, backslashes and control characters. A {@code put} is atomic:
 * readers see the old object or the whole new one, never a part.
 */
public interface ObjectStore {

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** The object's metadata, or empty when it does not exist. */
    Optional<ObjectInfo> head(String key) throws IOException;

    /** Reads from {@code offset} to the end of the object. */
    InputStream open(String key, long offset) throws IOException;

    default InputStream open(String key) throws IOException {
        return open(key, 0);
    }

    default byte[] read(String key) throws IOException {
        try (InputStream in = open(key, 0)) {
            return in.readAllBytes();
        }
    }

    /** Stores {@code bytes} under {@code key}, replacing any object there, atomically. */
    void put(String key, byte[] bytes) throws IOException;

    /** Stores the content of {@code file} under {@code key}, replacing any object there, atomically. */
    void put(String key, Path file) throws IOException;

    /** Deletes the object; a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Where this store points, for logs and errors: a folder path or {@code s3://bucket/prefix}. */
    String describe();
}

package dev.twinrun.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The storage port: a flat key space under one root (a local folder or an S3 bucket and prefix).
 *
 * <p>Keys are relative, use {@code /}, and never escape the root: {@link Keys#check(String)} rejects
 * absolute keys, {@code ..} segments, backslashes and control characters. A {@code put} is atomic:
 * readers see the old object or the whole new one, never a part.
 *
 * <p>Every object has an entity tag ({@link ObjectInfo#etag()}) that changes whenever its content is replaced: the S3
 * ETag, or for a local folder a digest of the file's identity, modification time and size. Two calls are conditioned
 * on it: {@link #open(String, long, String)} reads only the version that was listed, and {@link #putIf} is a
 * compare-and-swap (S3 {@code If-Match} / {@code If-None-Match: *}).
 */
public interface ObjectStore {

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** The object's metadata, or empty when it does not exist. */
    Optional<ObjectInfo> head(String key) throws IOException;

    /** Reads from {@code offset} to the end of the object. */
    InputStream open(String key, long offset) throws IOException;

    /**
     * Reads from {@code offset} to the end of the object, provided it is still the version whose entity tag is {@code
     * etag} (S3 {@code If-Match}); an empty {@code etag} means any version.
     *
     * @throws ObjectChangedException when the object was replaced or removed since {@code etag} was read
     */
    InputStream open(String key, long offset, String etag) throws IOException;

    /**
     * A digest of the object's content, when the store has one without a request (S3: an ETag that is the MD5 of the
     * bytes; a local folder: the SHA-256 of the file, read from disk): two objects of the same size with equal digests
     * hold the same bytes, with different digests different bytes. Empty (the default) when there is none; comparing
     * contents then means reading the objects.
     */
    default Optional<String> contentDigest(ObjectInfo object) throws IOException {
        return Optional.empty();
    }

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

    /**
     * Stores the content of {@code file} under {@code key}, replacing any object there, atomically, whatever its size
     * (on S3 a file larger than one part goes up as a multipart upload, see {@link #upload}).
     */
    void put(String key, Path file) throws IOException;

    /**
     * Starts writing an object of any size to {@code key} as a stream: nothing is visible under the key until {@link
     * Upload#commit()}, which stores the whole object atomically (replacing any object there); closing the upload
     * without a commit discards what was written. On S3 this is a multipart upload (aborted when not committed); for a
     * local folder, a temporary file renamed into place.
     */
    Upload upload(String key) throws IOException;

    /** An object being written by {@link #upload}; {@link #close()} without {@link #commit()} discards it. */
    interface Upload extends Closeable {
        /** Where the object's bytes go; closing it does not commit. */
        OutputStream stream();

        /** Makes the whole object visible under its key; after it, {@link #close()} does nothing. */
        void commit() throws IOException;

        /** Discards the object unless it was committed. */
        @Override
        void close() throws IOException;
    }

    /**
     * Stores {@code bytes} under {@code key} only when the object there now has entity tag {@code expectedEtag}, or,
     * when {@code expectedEtag} is null, only when there is no object: a compare-and-swap, atomic against every other
     * {@code putIf} of the same key.
     *
     * <p>A store whose client retries may find its own earlier attempt already there (the answer to a put that
     * succeeded was lost): when the key then holds exactly {@code bytes}, the call reports true.
     *
     * @return true when written (or the key already holds exactly these bytes after a retried attempt), false when
     *     the condition did not hold (nothing was written by this call)
     */
    boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException;

    /** Deletes the object; a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Where this store points, for logs and errors: a folder path or {@code s3://bucket/prefix}. */
    String describe();
}

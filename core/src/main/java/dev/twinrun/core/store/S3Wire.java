package dev.twinrun.core.store;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The S3 calls {@link S3ObjectStore} makes, over one transport: the AWS SDK ({@link SdkS3Wire}) or signed requests
 * over the JDK's HTTP connection ({@link HttpS3Wire}). Each call retries as its transport is configured to, then
 * fails with an {@link S3Failure} carrying the HTTP status (or 0 when no answer came).
 */
interface S3Wire extends Closeable {

    /** One object of a listing: its full key, size and ETag as S3 gives it (quoted). */
    record Listed(String key, long size, String etag) {}

    /** A HEAD's answer: size and ETag as S3 gives it (quoted). */
    record Head(long size, String etag) {}

    /** A GET's body: read it, then close it; {@link #abort()} drops the connection instead of draining it. */
    /**
     * An object's bytes as they arrive.
     *
     * @param stream        the bytes
     * @param contentLength the length of this body (the range asked for), or -1 when the answer did not say
     * @param etag          the object's ETag (quoted), or null
     * @param aborter       drops the connection instead of reading the rest to reuse it
     */
    record Body(InputStream stream, long contentLength, String etag, Runnable aborter) implements Closeable {
        void abort() {
            aborter.run();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /**
     * A request body that can be read again for a retry: bytes in memory, or a slice of a file.
     *
     * @param bytes  the body, or null for a file slice
     * @param file   the file, or null
     * @param offset where the slice starts in the file
     * @param length the body's length in bytes
     */
    record Payload(byte[] bytes, Path file, long offset, long length) {
        static Payload of(byte[] bytes) {
            return new Payload(bytes, null, 0, bytes.length);
        }

        static Payload slice(Path file, long offset, long length) {
            return new Payload(null, file, offset, length);
        }

        InputStream open() throws IOException {
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
            SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ);
            ch.position(offset);
            return new BoundedInputStream(Channels.newInputStream(ch), length);
        }
    }

    /** At most {@code length} bytes of a stream. */
    final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Every object whose key starts with {@code prefix}, every page. */
    List<Listed> list(String bucket, String prefix) throws IOException;

    Head head(String bucket, String key) throws IOException;

    /**
     * The object from {@code offset} on ({@code Range: bytes=offset-} when above 0), with {@code If-Match: ifMatch}
     * unless it is null.
     */
    Body get(String bucket, String key, long offset, String ifMatch) throws IOException;

    /**
     * PutObject; with {@code ifMatch} ({@code If-Match}) or, when {@code ifNoneMatch}, {@code If-None-Match: *}.
     */
    void put(String bucket, String key, Payload body, String ifMatch, boolean ifNoneMatch) throws IOException;

    String createMultipart(String bucket, String key) throws IOException;

    /** UploadPart; its ETag. */
    String uploadPart(String bucket, String key, String uploadId, int number, Payload body) throws IOException;

    /** CompleteMultipartUpload with the parts' ETags, part 1 first. */
    void completeMultipart(String bucket, String key, String uploadId, List<String> partEtags) throws IOException;

    void abortMultipart(String bucket, String key, String uploadId) throws IOException;

    void delete(String bucket, String key) throws IOException;

    /** An S3 call that failed: the HTTP status (0 without an answer), S3's error code when it gave one. */
    final class S3Failure extends IOException {
        private final int status;
        private final String code;

        S3Failure(int status, String code, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        /** S3's error code ({@code NoSuchKey}, {@code PreconditionFailed}, ...), or null. */
        String code() {
            return code;
        }

        boolean noSuchKey() {
            return "NoSuchKey".equals(code) || (status == 404 && code == null);
        }
    }
}

package dev.twinrun.core.store;

import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An {@link ObjectStore} over an S3 bucket and prefix, by the AWS SDK v2 client or by signed requests over the JDK's
 * HTTP connection ({@link S3Wire}). Every S3 failure surfaces as an {@link IOException} naming the bucket and key,
 * after the transport's retries.
 */
public final class S3ObjectStore implements ObjectStore {
    private final S3Wire s3;
    private final String bucket;
    private final String prefix;
    private final long partBytes;

    /** A store rooted at {@code prefix} (empty for the whole bucket) of {@code bucket}. */
    public S3ObjectStore(S3Client s3, String bucket, String prefix) {
        this(new SdkS3Wire(s3), bucket, prefix, DEFAULT_PART_BYTES);
    }

    S3ObjectStore(S3Wire s3, String bucket, String prefix) {
        this(s3, bucket, prefix, DEFAULT_PART_BYTES);
    }

    private S3ObjectStore(S3Wire s3, String bucket, String prefix, long partBytes) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Keys.folder(prefix);
        if (!this.prefix.isEmpty()) {
            Keys.check(this.prefix.substring(0, this.prefix.length() - 1));
        }
        if (partBytes < MIN_PART_BYTES || partBytes > MAX_PART_BYTES) {
            throw new IllegalArgumentException("multipart part size must be between " + MIN_PART_BYTES + " and "
                    + MAX_PART_BYTES + " bytes (S3's limits), was " + partBytes);
        }
        this.partBytes = partBytes;
    }

    /**
     * S3's smallest part (all parts but the last, 5 MiB), largest part (5 GiB) and most parts an upload may have
     * (10,000): https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html
     */
    static final long MIN_PART_BYTES = 5L << 20;

    static final long MAX_PART_BYTES = 5L << 30;
    static final int MAX_PARTS = 10_000;

    /** The part size of a multipart upload by default (16 MiB); a file up to one part goes up as one PutObject. */
    public static final long DEFAULT_PART_BYTES = 16L << 20;

    /** This store with parts of {@code bytes} (at least 5 MiB) for {@link #upload} and large {@link #put(String, Path)}. */
    public S3ObjectStore withPartSize(long bytes) {
        return new S3ObjectStore(s3, bucket, prefix, bytes);
    }

    public long partBytes() {
        return partBytes;
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    private String full(String key) {
        return prefix + Keys.check(key);
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        try {
            for (S3Wire.Listed o : s3.list(bucket, prefix + keyPrefix)) {
                String rel = o.key().substring(prefix.length());
                if (!rel.isEmpty() && !rel.endsWith("/")) {
                    out.add(new ObjectInfo(rel, o.size(), stripQuotes(o.etag())));
                }
            }
        } catch (S3Wire.S3Failure e) {
            throw failure("list", prefix + keyPrefix, e);
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    /**
     * The ETag when it is a plain MD5 (32 hex digits, no {@code -N} part count): S3 gives an object uploaded in one
     * request with SSE-S3 or no encryption the MD5 of its data as ETag; a multipart ETag is not one (see
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html, read 2026-12-02). Under SSE-KMS an ETag is
     * not an MD5 either: equal bytes may then look different (a duplicate counted twice), never the reverse.
     */
    @Override
    public Optional<String> contentDigest(ObjectInfo object) {
        return MD5_ETAG.matcher(object.etag()).matches() ? Optional.of(object.etag()) : Optional.empty();
    }

    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-fA-F]{32}");

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        try {
            S3Wire.Head r = s3.head(bucket, full(key));
            return Optional.of(new ObjectInfo(key, r.size(), stripQuotes(r.etag())));
        } catch (S3Wire.S3Failure e) {
            if (e.noSuchKey() || e.status() == 404) {
                return Optional.empty();
            }
            if (e.status() == 403) {
                // Without an unconditioned s3:ListBucket (the deployed roles list by prefix only), S3 answers a
                // missing key with 403: ask the listing, which the prefix condition allows.
                return listExact(key);
            }
            throw failure("head", full(key), e);
        }
    }

    private Optional<ObjectInfo> listExact(String key) throws IOException {
        for (ObjectInfo o : list(key)) {
            if (o.key().equals(key)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        return open(key, offset, "");
    }

    @Override
    public InputStream open(String key, long offset, String etag) throws IOException {
        boolean conditional = etag != null && !etag.isEmpty();
        try {
            S3Wire.Body body = s3.get(bucket, full(key), offset, conditional ? quoted(etag) : null);
            long length = body.contentLength();
            return length < 0 ? new UncheckedBody(body) : new CheckedBody(full(key), body, offset, offset + length);
        } catch (S3Wire.S3Failure e) {
            if (e.noSuchKey()) {
                if (conditional) {
                    throw new ObjectChangedException(
                            "s3://" + bucket + "/" + full(key) + ": removed since it was listed");
                }
                throw new FileNotFoundException("s3://" + bucket + "/" + full(key) + ": no such object");
            }
            if (e.status() == 412) {
                throw new ObjectChangedException(
                        "s3://" + bucket + "/" + full(key) + ": changed since it was listed (ETag is no longer " + etag
                                + ")",
                        e);
            }
            throw failure("get", full(key), e);
        }
    }

    /**
     * {@code PutObject} with {@code If-Match: "etag"}, or {@code If-None-Match: *} when {@code expectedEtag} is null.
     * S3 answers 412 when the condition fails and 409 when a concurrent conditional write of the key won.
     */
    @Override
    public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.put(
                        bucket,
                        full(key),
                        S3Wire.Payload.of(bytes),
                        expectedEtag == null ? null : quoted(expectedEtag),
                        expectedEtag == null);
                return true;
            } catch (S3Wire.S3Failure e) {
                if (e.status() == 412 || e.status() == 409) {
                    // The SDK retries a request whose answer it lost (a timeout on a loaded host): the retry of a put
                    // that had succeeded is refused by its own condition. Our bytes at the key mean we won.
                    return ourBytesAreThere(key, bytes);
                }
                if (!writeCutShort(e)) {
                    throw failure("conditional put", full(key), e);
                }
                // The connection stopped taking the body: the server answered first (a 412, whose answer the HTTP
                // client then loses) or a pooled connection had been closed. What the key holds now tells which.
                Optional<ObjectInfo> now = head(key);
                if (holds(now, bytes)) {
                    return true;
                }
                boolean conditionStillHolds = expectedEtag == null
                        ? now.isEmpty()
                        : now.isPresent() && now.get().etag().equals(stripQuotes(expectedEtag));
                if (!conditionStillHolds) {
                    return false; // another writer won
                }
                if (attempt >= CUT_SHORT_ATTEMPTS) {
                    throw failure("conditional put", full(key), e);
                }
            }
        }
    }

    private boolean ourBytesAreThere(String key, byte[] bytes) throws IOException {
        return holds(head(key), bytes);
    }

    /** Whether the key holds exactly these bytes (a single-part PUT's ETag is their MD5). */
    private static boolean holds(Optional<ObjectInfo> now, byte[] bytes) {
        return now.isPresent() && now.get().etag().equalsIgnoreCase(md5Hex(bytes));
    }

    /** Conditional puts retried here when the body was cut short and the condition still holds. */
    private static final int CUT_SHORT_ATTEMPTS = 3;

    /** A request body the connection stopped taking: the server had answered already, or the connection was gone. */
    private static boolean writeCutShort(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Error writing request body")) {
                return true;
            }
        }
        return false;
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            s3.put(bucket, full(key), S3Wire.Payload.of(bytes), null, false);
        } catch (S3Wire.S3Failure e) {
            throw failure("put", full(key), e);
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        long size = Files.size(file);
        if (size <= partBytes) {
            try {
                s3.put(bucket, full(key), S3Wire.Payload.slice(file, 0, size), null, false);
            } catch (S3Wire.S3Failure e) {
                throw failure("put", full(key), e);
            }
            return;
        }
        // Parts read from the file as the SDK sends them (and again on a retry): nothing of it is held in memory. The
        // part size grows so the file fits in S3's 10,000 parts.
        long part = Math.max(partBytes, ceilToMiB((size + MAX_PARTS - 1) / MAX_PARTS));
        if (part > MAX_PART_BYTES) {
            throw new IOException(file + ": " + size + " bytes is more than one S3 object can hold");
        }
        try (Multipart m = new Multipart(full(key))) {
            for (long offset = 0; offset < size; offset += part) {
                long from = offset;
                long length = Math.min(part, size - offset);
                m.part(S3Wire.Payload.slice(file, from, length));
            }
            m.complete();
        }
    }

    private static long ceilToMiB(long bytes) {
        return (bytes + (1 << 20) - 1) >>> 20 << 20;
    }

    /**
     * An object up to one part goes up as one PutObject at the commit; a larger one as a multipart upload: parts of
     * {@link #partBytes} buffered in memory (the part size doubles every 1,000 parts, so the 10,000-part limit is
     * reached only past 5 TiB, S3's largest object), completed by {@link Upload#commit()}, aborted when closed before.
     */
    @Override
    public Upload upload(String key) throws IOException {
        String fullKey = full(key);
        return new Upload() {
            private Multipart m; // started when the first part is full: a small object is one PutObject
            private long partSize = partBytes;
            private byte[] buffer = new byte[(int) Math.min(partBytes, 1 << 16)];
            private int filled;
            private boolean done;
            private final OutputStream stream = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    if (done) {
                        throw new IOException("upload to s3://" + bucket + "/" + fullKey + " is closed");
                    }
                    while (len > 0) {
                        if (filled == buffer.length) {
                            if (buffer.length < partSize) {
                                buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
                            } else {
                                sendPart();
                            }
                        }
                        int n = Math.min(len, buffer.length - filled);
                        System.arraycopy(b, off, buffer, filled, n);
                        filled += n;
                        off += n;
                        len -= n;
                    }
                }
            };

            private void sendPart() throws IOException {
                if (m == null) {
                    m = new Multipart(fullKey);
                }
                m.part(S3Wire.Payload.of(Arrays.copyOf(buffer, filled)));
                filled = 0;
                int next = m.parts.size() + 1;
                partSize = Math.min(MAX_PART_BYTES, partBytes << Math.min(20, (next - 1) / 1000));
                if (partSize > buffer.length) {
                    buffer = new byte[(int) Math.min(partSize, Integer.MAX_VALUE - 8)];
                }
            }

            @Override
            public OutputStream stream() {
                return stream;
            }

            @Override
            public void commit() throws IOException {
                if (done) {
                    throw new IllegalStateException("upload to s3://" + bucket + "/" + fullKey + " already ended");
                }
                done = true;
                try {
                    if (m == null) {
                        try {
                            s3.put(bucket, fullKey, S3Wire.Payload.of(Arrays.copyOf(buffer, filled)), null, false);
                        } catch (S3Wire.S3Failure e) {
                            throw failure("put", fullKey, e);
                        }
                        return;
                    }
                    if (filled > 0) {
                        sendPart(); // the last part may be short
                    }
                    m.complete();
                } catch (IOException | RuntimeException e) {
                    if (m != null) {
                        try {
                            m.close();
                        } catch (IOException abort) {
                            e.addSuppressed(abort);
                        }
                    }
                    throw e;
                } finally {
                    buffer = null;
                }
            }

            @Override
            public void close() throws IOException {
                if (!done) {
                    done = true;
                    buffer = null;
                    if (m != null) {
                        m.close();
                    }
                }
            }
        };
    }

    /** CreateMultipartUpload, then UploadPart each part, then CompleteMultipartUpload; AbortMultipartUpload when closed
     * before completing. */
    private final class Multipart implements AutoCloseable {
        final String fullKey;
        final String uploadId;
        final List<String> parts = new ArrayList<>();
        private boolean completed;

        Multipart(String fullKey) throws IOException {
            this.fullKey = fullKey;
            try {
                this.uploadId = s3.createMultipart(bucket, fullKey);
            } catch (S3Wire.S3Failure e) {
                throw failure("create multipart upload", fullKey, e);
            }
        }

        void part(S3Wire.Payload body) throws IOException {
            if (parts.size() >= MAX_PARTS) {
                throw new IOException("s3://" + bucket + "/" + fullKey + ": more than " + MAX_PARTS + " parts");
            }
            int number = parts.size() + 1;
            try {
                parts.add(s3.uploadPart(bucket, fullKey, uploadId, number, body));
            } catch (S3Wire.S3Failure e) {
                throw failure("upload part " + number, fullKey, e);
            }
        }

        void complete() throws IOException {
            try {
                s3.completeMultipart(bucket, fullKey, uploadId, parts);
                completed = true;
            } catch (S3Wire.S3Failure e) {
                throw failure("complete multipart upload", fullKey, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (completed) {
                return;
            }
            completed = true;
            try {
                s3.abortMultipart(bucket, fullKey, uploadId);
            } catch (S3Wire.S3Failure e) {
                // The parts stay until the bucket's lifecycle rule for incomplete uploads removes them.
                throw failure("abort multipart upload " + uploadId, fullKey, e);
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.delete(bucket, full(key));
        } catch (S3Wire.S3Failure e) {
            throw failure("delete", full(key), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    /**
     * An object body read to its Content-Length. The HTTP client returns a body cut short (a dropped
     * connection) as a normal end of stream, which would silently lose rows; so a short body, or one that
     * fails mid-read, is resumed from where it stopped (same ETag) up to {@link #RESUMES} times, then
     * reported as an error. Closed before its end (a parser that stops at its range), it is aborted: closing
     * would make the HTTP client drain the rest of the object to reuse the connection.
     */
    private final class CheckedBody extends InputStream {
        static final int RESUMES = 3;
        private final String fullKey;
        private final String etag;
        private final long end;
        private S3Wire.Body body;
        private InputStream in;
        private long pos;
        private int resumes;

        CheckedBody(String fullKey, S3Wire.Body body, long pos, long end) {
            this.fullKey = fullKey;
            this.body = body;
            this.in = body.stream();
            this.pos = pos;
            this.end = end;
            this.etag = body.etag();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (IOException e) {
                    resume(e);
                    continue;
                }
                if (n > 0) {
                    pos += n;
                    return n;
                }
                if (n < 0 && pos < end) {
                    resume(null);
                    continue;
                }
                return n;
            }
        }

        private void resume(IOException cause) throws IOException {
            body.abort();
            if (resumes++ >= RESUMES || pos >= end) {
                throw new IOException(
                        "S3 get s3://" + bucket + "/" + fullKey + ": body ended at byte " + pos + " of " + end
                                + " after " + RESUMES + " resumes",
                        cause);
            }
            try {
                body = s3.get(bucket, fullKey, pos, etag);
                in = body.stream();
            } catch (S3Wire.S3Failure e) {
                throw failure("get (resume at byte " + pos + ")", fullKey, e);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            if (pos < end) {
                body.abort();
            }
            body.close();
        }
    }

    /** A body without a Content-Length: aborted, not drained, when closed with bytes left unread. */
    private static final class UncheckedBody extends FilterInputStream {
        private final S3Wire.Body body;

        UncheckedBody(S3Wire.Body body) {
            super(body.stream());
            this.body = body;
        }

        @Override
        public void close() throws IOException {
            try {
                if (in.available() > 0 || in.read() != -1) {
                    body.abort();
                }
            } catch (IOException e) {
                body.abort();
            }
            body.close();
        }
    }

    private IOException failure(String op, String fullKey, S3Wire.S3Failure e) {
        return new IOException("S3 " + op + " s3://" + bucket + "/" + fullKey + " failed: " + e.getMessage(), e);
    }

    private static String stripQuotes(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }
}

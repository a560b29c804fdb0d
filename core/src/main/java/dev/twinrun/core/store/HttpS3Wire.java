package dev.twinrun.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link S3Wire} as signed REST calls over the JDK's {@link HttpURLConnection}, without the AWS SDK: what the Lambda
 * function uses, since an hourly function starts cold every hour and the SDK's client and request pipeline are about
 * 1,600 classes to load, most of them in the billed first invocation (lambda-adapter/BENCHMARKS-lambda.md).
 *
 * <p>The REST calls are those of the S3 API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/, read
 * 2026-12-02): ListObjectsV2 ({@code encoding-type=url}), HeadObject, GetObject (ranged, {@code If-Match}), PutObject
 * ({@code If-Match}, {@code If-None-Match: *}), the multipart calls and DeleteObject, signed with {@link SigV4}. Every
 * body sent is signed by its SHA-256 ({@code x-amz-content-sha256}), which S3 checks before it stores the object: the
 * upload integrity check the SDK makes with a CRC32. A download is checked for length by {@link S3ObjectStore}.
 *
 * <p>Addressing: virtual-hosted ({@code https://bucket.s3.region.amazonaws.com/key}, {@code .amazonaws.com.cn} in
 * China), path-style for a bucket name with a dot (its name would not match the TLS certificate) and for an explicit
 * endpoint (LocalStack, s3proxy, MinIO). Retries as the SDK's standard mode: the given number of attempts for a lost
 * connection, a 5xx, a 429 or S3's {@code RequestTimeout}, with full-jitter exponential backoff from 100 ms (1 s when
 * throttled) up to 20 s. Timeouts: connect 5 s, each read 60 s.
 */
final class HttpS3Wire implements S3Wire {
    private final URI endpoint;
    private final SigV4 signer;
    private final int maxAttempts;

    /**
     * @param endpoint    an explicit endpoint (path-style), or null for AWS in the signer's region
     * @param signer      the credentials and region
     * @param maxAttempts attempts per call, the first included
     */
    HttpS3Wire(URI endpoint, SigV4 signer, int maxAttempts) {
        this.endpoint = endpoint;
        this.signer = signer;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    @Override
    public List<Listed> list(String bucket, String prefix) throws IOException {
        List<Listed> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            query.put("encoding-type", "url");
            if (token != null) {
                query.put("continuation-token", token);
            }
            String xml = text(call("GET", bucket, "", query, Map.of(), null));
            boolean urlEncoded = "url".equals(element(xml, "EncodingType", 0));
            for (int at = xml.indexOf("<Contents>"); at >= 0; at = xml.indexOf("<Contents>", at + 1)) {
                int end = xml.indexOf("</Contents>", at);
                String one = xml.substring(at, end < 0 ? xml.length() : end);
                String key = element(one, "Key", 0);
                if (key == null) {
                    throw new S3Failure(200, null, "ListObjectsV2 answered an object without a key: " + one, null);
                }
                String size = element(one, "Size", 0);
                out.add(new Listed(
                        urlEncoded ? URLDecoder.decode(key, StandardCharsets.UTF_8) : key,
                        size == null ? 0 : Long.parseLong(size.strip()),
                        element(one, "ETag", 0)));
            }
            token = "true".equals(element(xml, "IsTruncated", 0)) ? element(xml, "NextContinuationToken", 0) : null;
        } while (token != null);
        return out;
    }

    @Override
    public Head head(String bucket, String key) throws IOException {
        HttpURLConnection c = call("HEAD", bucket, key, Map.of(), Map.of(), null);
        try {
            String length = c.getHeaderField("Content-Length");
            return new Head(length == null ? 0 : Long.parseLong(length.strip()), c.getHeaderField("ETag"));
        } finally {
            drain(c);
        }
    }

    @Override
    public Body get(String bucket, String key, long offset, String ifMatch) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        if (offset > 0) {
            headers.put("range", "bytes=" + offset + "-");
        }
        if (ifMatch != null) {
            headers.put("if-match", ifMatch);
        }
        HttpURLConnection c = call("GET", bucket, key, Map.of(), headers, null);
        String length = c.getHeaderField("Content-Length");
        InputStream in = c.getInputStream();
        return new Body(
                in,
                length == null ? -1 : Long.parseLong(length.strip()),
                c.getHeaderField("ETag"),
                c::disconnect); // closes the socket instead of reading the rest to reuse it
    }

    @Override
    public void put(String bucket, String key, Payload body, String ifMatch, boolean ifNoneMatch) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        if (ifNoneMatch) {
            headers.put("if-none-match", "*");
        } else if (ifMatch != null) {
            headers.put("if-match", ifMatch);
        }
        drain(call("PUT", bucket, key, Map.of(), headers, body));
    }

    @Override
    public String createMultipart(String bucket, String key) throws IOException {
        String xml = text(call("POST", bucket, key, Map.of("uploads", ""), Map.of(), Payload.of(new byte[0])));
        String id = element(xml, "UploadId", 0);
        if (id == null) {
            throw new S3Failure(200, null, "CreateMultipartUpload answered no UploadId: " + xml, null);
        }
        return id;
    }

    @Override
    public String uploadPart(String bucket, String key, String uploadId, int number, Payload body) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(number));
        query.put("uploadId", uploadId);
        HttpURLConnection c = call("PUT", bucket, key, query, Map.of(), body);
        String etag = c.getHeaderField("ETag");
        drain(c);
        if (etag == null) {
            throw new S3Failure(200, null, "UploadPart " + number + " answered no ETag", null);
        }
        return etag;
    }

    @Override
    public void completeMultipart(String bucket, String key, String uploadId, List<String> partEtags)
            throws IOException {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < partEtags.size(); i++) {
            xml.append("<Part><PartNumber>")
                    .append(i + 1)
                    .append("</PartNumber><ETag>")
                    .append(escape(partEtags.get(i)))
                    .append("</ETag></Part>");
        }
        xml.append("</CompleteMultipartUpload>");
        Payload body = Payload.of(xml.toString().getBytes(StandardCharsets.UTF_8));
        for (int attempt = 1; ; attempt++) {
            try {
                text(call("POST", bucket, key, Map.of("uploadId", uploadId), Map.of(), body));
                return;
            } catch (S3Failure f) {
                // S3 may answer 200 and then put an error in the body (it sends the status before the work is
                // done); such an answer is retried as the SDK retries it. Failures of the call were retried in call.
                if (f.status() != 200 || !retryableCode(f.code()) || attempt >= maxAttempts) {
                    throw f;
                }
                sleep(backoffMs(attempt, throttled(f)));
            }
        }
    }

    @Override
    public void abortMultipart(String bucket, String key, String uploadId) throws IOException {
        drain(call("DELETE", bucket, key, Map.of("uploadId", uploadId), Map.of(), null));
    }

    @Override
    public void delete(String bucket, String key) throws IOException {
        drain(call("DELETE", bucket, key, Map.of(), Map.of(), null));
    }

    @Override
    public void close() {}

    /** Base of the backoff (ms), doubled per attempt, and its cap: the SDK's standard retry mode. */
    static final long BACKOFF_BASE_MS = 100;

    static final long THROTTLED_BACKOFF_BASE_MS = 1_000;
    static final long BACKOFF_MAX_MS = 20_000;

    /**
     * One call, retried: the connection with a 2xx answer, its body unread. A CompleteMultipartUpload can answer 200
     * with an error in its body (S3 sends the status before the work is done); that is checked by {@link #text}.
     */
    private HttpURLConnection call(
            String method,
            String bucket,
            String key,
            Map<String, String> query,
            Map<String, String> extra,
            Payload body)
            throws IOException {
        String payloadHash = body == null ? SigV4.EMPTY_SHA256 : sha256(body);
        for (int attempt = 1; ; attempt++) {
            S3Failure failure;
            HttpURLConnection c = null;
            try {
                c = open(method, bucket, key, query, extra, body, payloadHash);
                int status = c.getResponseCode();
                if (status >= 200 && status < 300) {
                    return c;
                }
                failure = error(c, status, method, bucket, key);
            } catch (IOException e) {
                if (c != null) {
                    c.disconnect();
                }
                failure = new S3Failure(0, null, method + " " + bucket + "/" + key + ": " + e, e);
            }
            if (!retryable(failure) || attempt >= maxAttempts) {
                throw failure;
            }
            sleep(backoffMs(attempt, throttled(failure)));
        }
    }

    private HttpURLConnection open(
            String method,
            String bucket,
            String key,
            Map<String, String> query,
            Map<String, String> extra,
            Payload body,
            String payloadHash)
            throws IOException {
        String path;
        String host;
        String scheme;
        boolean virtual = endpoint == null && bucket.indexOf('.') < 0;
        if (endpoint == null) {
            scheme = "https";
            String domain = "s3." + signer.region() + ".amazonaws.com"
                    + (signer.region().startsWith("cn-") ? ".cn" : "");
            host = virtual ? bucket + "." + domain : domain;
        } else {
            scheme = endpoint.getScheme();
            host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        }
        String base = endpoint == null || endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        path = base + (virtual ? "" : "/" + SigV4.encode(bucket, true)) + "/" + SigV4.encode(key, false);
        TreeMap<String, String> headers = new TreeMap<>(extra);
        headers.put("host", host);
        if (body != null) {
            headers.put("content-type", method.equals("POST") ? "application/xml" : "application/octet-stream");
        }
        signer.sign(method, path, query, headers, payloadHash, Instant.now());
        String q = SigV4.canonicalQuery(query);
        HttpURLConnection c = (HttpURLConnection)
                new URL(scheme + "://" + host + path + (q.isEmpty() ? "" : "?" + q)).openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(60_000);
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        headers.forEach((name, value) -> {
            if (!name.equals("host")) {
                c.setRequestProperty(name, value);
            }
        });
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length());
            try (InputStream in = body.open();
                    OutputStream out = c.getOutputStream()) {
                in.transferTo(out);
            }
        }
        return c;
    }

    private static S3Failure error(HttpURLConnection c, int status, String method, String bucket, String key) {
        String xml = "";
        try (InputStream err = c.getErrorStream()) {
            if (err != null) {
                xml = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // the status says enough
        }
        return failure(status, xml, method + " " + bucket + "/" + key + ": HTTP " + status);
    }

    /** The failure an S3 error document describes: {@code what}, then its {@code Code} and {@code Message}. */
    private static S3Failure failure(int status, String xml, String what) {
        String code = element(xml, "Code", 0);
        String message = element(xml, "Message", 0);
        return new S3Failure(
                status, code, what + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message), null);
    }

    private static boolean retryable(S3Failure f) {
        int s = f.status();
        return s == 0 || s == 429 || s >= 500 || retryableCode(f.code());
    }

    /** Error codes worth another attempt whatever the status (a 200 whose body is an error included). */
    private static boolean retryableCode(String code) {
        return "RequestTimeout".equals(code) || "SlowDown".equals(code) || "InternalError".equals(code);
    }

    private static boolean throttled(S3Failure f) {
        return f.status() == 429 || "SlowDown".equals(f.code());
    }

    /** Full jitter: a random wait up to min(cap, base * 2^(attempt - 1)). */
    static long backoffMs(int attempt, boolean throttled) {
        long base = throttled ? THROTTLED_BACKOFF_BASE_MS : BACKOFF_BASE_MS;
        long ceiling = Math.min(BACKOFF_MAX_MS, base << Math.min(20, attempt - 1));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry an S3 call");
        }
    }

    /** The answer's body as text; an error S3 put in a 200's body becomes an {@link S3Failure}. */
    private static String text(HttpURLConnection c) throws IOException {
        String xml;
        try (InputStream in = c.getInputStream()) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (xml.contains("<Error>")) {
            throw failure(200, xml, "S3 answered 200 with an error:");
        }
        return xml;
    }

    /** Reads what is left of an answer, so its connection can be kept for the next call. */
    private static void drain(HttpURLConnection c) throws IOException {
        try (InputStream in = c.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static String sha256(Payload body) throws IOException {
        if (body.bytes() != null) {
            return SigV4.sha256Hex(body.bytes());
        }
        MessageDigest d = SigV4.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = body.open()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** The text of the {@code n}th (from 0) element {@code name} in {@code xml}, entities decoded; null if none. */
    static String element(String xml, String name, int n) {
        String open = "<" + name + ">";
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = xml.indexOf(open, at + 1);
            if (at < 0) {
                return null;
            }
        }
        int from = at + open.length();
        int to = xml.indexOf("</" + name + ">", from);
        return to < 0 ? null : unescape(xml.substring(from, to));
    }

    /** XML's five entities and numeric references. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            int semi = ch == '&' ? s.indexOf(';', i) : -1;
            if (semi < 0) {
                out.append(ch);
                continue;
            }
            String entity = s.substring(i + 1, semi);
            switch (entity) {
                case "quot" -> out.append('"');
                case "amp" -> out.append('&');
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "apos" -> out.append('\'');
                default -> {
                    if (entity.startsWith("#x") || entity.startsWith("#X")) {
                        out.appendCodePoint(Integer.parseInt(entity.substring(2), 16));
                    } else if (entity.startsWith("#")) {
                        out.appendCodePoint(Integer.parseInt(entity.substring(1)));
                    } else {
                        out.append(ch);
                        continue;
                    }
                }
            }
            i = semi;
        }
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

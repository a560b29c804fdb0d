package dev.twinrun.core.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests, in the {@code Authorization} header: the canonical request, the string to
 * sign and the signing key as the S3 API reference gives them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, read 2026-12-02; its four worked
 * examples are this class's tests).
 *
 * @param accessKeyId     the key id
 * @param secretAccessKey the secret
 * @param sessionToken    the session token of temporary credentials (Lambda's execution role), or null
 * @param region          the region the request is signed for
 */
record SigV4(String accessKeyId, String secretAccessKey, String sessionToken, String region) {
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String toString() {
        return "SigV4[" + accessKeyId + ", " + region + "]"; // never the secret
    }

    /**
     * Adds {@code x-amz-date}, {@code x-amz-content-sha256}, {@code x-amz-security-token} (with a session token) and
     * {@code Authorization} to {@code headers}, signing every header in it.
     *
     * @param canonicalPath the path, each segment already URI-encoded ({@link #encode(String, boolean)})
     * @param query         the query parameters, not encoded; an empty value is written {@code name=}
     * @param headers       the headers to sign, {@code host} among them; lower-case names
     * @param payloadSha256 the hex SHA-256 of the body
     */
    void sign(
            String method,
            String canonicalPath,
            Map<String, String> query,
            TreeMap<String, String> headers,
            String payloadSha256,
            Instant time) {
        String stamp = STAMP.format(time);
        String day = stamp.substring(0, 8);
        headers.put("x-amz-date", stamp);
        headers.put("x-amz-content-sha256", payloadSha256);
        if (sessionToken != null) {
            headers.put("x-amz-security-token", sessionToken);
        }
        StringBuilder canonical = new StringBuilder(256)
                .append(method)
                .append('\n')
                .append(canonicalPath)
                .append('\n')
                .append(canonicalQuery(query))
                .append('\n');
        StringBuilder signed = new StringBuilder();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            canonical
                    .append(h.getKey())
                    .append(':')
                    .append(h.getValue().strip())
                    .append('\n');
            signed.append(signed.isEmpty() ? "" : ";").append(h.getKey());
        }
        canonical.append('\n').append(signed).append('\n').append(payloadSha256);
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + sha256Hex(bytes(canonical.toString()));
        byte[] key = hmac(bytes("AWS4" + secretAccessKey), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(key, toSign));
        headers.put(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ",SignedHeaders=" + signed + ",Signature="
                        + signature);
    }

    /** The query string as signed and as sent: names and values encoded, sorted by name. */
    static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>();
        query.forEach((k, v) -> sorted.put(encode(k, true), encode(v, true)));
        StringBuilder out = new StringBuilder();
        sorted.forEach((k, v) ->
                out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return out.toString();
    }

    /**
     * URI-encodes {@code s} as SigV4 does: every byte but the unreserved {@code A-Z a-z 0-9 - _ . ~} as {@code %XY}
     * (upper-case hex), and {@code /} too when {@code slash} is set (a query value; a path keeps its slashes).
     */
    static String encode(String s, boolean slash) {
        byte[] b = bytes(s);
        StringBuilder out = new StringBuilder(b.length + 8);
        for (byte x : b) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (c == '/' && !slash)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

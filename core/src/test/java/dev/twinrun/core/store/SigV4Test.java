package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The four worked examples of the S3 API reference's "Examples: Signature calculations"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, read 2026-12-02): their keys,
 * requests and signatures.
 */
class SigV4Test {
    private static final SigV4 EXAMPLE =
            new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, "us-east-1");
    private static final Instant WHEN = Instant.parse("2013-05-24T00:00:00Z");
    private static final String HOST = "examplebucket.s3.amazonaws.com";

    @Test
    void getObjectWithARange() {
        TreeMap<String, String> h = headers();
        h.put("range", "bytes=0-9");
        EXAMPLE.sign("GET", "/test.txt", Map.of(), h, SigV4.EMPTY_SHA256, WHEN);
        assertThat(h.get("authorization"))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(h).containsEntry("x-amz-date", "20130524T000000Z");
    }

    @Test
    void putObjectWithAKeyToEncodeAndASignedBody() {
        byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        String hash = SigV4.sha256Hex(body);
        assertThat(hash).isEqualTo("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        TreeMap<String, String> h = headers();
        h.put("date", "Fri, 24 May 2013 00:00:00 GMT");
        h.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        String path = "/" + SigV4.encode("test$file.text", false);
        assertThat(path).isEqualTo("/test%24file.text");
        EXAMPLE.sign("PUT", path, Map.of(), h, hash, WHEN);
        assertThat(h.get("authorization"))
                .endsWith("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                        + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }

    @Test
    void aSubresourceWithoutAValue() {
        TreeMap<String, String> h = headers();
        EXAMPLE.sign("GET", "/", Map.of("lifecycle", ""), h, SigV4.EMPTY_SHA256, WHEN);
        assertThat(h.get("authorization"))
                .endsWith("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    }

    @Test
    void aListingWithItsQuerySortedByName() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("prefix", "J"); // out of order: the canonical query sorts them
        query.put("max-keys", "2");
        TreeMap<String, String> h = headers();
        EXAMPLE.sign("GET", "/", query, h, SigV4.EMPTY_SHA256, WHEN);
        assertThat(SigV4.canonicalQuery(query)).isEqualTo("max-keys=2&prefix=J");
        assertThat(h.get("authorization"))
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void temporaryCredentialsSignTheirSessionToken() {
        SigV4 withToken = new SigV4(EXAMPLE.accessKeyId(), EXAMPLE.secretAccessKey(), "token/+=", "us-east-1");
        TreeMap<String, String> h = headers();
        withToken.sign("GET", "/test.txt", Map.of(), h, SigV4.EMPTY_SHA256, WHEN);
        assertThat(h).containsEntry("x-amz-security-token", "token/+=");
        assertThat(h.get("authorization"))
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
        TreeMap<String, String> without = headers();
        EXAMPLE.sign("GET", "/test.txt", Map.of(), without, SigV4.EMPTY_SHA256, WHEN);
        assertThat(h.get("authorization")).isNotEqualTo(without.get("authorization"));
        assertThat(withToken.toString()).doesNotContain(EXAMPLE.secretAccessKey());
    }

    @Test
    void encodingKeepsOnlyTheUnreservedCharacters() {
        assertThat(SigV4.encode("dt=2026-12-02/hour=13/a b+c~é.csv", false))
                .isEqualTo("dt%3D2026-12-02/hour%3D13/a%20b%2Bc~%C3%A9.csv");
        assertThat(SigV4.encode("a/b", true)).isEqualTo("a%2Fb");
    }

    private static TreeMap<String, String> headers() {
        TreeMap<String, String> h = new TreeMap<>();
        h.put("host", HOST);
        return h;
    }
}

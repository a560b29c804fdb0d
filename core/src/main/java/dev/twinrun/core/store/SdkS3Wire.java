package dev.twinrun.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link S3Wire} over the AWS SDK v2 client (its retries, its checksums). */
final class SdkS3Wire implements S3Wire {
    private final S3Client s3;

    SdkS3Wire(S3Client s3) {
        this.s3 = s3;
    }

    S3Client client() {
        return s3;
    }

    @Override
    public List<Listed> list(String bucket, String prefix) throws IOException {
        try {
            List<Listed> out = new ArrayList<>();
            ListObjectsV2Request req =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (S3Object o : s3.listObjectsV2Paginator(req).contents()) {
                out.add(new Listed(o.key(), o.size() == null ? 0 : o.size(), o.eTag()));
            }
            return out;
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public Head head(String bucket, String key) throws IOException {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            return new Head(r.contentLength() == null ? 0 : r.contentLength(), r.eTag());
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public Body get(String bucket, String key, long offset, String ifMatch) throws IOException {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0) {
            req.range("bytes=" + offset + "-");
        }
        if (ifMatch != null) {
            req.ifMatch(ifMatch);
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(req.build());
        } catch (SdkException e) {
            throw failure(e);
        }
        Long length = in.response().contentLength();
        return new Body(in, length == null ? -1 : length, in.response().eTag(), in::abort);
    }

    @Override
    public void put(String bucket, String key, Payload body, String ifMatch, boolean ifNoneMatch) throws IOException {
        try {
            s3.putObject(
                    b -> {
                        b.bucket(bucket).key(key);
                        if (ifNoneMatch) {
                            b.ifNoneMatch("*");
                        } else if (ifMatch != null) {
                            b.ifMatch(ifMatch);
                        }
                    },
                    requestBody(body));
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public String createMultipart(String bucket, String key) throws IOException {
        try {
            return s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public String uploadPart(String bucket, String key, String uploadId, int number, Payload body) throws IOException {
        try {
            return s3.uploadPart(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength(body.length()),
                            requestBody(body))
                    .eTag();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public void completeMultipart(String bucket, String key, String uploadId, List<String> partEtags)
            throws IOException {
        List<CompletedPart> parts = new ArrayList<>(partEtags.size());
        for (int i = 0; i < partEtags.size(); i++) {
            parts.add(CompletedPart.builder()
                    .partNumber(i + 1)
                    .eTag(partEtags.get(i))
                    .build());
        }
        try {
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(u -> u.parts(parts)));
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public void abortMultipart(String bucket, String key, String uploadId) throws IOException {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public void delete(String bucket, String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private static RequestBody requestBody(Payload body) {
        if (body.bytes() != null) {
            return RequestBody.fromBytes(body.bytes());
        }
        return RequestBody.fromContentProvider(
                () -> {
                    try {
                        return body.open();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                body.length(),
                "application/octet-stream");
    }

    private static S3Failure failure(SdkException e) {
        if (e instanceof S3Exception s) {
            String code =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            return new S3Failure(s.statusCode(), code, e.getMessage(), e);
        }
        return new S3Failure(0, null, e.getMessage(), e);
    }
}

package dev.twinrun.ec2;

import java.io.FilterInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wraps an S3 client to note when the job first reads input bytes from an object body: the moment
 * the first row starts being parsed, for the "JVM start to first row" figure. Everything else is
 * passed through unchanged.
 */
public final class FirstByteProbe {
    private final AtomicLong firstReadEpochMs = new AtomicLong(-1);

    /** The wrapped client; closing it closes the original. */
    public S3Client wrap(S3Client delegate) {
        InvocationHandler h = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof ResponseInputStream<?> in && method.getName().startsWith("getObject")) {
                return rewrap(in);
            }
            return result;
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, h);
    }

    private <T> ResponseInputStream<T> rewrap(ResponseInputStream<T> in) {
        return new ResponseInputStream<>(in.response(), new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                noteFirstRead();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                noteFirstRead();
                return super.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        });
    }

    private void noteFirstRead() {
        if (firstReadEpochMs.get() < 0) {
            firstReadEpochMs.compareAndSet(-1, System.currentTimeMillis());
        }
    }

    /** Wall-clock epoch ms of the first read of any object body, or -1 when nothing was read. */
    public long firstReadEpochMs() {
        return firstReadEpochMs.get();
    }
}

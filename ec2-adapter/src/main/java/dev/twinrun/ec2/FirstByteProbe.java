package dev.twinrun.ec2;

import java.io.FilterInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Wraps an S3 client to note when the job first reads bytes of an input object: the moment the first
 * row starts being parsed, for the "JVM start to first row" figure. Reads of other objects (manifests,
 * the previous summary) do not count. Everything is passed through unchanged.
 */
public final class FirstByteProbe {
    private final AtomicLong firstReadEpochMs = new AtomicLong(-1);
    private final Predicate<String> isInput;

    /** @param isInput whether an object key is input (under the input prefix, not an output) */
    public FirstByteProbe(Predicate<String> isInput) {
        this.isInput = isInput;
    }

    /** The wrapped client; closing it closes the original. */
    public S3Client wrap(S3Client delegate) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.isDefault()
                    && method.getParameterCount() > 0
                    && method.getParameterTypes()[0] == Consumer.class) {
                // builder-lambda overloads build the request and call the request overload: on this proxy
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object result;
            try {
                result = method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof ResponseInputStream<?> in
                    && method.getName().startsWith("getObject")
                    && args != null
                    && args.length > 0
                    && args[0] instanceof GetObjectRequest req
                    && isInput.test(req.key())) {
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

package dev.twinrun.core.reliability;

import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that counts requests by kind and, optionally, adds a fixed latency to each (as a remote object store's
 * time to first byte): the request count and the wall time of many small requests can then be measured locally.
 */
final class CountingStore implements ObjectStore {
    private final ObjectStore d;
    private final long latencyMs;
    final AtomicLong gets = new AtomicLong();
    final AtomicLong heads = new AtomicLong();
    final AtomicLong lists = new AtomicLong();
    final AtomicLong puts = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();

    CountingStore(ObjectStore d, long latencyMs) {
        this.d = d;
        this.latencyMs = latencyMs;
    }

    long requests() {
        return gets.get() + heads.get() + lists.get() + puts.get() + deletes.get();
    }

    private void request(AtomicLong counter) throws IOException {
        counter.incrementAndGet();
        if (latencyMs > 0) {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        request(lists);
        return d.list(prefix);
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        request(heads);
        return d.head(key);
    }

    /** Not a request: the store's digest comes with the listing (S3) or from the disk (a local folder). */
    @Override
    public Optional<String> contentDigest(ObjectInfo object) throws IOException {
        return d.contentDigest(object);
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        request(gets);
        return d.open(key, offset);
    }

    @Override
    public InputStream open(String key, long offset, String etag) throws IOException {
        request(gets);
        return d.open(key, offset, etag);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        request(puts);
        d.put(key, bytes);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        request(puts);
        d.put(key, file);
    }

    @Override
    public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
        request(puts);
        return d.putIf(key, bytes, expectedEtag);
    }

    @Override
    public Upload upload(String key) throws IOException {
        request(puts);
        return d.upload(key);
    }

    @Override
    public void delete(String key) throws IOException {
        request(deletes);
        d.delete(key);
    }

    @Override
    public String describe() {
        return d.describe();
    }
}

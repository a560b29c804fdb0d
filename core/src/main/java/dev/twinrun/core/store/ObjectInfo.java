package dev.twinrun.core.store;

import java.util.Objects;

/** One stored object: its key relative to the store's root, its size, and its entity tag where the store has one. */
public record ObjectInfo(String key, long sizeBytes, String etag) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes < 0: " + sizeBytes);
        }
        etag = etag == null ? "" : etag;
    }
}

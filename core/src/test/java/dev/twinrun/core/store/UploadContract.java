package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** What every store must do with a streamed upload: nothing visible before the commit, the whole object after. */
final class UploadContract {
    private UploadContract() {}

    /** Streams {@code bytes} random bytes (several parts on S3) and checks the commit and the discard. */
    static void check(ObjectStore store, int bytes) throws Exception {
        byte[] content = new byte[bytes];
        new Random(7).nextBytes(content);
        String key = "up/big.bin";
        store.put(key, "old".getBytes());
        try (ObjectStore.Upload u = store.upload(key)) {
            OutputStream out = u.stream();
            for (int off = 0; off < content.length; off += 777_777) {
                out.write(content, off, Math.min(777_777, content.length - off));
                assertThat(store.read(key))
                        .as("the old object until the commit")
                        .isEqualTo("old".getBytes());
            }
            out.close();
            assertThat(store.read(key)).as("closing the stream does not commit").isEqualTo("old".getBytes());
            u.commit();
        }
        assertThat(store.read(key)).as("the whole object after the commit").isEqualTo(content);

        try (ObjectStore.Upload u = store.upload("up/discarded.bin")) {
            u.stream().write(content, 0, content.length / 2);
        }
        assertThat(store.head("up/discarded.bin"))
                .as("an upload closed without a commit stores nothing")
                .isEmpty();
        assertThat(store.list("up/")).extracting(ObjectInfo::key).containsExactly("up/big.bin");

        try (ObjectStore.Upload u = store.upload("up/empty.bin")) {
            u.commit();
        }
        assertThat(store.read("up/empty.bin")).as("an empty upload").isEmpty();

        Path file = Files.createTempFile("twinrun-upload", ".bin");
        try {
            Files.write(file, content);
            store.put("up/from-file.bin", file);
            assertThat(store.read("up/from-file.bin")).as("a large file put").isEqualTo(content);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

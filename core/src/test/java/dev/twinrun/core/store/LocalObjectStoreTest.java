package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {
    @TempDir
    Path tmp;

    @Test
    void anUploadIsVisibleWholeOnlyAfterItsCommit(@TempDir Path dir) throws Exception {
        UploadContract.check(new LocalObjectStore(dir), 3_000_000);
    }

    @Test
    void conditionalPutAndConditionalGet() throws Exception {
        ConditionalStoreContract.check(new LocalObjectStore(tmp));
    }

    /** A file corrected in place by an editor, same size, keeps its inode: the modification time tells. */
    @Test
    void aFileRewrittenInPlaceWithTheSameSizeHasAnotherEntityTag() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp);
        store.put("dt=2026-11-26/hour=13/a.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        Path file = tmp.resolve("dt=2026-11-26/hour=13/a.csv");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-26T13:00:00Z")));
        String before = store.list("dt=").get(0).etag();
        assertThat(before).as("never empty").isNotEmpty();
        Files.write(file, "a\n2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(store.list("dt=").get(0).etag()).isNotEqualTo(before);
        assertThat(store.head("dt=2026-11-26/hour=13/a.csv").orElseThrow().etag())
                .isEqualTo(store.list("dt=").get(0).etag());
        assertThat(store.list("")).as("the lock files of putIf are not objects").hasSize(1);
    }

    /** Files arriving (a temporary file, then a rename) while another thread lists: the listing never fails. */
    @Test
    void aListingWhileFilesArriveSkipsWhatIsGoneInsteadOfFailing() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp);
        byte[] body = new byte[64 * 1024];
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 400; i++) {
                    store.put("dt=2026-11-26/hour=13/f" + (i % 20) + ".csv", body);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                done.set(true);
            }
        });
        writer.start();
        int listings = 0;
        while (!done.get()) {
            for (ObjectInfo o : store.list("dt=")) {
                assertThat(o.key()).as("temporary files are never listed").doesNotContain(LocalObjectStore.TMP_PREFIX);
            }
            listings++;
        }
        writer.join();
        assertThat(listings).isPositive();
        assertThat(store.list("dt=")).hasSize(20);
    }

    @Test
    void aLinkedFileIsListedAsTheFileItLinksTo() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp.resolve("in"));
        store.put("dt=2026-11-26/hour=13/a.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        Path elsewhere = Files.writeString(tmp.resolve("b.csv"), "a\n22\n");
        Files.createSymbolicLink(tmp.resolve("in/dt=2026-11-26/hour=13/b.csv"), elsewhere);
        assertThat(store.list("dt="))
                .extracting(ObjectInfo::key, ObjectInfo::sizeBytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dt=2026-11-26/hour=13/a.csv", 4L),
                        org.assertj.core.groups.Tuple.tuple("dt=2026-11-26/hour=13/b.csv", 5L));
    }
}

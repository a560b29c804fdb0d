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
}

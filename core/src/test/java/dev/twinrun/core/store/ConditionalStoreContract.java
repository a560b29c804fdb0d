package dev.twinrun.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What every store must do with entity tags: conditional put (compare-and-swap) and conditional get. */
final class ConditionalStoreContract {
    private ConditionalStoreContract() {}

    static void check(ObjectStore store) throws Exception {
        String key = "p/_CURRENT";
        assertThat(store.putIf(key, bytes("one"), null))
                .as("create when absent")
                .isTrue();
        assertThat(store.putIf(key, bytes("two"), null))
                .as("If-None-Match: * refuses an existing object")
                .isFalse();
        String e1 = store.head(key).orElseThrow().etag();
        assertThat(e1).isNotEmpty();
        assertThat(store.putIf(key, bytes("two"), e1))
                .as("If-Match with the current tag")
                .isTrue();
        assertThat(new String(store.read(key), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(store.putIf(key, bytes("six"), e1))
                .as("If-Match with a stale tag")
                .isFalse();
        assertThat(new String(store.read(key), StandardCharsets.UTF_8))
                .as("the refused write changed nothing")
                .isEqualTo("two");

        String in = "p/in.csv";
        store.put(in, bytes("a,b\n1,2\n"));
        String listed = store.head(in).orElseThrow().etag();
        try (InputStream s = store.open(in, 0, listed)) {
            assertThat(s.readAllBytes()).isEqualTo(bytes("a,b\n1,2\n"));
        }
        store.put(in, bytes("a,b\n3,4\n")); // same size, other content
        assertThat(store.head(in).orElseThrow().etag())
                .as("a replaced object of the same size has another tag")
                .isNotEqualTo(listed);
        assertThatThrownBy(() -> store.open(in, 0, listed).close())
                .as("If-Match on the listed tag refuses the replaced object")
                .isInstanceOf(ObjectChangedException.class);
        store.delete(in);
        assertThatThrownBy(() -> store.open(in, 0, listed).close()).isInstanceOf(ObjectChangedException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

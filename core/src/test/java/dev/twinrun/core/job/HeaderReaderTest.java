package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.csv.Limits;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderReaderTest {
    @TempDir
    Path tmp;

    LocalObjectStore in;
    HeaderReader reader;

    @BeforeEach
    void setUp() {
        in = new LocalObjectStore(tmp);
        reader = new HeaderReader(in, Limits.DEFAULT);
    }

    HeaderReader.FileHeader read(String content) throws Exception {
        return read(content.getBytes(StandardCharsets.UTF_8));
    }

    HeaderReader.FileHeader read(byte[] content) throws Exception {
        in.put("f.csv", content);
        return reader.read(in.head("f.csv").orElseThrow());
    }

    @Test
    void aPlainHeaderEndsWhereTheFirstRecordStarts() throws Exception {
        HeaderReader.FileHeader h = read("a,b , c\n1,2,3\n");

        assertThat(h.header().columns()).as("names stripped").containsExactly("a", "b", "c");
        assertThat(h.dataStart()).isEqualTo(8);
        assertThat(h.newlines()).isEqualTo(1);
        assertThat(h.header().file()).as("names the file").endsWith("/f.csv");
    }

    @Test
    void aBomIsSkippedAndAQuotedNameMayHoldACommaAndANewline() throws Exception {
        byte[] text = "\"price, eur\",\"two\nlines\",id\r\n1,2,3\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(text, 0, withBom, 3, text.length);

        HeaderReader.FileHeader h = read(withBom);

        assertThat(h.header().columns()).containsExactly("price, eur", "two\nlines", "id");
        assertThat(h.dataStart())
                .as("after BOM and header record")
                .isEqualTo(3 + "\"price, eur\",\"two\nlines\",id\r\n".length());
        assertThat(h.newlines()).as("the quoted newline and the record's end").isEqualTo(2);
    }

    @Test
    void aHeaderOnlyFileHasItsDataStartAtTheEnd() throws Exception {
        HeaderReader.FileHeader h = read("a,b");

        assertThat(h.header().columns()).containsExactly("a", "b");
        assertThat(h.dataStart()).isEqualTo(3);
    }

    @Test
    void filesWithoutAUsableHeaderAreRejectedNamingTheProblem() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> read(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '\n', '\n'}))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("no header row");
        assertThatThrownBy(() -> read("a,b,a\n1,2,3\n"))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> read("a,\"b\n"))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("header row is unusable");
    }
}

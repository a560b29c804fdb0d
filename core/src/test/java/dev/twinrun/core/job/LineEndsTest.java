package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.csv.Limits;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineEndsTest {
    @TempDir
    Path tmp;

    @Test
    void aFileWithOnlyCrLineEndsIsRefusedNamingTheLineEnds() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp);
        String header = String.join(",", EcommerceInsights.COLUMNS);
        String row = "e1,2026-11-26T13:00:01Z,page_view,u1,s1,,books,,,USD,email,c,DE,mobile";
        in.put("f.csv", (header + "\r" + row + "\r" + row.replace("e1", "e2") + "\r").getBytes(StandardCharsets.UTF_8));
        HeaderReader reader = new HeaderReader(in, Limits.DEFAULT);
        assertThatThrownBy(() -> reader.read(in.head("f.csv").orElseThrow()))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("line ends")
                .hasMessageContaining("CR")
                .hasMessageNotContaining("appears twice");
    }
}

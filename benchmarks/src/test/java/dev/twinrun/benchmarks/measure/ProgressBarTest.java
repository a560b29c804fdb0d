package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void renderFillsTheBarInProportion() {
        assertThat(ProgressBar.render(0, 4, 0, "start"))
                .as("nothing done")
                .isEqualTo("[------------------------] 0/4   0% 0:00 start");
        assertThat(ProgressBar.render(1, 4, 75, "lambda"))
                .as("a quarter, 1:15 elapsed")
                .isEqualTo("[######------------------] 1/4  25% 1:15 lambda");
        assertThat(ProgressBar.render(4, 4, 5, ""))
                .as("all done, no label")
                .isEqualTo("[########################] 4/4 100% 0:05");
    }

    @Test
    void renderClampsOutOfRangeCounts() {
        assertThat(ProgressBar.render(9, 4, 0, "x"))
                .as("more than total")
                .startsWith("[########################] 4/4 100%");
        assertThat(ProgressBar.render(-1, 4, 0, "x")).as("negative").startsWith("[------------------------] 0/4   0%");
    }

    @Test
    void countsPadToTheTotalsWidth() {
        assertThat(ProgressBar.render(3, 120, 0, "x"))
                .as("count padded to 3 digits")
                .contains("]   3/120   2% ");
    }

    @Test
    void terminalModeRedrawsOneLineAndBlanksLeftovers() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), 2, true);
        bar.step("a long label here");
        bar.step("short");
        bar.finish();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).as("redraws start with a carriage return").startsWith("\r[");
        assertThat(out.split("\r")).as("two draws").hasSize(3);
        assertThat(out.substring(out.lastIndexOf('\r')))
                .as("the shorter line blanks what the longer one left")
                .contains("short" + " ".repeat("a long label here".length() - "short".length()));
        assertThat(out).as("finish ends the line").endsWith("\n");
        assertThat(bar.done()).as("steps done").isEqualTo(2);
    }

    @Test
    void logModePrintsOneLinePerStep() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), 3, false);
        bar.show("starting");
        bar.step("one");
        bar.finish();
        assertThat(buf.toString(StandardCharsets.UTF_8).lines())
                .as("lines")
                .hasSize(2)
                .allMatch(l -> !l.contains("\r"));
    }

    @Test
    void rejectsAnEmptyTotal() {
        assertThatThrownBy(() -> ProgressBar.silent(0)).as("zero steps").isInstanceOf(IllegalArgumentException.class);
    }
}

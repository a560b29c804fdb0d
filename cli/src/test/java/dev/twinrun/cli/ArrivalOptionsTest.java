package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code compare}'s time-to-insight options refuse before anything runs (the run is {@code CompareArrivalIT}). */
class ArrivalOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void aBadArrivalPatternIsAUsageError() {
        InProcess.Run r = InProcess.run(
                "compare",
                "--arrival",
                "soon",
                "--quiet",
                "--out",
                tmp.resolve("r").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--arrival must be spread, end or late:DURATION");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void freshWithinAndTimescaleNeedAnArrival() {
        InProcess.Run r = InProcess.run(
                "compare",
                "--fresh-within",
                "10m",
                "--quiet",
                "--out",
                tmp.resolve("r").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("need --arrival");
        InProcess.Run t = InProcess.run(
                "compare",
                "--arrival",
                "end",
                "--timescale",
                "0.5",
                "--out",
                tmp.resolve("r").toString());
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("--timescale must be at least 1");
    }

    @Test
    void arrivalsReplayGeneratedHoursNotTheUsersInput() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/dt=2026-01-05/hour=00"));
        Files.writeString(in.resolve("a.csv"), "x\n");
        InProcess.Run r = InProcess.run(
                "compare",
                "--input",
                tmp.resolve("in").toString(),
                "--arrival",
                "spread",
                "--quiet",
                "--out",
                tmp.resolve("r").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot be used with --input");
    }

    @Test
    void helpNamesTheOptions() {
        InProcess.Run r = InProcess.run("compare", "--help");
        assertThat(r.out()).contains("--arrival=spread|end|late:D", "--timescale=N", "--fresh-within=DURATION");
    }
}

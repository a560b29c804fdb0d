package com.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformation run by the core job, as the function and the runner run it. */
class EventTypeCountsTest {
    private static final HourId HOUR = HourId.parse("2026-11-26T13");

    @TempDir
    Path tmp;

    private Path hour(String name, String csv) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in").resolve(HOUR.path()));
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void countsRowsPerEventTypeAndQuarantinesEmptyOnes() throws Exception {
        hour("a.csv", "event_id,event_type\n1,view\n2,purchase\n3,view\n4,\n");
        hour("b.csv", "event_type,event_id\nview,5\n=cmd,6\n");
        HourJob job = new HourJob(
                new LocalObjectStore(tmp.resolve("in")),
                new LocalObjectStore(tmp.resolve("out")),
                new EventTypeCounts(),
                JobOptions.defaults());

        RunResult r = job.run(HOUR);

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.PUBLISHED);
        assertThat(r.rowsRead()).isEqualTo(6);
        assertThat(r.rowsQuarantined()).isEqualTo(1);
        var out = new LocalObjectStore(tmp.resolve("out"));
        String summary =
                new String(Publication.readPublished(out, HOUR, "summary.json").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(summary)
                .contains("\"transformation\" : \"acme-event-types\"")
                .contains("\"view\" : 3")
                .contains("\"purchase\" : 1")
                .contains("\"rowsQuarantined\" : 1");
        String csv = new String(
                Publication.readPublished(out, HOUR, "event_types.csv").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(csv).as("a formula cell neutralised").contains("'=cmd,1\n");
    }

    @Test
    void partialsRoundTripAndMerge() {
        EventTypeCounts t = new EventTypeCounts();
        EventTypeCounts.Counts a = t.newPartial();
        a.byType.put("view", 2L);
        EventTypeCounts.Counts b = t.decode(t.encode(a));
        t.merge(b, a);
        assertThat(b.byType).containsEntry("view", 4L);
        assertThatThrownBy(() -> t.decode("other/1\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("acme-event-types/1");
    }

    @Test
    void aFileWithoutTheColumnIsSkippedWithTheReason() throws Exception {
        hour("a.csv", "event_id\n1\n");
        HourJob job = new HourJob(
                new LocalObjectStore(tmp.resolve("in")),
                new LocalObjectStore(tmp.resolve("out")),
                new EventTypeCounts(),
                JobOptions.defaults());
        RunResult r = job.run(HOUR);
        assertThat(r.skippedInputs())
                .as("the file the job cannot read is skipped, named, and says why")
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.key()).endsWith("a.csv");
                    assertThat(s.reason()).isEqualTo("unusable_header");
                    assertThat(s.detail()).contains("event_type");
                });
        assertThat(r.rowsRead()).isZero();
    }
}

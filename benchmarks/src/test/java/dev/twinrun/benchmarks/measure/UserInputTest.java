package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.LocalObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserInputTest {
    @TempDir
    Path tmp;

    @Test
    void theKeyLayoutGivesTheHoursAndLastPicksTheNewest() throws Exception {
        for (String k : List.of(
                "dt=2026-03-01/hour=09/a.csv",
                "dt=2026-03-01/hour=10/a.csv",
                "dt=2026-03-01/hour=10/b.csv",
                "dt=2026-03-01/hour=11/a.csv",
                "dt=2026-03-01/hour=11/_staging.csv",
                "dt=2026-03-01/hour=11/notes.txt")) {
            Files.createDirectories(tmp.resolve(k).getParent());
            Files.writeString(tmp.resolve(k), "h\n1\n");
        }
        UserInput.Plan all = UserInput.scan(tmp.toString(), null, null);
        assertThat(all.layout()).isEqualTo(UserInput.KEY_RULE);
        assertThat(all.hourIds()).hasSize(3);
        assertThat(all.files()).as("markers and non-CSV files are not input").isEqualTo(4);

        UserInput.Plan last = UserInput.scan(tmp.toString(), null, 2);
        assertThat(last.hourIds()).containsExactly(HourId.parse("2026-03-01T10"), HourId.parse("2026-03-01T11"));
        assertThat(last.bytes()).isEqualTo(12);
        assertThat(last.bytesPerHour()).isEqualTo(6);
        assertThat(last.filesPerHour()).isEqualTo(2);

        assertThatThrownBy(() -> UserInput.scan(tmp.toString(), List.of(HourId.parse("2026-03-02T00")), null))
                .hasMessageContaining("no input for hour 2026-03-02T00")
                .hasMessageContaining("2026-03-01T09, 2026-03-01T10, 2026-03-01T11");
    }

    @Test
    void aFlatFolderMapsEachFileToTheHourOfItsLastModifiedTime() throws Exception {
        Path a = Files.writeString(tmp.resolve("export-1.csv"), "h\n1\n");
        Path b = Files.writeString(tmp.resolve("export-2.csv"), "h\n2\n");
        Files.writeString(tmp.resolve("README.txt"), "not input");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-03-01T10:59:59Z")));
        Files.setLastModifiedTime(b, FileTime.from(Instant.parse("2026-03-01T11:00:00Z")));

        UserInput.Plan p = UserInput.scan(tmp.toString(), null, null);

        assertThat(p.layout()).isEqualTo(UserInput.FLAT_RULE);
        assertThat(p.hourIds()).containsExactly(HourId.parse("2026-03-01T10"), HourId.parse("2026-03-01T11"));
        assertThat(p.hours().get(HourId.parse("2026-03-01T10")).get(0).key())
                .isEqualTo("dt=2026-03-01/hour=10/export-1.csv");
    }

    @Test
    void aFolderWithoutInputFailsNamingTheRule() {
        assertThatThrownBy(() -> UserInput.scan(tmp.toString(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing matches dt=YYYY-MM-DD/hour=HH/*.csv");
        assertThatThrownBy(() -> UserInput.scan(tmp.resolve("missing").toString(), null, null))
                .hasMessageContaining("not a folder");
    }

    @Test
    void theCheckMeasuresAroundASkippedFileAndRefusesAnHourWithNoUsableFile() throws Exception {
        HourId h10 = HourId.parse("2026-03-01T10");
        HourId h11 = HourId.parse("2026-03-01T11");
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve(h10.path()));
        Files.createDirectories(in.resolve(h11.path()));
        try (var out = Files.newOutputStream(in.resolve(h10.path()).resolve("good.csv"))) {
            new EventGenerator(7, 0.0).write(h10, 0, 200_000, out);
        }
        Files.writeString(in.resolve(h10.path()).resolve("other.csv"), "just,some,columns\n1,2,3\n");
        UserInput.Plan plan = UserInput.scan(in.toString(), List.of(h10), null);

        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            UserInput.check(
                    plan,
                    new LocalObjectStore(in),
                    new LocalObjectStore(tmp.resolve("scratch")),
                    new EcommerceInsights());
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .as("the skipped file, named as given, and why")
                .contains(in + "/" + h10.path() + "/other.csv is skipped by the job (unusable_header");

        Files.writeString(in.resolve(h11.path()).resolve("only.csv"), "just,some,columns\n1,2,3\n");
        UserInput.Plan bad = UserInput.scan(in.toString(), List.of(h11), null);
        assertThatThrownBy(() -> UserInput.check(
                        bad,
                        new LocalObjectStore(in),
                        new LocalObjectStore(tmp.resolve("scratch2")),
                        new EcommerceInsights()))
                .isInstanceOf(UnusableInputException.class)
                .hasMessageContaining("only.csv")
                .hasMessageContaining("no file of hour 2026-03-01T11 is usable");
    }
}

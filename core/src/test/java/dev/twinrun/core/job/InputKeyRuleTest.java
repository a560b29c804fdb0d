package dev.twinrun.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.HourId;
import dev.twinrun.core.TestData;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One key rule of input: {@code dt=YYYY-MM-DD/hour=HH/NAME.csv}, no sub-folder, no marker names, lower-case suffix. */
class InputKeyRuleTest {
    @TempDir
    Path tmp;

    @Test
    void onlyCsvFilesDirectlyInTheHourFolderAreInput() throws Exception {
        LocalObjectStore in = new LocalObjectStore(tmp.resolve("in"));
        String hour = TestData.HOUR.path();
        byte[] file = TestData.file(1, 0.0, TestData.HOUR, 0, 5_000);
        for (String key : new String[] {
            hour + "/part-0.csv",
            hour + "/_temporary/0/part-0001.csv",
            hour + "/backup/part-0.csv",
            hour + "/.staging/part-0.csv",
            hour + "/_SUCCESS",
            hour + "/.part-0.csv",
            hour + "/PART-1.CSV",
            hour + "/notes.txt"
        }) {
            in.put(key, file);
        }
        HourJob job = new HourJob(
                in,
                new LocalObjectStore(tmp.resolve("out")),
                new EcommerceInsights(),
                JobOptions.defaults().withTempDir(tmp.resolve("t")));

        assertThat(job.inputFiles(TestData.HOUR))
                .extracting(ObjectInfo::key)
                .as("Spark/Hadoop staging folders, backups, markers and .CSV are not read")
                .containsExactly(hour + "/part-0.csv");
        assertThat(job.run(TestData.HOUR).files()).isEqualTo(1);
    }

    @Test
    void everyKeyThatDoesNotFitIsNamedWithItsReason() {
        HourId h = TestData.HOUR;
        assertThat(HourJob.inputHour(h.path() + "/a.csv")).contains(h);
        assertThat(HourJob.notInput(h.path() + "/a.csv")).isNull();
        assertThat(HourJob.inputHour("extra/" + h.path() + "/a.csv"))
                .as("an hour path further down is not input")
                .isEmpty();
        assertThat(HourJob.notInput(h.path() + "/_temporary/0/a.csv")).contains("sub-folder");
        assertThat(HourJob.notInput(h.path() + "/_SUCCESS")).contains("starts with '_'");
        assertThat(HourJob.notInput(h.path() + "/A.CSV")).contains("lower-case .csv");
        assertThat(HourJob.notInput(h.path() + "/a.json")).contains("not a .csv");
    }
}

package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.analysis.Comparison;
import dev.twinrun.benchmarks.report.ReportWriter;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.store.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --input} end to end on the embedded target: a small folder of the user's hours (written here, in
 * the job's key layout, with a decoy hour), the chosen hours copied once, both variants on those bytes, the report
 * naming the data and saying nothing was generated; an unusable file fails before anything is measured.
 */
class CompareInputIT {
    private static final Path ZIP = InProcess.lambdaZip();
    private static final Path JAR = InProcess.ec2Jar();

    @TempDir
    Path tmp;

    private record Run(int exit, String stdout, String stderr) {}

    private Run compare(String... args) {
        List<String> all = new ArrayList<>(List.of("compare", "--lambda-memory", "512", "--quiet"));
        all.addAll(List.of(args));
        all.addAll(List.of("--lambda-zip", ZIP.toString(), "--ec2-jar", JAR.toString()));
        InProcess.Run r = InProcess.run(all.toArray(String[]::new));
        return new Run(r.exit(), r.out(), r.err());
    }

    @Test
    void compareOnTheUsersHoursNamesTheDataAndBothVariantsAgree() throws Exception {
        Path in = tmp.resolve("my-export");
        LocalObjectStore store = new LocalObjectStore(in);
        EventGenerator gen = new EventGenerator(7, 0.02);
        HourId first = HourId.parse("2026-03-01T09");
        List<String> keys = new ArrayList<>();
        long bytes = 0;
        for (HourId h : List.of(first, first.next(), first.next().next())) {
            for (String k : gen.writeHour(store, h, 300_000, 2)) {
                if (!h.equals(first)) {
                    keys.add(k);
                    bytes += Files.size(in.resolve(k));
                }
            }
        }
        Path out = tmp.resolve("report");

        Run r = compare("--input", in.toString(), "--last", "2", "--out", out.toString());

        assertThat(r.exit())
                .as("exit code; stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr())
                .isZero();
        assertThat(r.stdout()).as("what was chosen").contains("input: " + in + ", 2 hours, 4 files");
        List<InvocationRecord> raw = RawRecords.read(out.resolve("raw.jsonl"));
        assertThat(raw).as("no failed run").noneMatch(InvocationRecord::failed);
        assertThat(raw.stream()
                        .mapToLong(InvocationRecord::bytesRead)
                        .distinct()
                        .count())
                .as("every run read the same bytes per hour as given: " + raw)
                .isLessThanOrEqualTo(2);
        JsonNode report =
                new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertThat(report.path("notes").toString())
                .as("both variants published the same summary.json")
                .contains("byte-identical summary.json for every hour");
        JsonNode data = report.path("data");
        assertThat(data.path("generated").asBoolean(true)).as("not generated").isFalse();
        assertThat(data.path("source").asText()).isEqualTo(in.toString());
        assertThat(data.path("hours").toString()).isEqualTo("[\"2026-03-01T10\",\"2026-03-01T11\"]");
        assertThat(data.path("files").asInt()).isEqualTo(4);
        assertThat(data.path("bytes").asLong()).isEqualTo(bytes);
        assertThat(data.path("rows").asLong()).as("rows read").isPositive();
        assertThat(data.path("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(report.path("job").path("kind").asText()).isEqualTo("built-in");
        assertThat(Files.readString(out.resolve(ReportWriter.MARKDOWN)))
                .as("Markdown names the data")
                .contains("your files, nothing generated")
                .contains(data.path("sha256").asText());
        assertThat(Files.readString(out.resolve(ReportWriter.HTML))).contains("nothing generated");
        assertThat(Files.readString(out.resolve(ReportWriter.ABOUT_CSV))).contains("data.generated,false");
        assertThat(r.stdout()).as("terminal summary").contains("Data: your files, nothing generated");
        assertThat(Comparison.readAbout(out.resolve(Comparison.ABOUT)).data().sha256())
                .isEqualTo(data.path("sha256").asText());
        assertThat(r.stdout()).as("the rebuild carries the data and the job").contains("--about ");

        // The same hours again: the same hash, the same rows.
        Path again = tmp.resolve("again");
        Run r2 = compare("--input", in.toString(), "--hour", "2026-03-01T10,2026-03-01T11", "--out", again.toString());
        assertThat(r2.exit()).as(r2.stdout() + r2.stderr()).isZero();
        JsonNode data2 = new ObjectMapper()
                .readTree(again.resolve(ReportWriter.JSON).toFile())
                .path("data");
        assertThat(data2.path("sha256").asText()).isEqualTo(data.path("sha256").asText());
        assertThat(data2.path("rows").asLong()).isEqualTo(data.path("rows").asLong());
    }

    @Test
    void anUnusableFileFailsBeforeAnythingIsMeasuredNamingTheFile() throws Exception {
        Path in = tmp.resolve("bad-export");
        Files.createDirectories(in.resolve("dt=2026-03-01/hour=10"));
        Files.createDirectories(in.resolve("dt=2026-03-01/hour=11"));
        Files.writeString(in.resolve("dt=2026-03-01/hour=10/a.csv"), "just,some,columns\n1,2,3\n");
        Files.writeString(in.resolve("dt=2026-03-01/hour=11/b.csv"), "just,some,columns\n1,2,3\n");
        Path out = tmp.resolve("bad-report");

        Run r = compare("--input", in.toString(), "--out", out.toString());

        assertThat(r.exit()).as(r.stdout() + r.stderr()).isEqualTo(3);
        assertThat(r.stderr())
                .as("names the user's file and the reason")
                .contains("unusable input " + in + "/dt=2026-03-01/hour=10/a.csv")
                .contains("nothing was measured");
        assertThat(out.resolve("raw.jsonl")).as("nothing measured").doesNotExist();
    }

    @Test
    void aUsersTransformationJarRunsOnBothVariants() throws Exception {
        Path jar = Path.of(Objects.requireNonNull(
                System.getProperty("twinrun.example.jar"),
                "system property twinrun.example.jar (set by the failsafe configuration)"));
        assertThat(jar)
                .as("the example is built before the cli (examples/custom-transformation)")
                .isRegularFile();
        Path out = tmp.resolve("jar-report");

        Run r = compare(
                "--size",
                "500KB",
                "--hours",
                "2",
                "--transformation-jar",
                jar.toString(),
                "--transformation",
                "com.acme.EventTypeCounts",
                "--out",
                out.toString());

        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("job: acme-event-types from " + jar);
        JsonNode report =
                new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertThat(report.path("notes").toString())
                .as("both variants published the same summary.json")
                .contains("byte-identical summary.json for every hour");
        JsonNode job = report.path("job");
        assertThat(job.path("kind").asText()).isEqualTo("jar");
        assertThat(job.path("className").asText()).isEqualTo("com.acme.EventTypeCounts");
        assertThat(job.path("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(report.path("data").path("generated").asBoolean()).isTrue();
        try (var files = Files.walk(out.resolve("work/s3"))) {
            List<Path> summaries = files.filter(f -> f.toString().contains("/lambda-512mb/")
                            || f.toString().contains("/ec2/"))
                    .filter(f -> f.getFileName().toString().startsWith("summary.json"))
                    .toList();
            assertThat(summaries).as("summaries published by both variants").hasSizeGreaterThanOrEqualTo(4);
            for (Path f : summaries) {
                assertThat(Files.readString(f)).as("%s", f).contains("\"transformation\" : \"acme-event-types\"");
            }
        }
    }

    @Test
    void generatorOptionsAreRefusedWithInput() {
        Run r = compare(
                "--input",
                tmp.toString(),
                "--size",
                "5MB",
                "--out",
                tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("--size describes generated data");
    }
}

package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceBookCheckTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private final PriceBookCheck check = new PriceBookCheck(TODAY);

    @Test
    void everyBuiltInBookPasses() throws IOException {
        for (String name : PriceBook.BUILT_IN) {
            try (InputStream in = PriceBook.class.getResourceAsStream("/pricebooks/" + name + ".json")) {
                assertThat(check.check(in)).as(name).isEmpty();
            }
        }
    }

    @Test
    void aLineCitingAnInternalNoteOrAskingForARecheckFails() throws IOException {
        List<PriceBookCheck.Problem> problems = check(line("a.b", "0.1", "2026-11-26", "notes page; re-check"));

        assertThat(problems)
                .extracting(PriceBookCheck.Problem::toString)
                .anyMatch(p -> p.contains("a.b") && p.contains("no public https://"))
                .anyMatch(p -> p.contains("re-check"));
    }

    @Test
    void negativeValuesDuplicateIdsMissingReadDatesAndFutureReadsAreReportedWithTheirFileLine() throws IOException {
        String json = "{\"id\": \"b\", \"date\": \"2026-11-01\", \"region\": \"us-east-1\", \"lines\": [\n"
                + line("x", "-1", "2026-11-26", "https://aws.amazon.com/x/") + ",\n"
                + line("y", "1", "2027-01-01", "https://aws.amazon.com/y/") + ",\n"
                + line("x", "2", "2026-11-26", "https://aws.amazon.com/x/") + ",\n"
                + "{\"id\": \"z\", \"kind\": \"price\", \"value\": \"1\", \"unit\": \"h\", \"date\": \"2026-11-01\","
                + " \"region\": \"us-east-1\", \"source\": \"https://aws.amazon.com/z/\"}\n]}";

        List<String> problems = check.check(stream(json)).stream()
                .map(PriceBookCheck.Problem::toString)
                .toList();

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "line 2: x: value -1 must be 0 or more",
                        "line 3: y: read 2027-01-01 is after today (2026-12-02)",
                        "line 4: x: duplicate id (first on line 2)",
                        "line 5: z: no \"read\" date (when the source was read)");
    }

    @Test
    void notJsonIsOneProblemWithItsLine() throws IOException {
        List<PriceBookCheck.Problem> problems = check.check(stream("{\n\"lines\": [\n{\"id\": }"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.fileLine()).isEqualTo(3);
            assertThat(p.reason()).startsWith("not JSON");
        });
    }

    private List<PriceBookCheck.Problem> check(String lineJson) throws IOException {
        return check.check(stream(
                "{\"id\": \"b\", \"date\": \"2026-11-01\", \"region\": \"us-east-1\", \"lines\": [" + lineJson + "]}"));
    }

    private static String line(String id, String value, String read, String source) {
        return "{\"id\": \"" + id + "\", \"kind\": \"price\", \"value\": \"" + value + "\", \"unit\": \"h\","
                + " \"date\": \"2026-11-01\", \"region\": \"us-east-1\", \"read\": \"" + read + "\", \"source\": \""
                + source + "\"}";
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}

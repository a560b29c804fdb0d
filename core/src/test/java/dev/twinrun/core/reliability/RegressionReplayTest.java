package dev.twinrun.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.core.csv.Limits;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every nasty input kept in {@code src/test/resources/regressions/} (one file = one hour) through
 * the whole job with the default and with small limits, single-threaded and split into tiny ranges, and
 * compares what happened with {@code expected.txt}: {@code name published read aggregated quarantined} or
 * {@code name skipped <reason>} (the file is unusable: the hour is published without it). A new file without a line there fails with the line to add after review.
 */
class RegressionReplayTest {

    @TestFactory
    Stream<DynamicTest> everyKeptInputStillBehaves() throws Exception {
        Path dir = folder();
        Map<String, String> expected = expected(dir);
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().forEach(inputs::add);
        }
        assertThat(inputs).as("regression inputs").hasSizeGreaterThanOrEqualTo(20);
        return inputs.stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    String name = p.getFileName().toString();
                    List<byte[]> files = List.of(Files.readAllBytes(p));
                    String actual = describe(name, JobCheck.check(files, Limits.DEFAULT, 30_000));
                    JobCheck.check(files, JobCheck.SMALL, 30_000);
                    assertThat(expected)
                            .as("expected.txt has a line for %s; after review add: %s", name, actual)
                            .containsKey(name);
                    assertThat(actual).as("outcome of %s", name).isEqualTo(expected.get(name));
                }));
    }

    static String describe(String name, JobCheck.Outcome o) {
        if (!o.published()) {
            return name + " unusable";
        }
        if (!o.result().skippedInputs().isEmpty()) {
            return name + " skipped " + o.result().skippedInputs().get(0).reason();
        }
        return name + " published " + o.result().rowsRead() + " " + o.result().rowsAggregated() + " "
                + o.result().rowsQuarantined();
    }

    static Path folder() throws URISyntaxException {
        return Path.of(RegressionReplayTest.class
                        .getResource("/regressions/expected.txt")
                        .toURI())
                .getParent();
    }

    static Map<String, String> expected(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                m.put(l.split(" ", 2)[0], l);
            }
        }
        return m;
    }
}

package dev.twinrun.benchmarks.stats;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes raw records as JSON Lines, one invocation a line, written before any statistics. */
public final class RawRecords {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RawRecords() {}

    /** Appends records to a JSONL file, creating it if needed. */
    public static void append(Path file, List<InvocationRecord> records) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (InvocationRecord r : records) {
                w.write(MAPPER.writeValueAsString(r));
                w.write('\n');
            }
        }
    }

    /** Reads every record of a JSONL file; blank lines are skipped, a bad line is an error naming its number. */
    public static List<InvocationRecord> read(Path file) throws IOException {
        List<InvocationRecord> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readValue(line, InvocationRecord.class));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException(file + ":" + n + ": not a valid invocation record: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}

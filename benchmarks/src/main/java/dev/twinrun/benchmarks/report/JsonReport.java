package dev.twinrun.benchmarks.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Renders a summary as JSON (the exact form of every number) and reads it back, e.g. for {@code report diff}. */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonReport() {}

    public static String render(ReportSummary summary) {
        try {
            return MAPPER.writeValueAsString(summary) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReportSummary parse(String json) {
        try {
            return MAPPER.readValue(json, ReportSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a twinrun report JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code report.json}, or the {@code report.json} inside a report directory. */
    public static ReportSummary read(Path fileOrDir) throws IOException {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(ReportWriter.JSON) : fileOrDir;
        return parse(Files.readString(file));
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}

package dev.twinrun.benchmarks.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Saves and loads per-variant statistics as a JSON array ({@code stats.json}). */
public final class StatsFile {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private StatsFile() {}

    public static void write(Path file, List<VariantStats> stats) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, MAPPER.writeValueAsString(stats) + "\n");
    }

    public static List<VariantStats> read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), new TypeReference<List<VariantStats>>() {});
    }
}

package dev.twinrun.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new dependency cost the Lambda function as {@code twinrun bench lambda --added-dependency-mb} measured it:
 * its {@code dependency.json}, read for the operations section's "a new dependency costs" row ({@code compare
 * --dependency-cost FILE}).
 *
 * @param file    where it was read
 * @param command the bench's command line
 * @param load    the machine's load average at the start and at the end of the run
 * @param costs   one per memory size, JVM and whether INIT loaded the added classes
 */
public record DependencyMeasure(Path file, String command, String load, List<Cost> costs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One measured configuration: per MB (2^20 bytes) of the added jar, the zip bytes added and the INIT delta (the
     * median of the rounds' differences, with their minimum and maximum).
     */
    public record Cost(
            int memoryMb,
            String variant,
            boolean loadedByInit,
            long jarBytes,
            long baseZipBytes,
            long paddedZipBytes,
            int rounds,
            BigDecimal initMsPerMb,
            BigDecimal initMsPerMbMin,
            BigDecimal initMsPerMbMax) {
        /** Zip MB added per MB of the jar. */
        public double zipMbPerMb() {
            return (paddedZipBytes - baseZipBytes) / (double) jarBytes;
        }
    }

    public DependencyMeasure {
        costs = List.copyOf(costs);
    }

    /** Reads {@code file}; a file that is not the bench's result fails naming the file and what is wrong. */
    public static DependencyMeasure read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable JSON file (" + e.getMessage() + ")");
        }
        if (root == null || !root.path("costs").isArray() || root.path("costs").isEmpty()) {
            throw new IllegalArgumentException(
                    file + ": no \"costs\" (expected the dependency.json of ./twinrun bench lambda"
                            + " --added-dependency-mb)");
        }
        List<Cost> costs = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root.path("costs")) {
            String where = file + ": costs[" + i++ + "]";
            JsonNode init = c.path("initMsPerMb");
            for (String f : List.of("memoryMb", "jarBytes", "baseZipBytes", "paddedZipBytes", "rounds")) {
                if (!c.path(f).canConvertToLong()) {
                    throw new IllegalArgumentException(where + ": no number \"" + f + "\"");
                }
            }
            if (c.path("jarBytes").asLong() < 1) {
                throw new IllegalArgumentException(where + ": \"jarBytes\" must be positive");
            }
            if (!init.path("median").isNumber()
                    || !init.path("min").isNumber()
                    || !init.path("max").isNumber()) {
                throw new IllegalArgumentException(where + ": \"initMsPerMb\" needs median, min and max");
            }
            costs.add(new Cost(
                    c.path("memoryMb").asInt(),
                    c.path("variant").asText(""),
                    c.path("loadedByInit").asBoolean(false),
                    c.path("jarBytes").asLong(),
                    c.path("baseZipBytes").asLong(),
                    c.path("paddedZipBytes").asLong(),
                    c.path("rounds").asInt(),
                    init.path("median").decimalValue(),
                    init.path("min").decimalValue(),
                    init.path("max").decimalValue()));
        }
        return new DependencyMeasure(
                file,
                root.path("command").asText("./twinrun bench lambda --added-dependency-mb"),
                root.path("loadAverageAtStart").asText("?") + " to "
                        + root.path("loadAverageAtEnd").asText("?"),
                costs);
    }
}

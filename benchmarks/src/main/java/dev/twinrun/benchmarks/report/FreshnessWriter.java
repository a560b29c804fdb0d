package dev.twinrun.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the cost-vs-time-to-insight section: {@code freshness.json}, and the section added to the end of
 * {@code report.md} and before the end of {@code report.html} when they are there.
 */
public final class FreshnessWriter {
    /** The section as JSON. */
    public static final String JSON = "freshness.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FreshnessWriter() {}

    /** Reads a section {@link #write} wrote ({@code freshness.json}), naming the file when it is not one. */
    public static FreshnessSummary read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), FreshnessSummary.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a freshness section (" + JSON + "): " + e.getOriginalMessage(), e);
        }
    }

    /** Writes it into {@code dir}; returns the files written or changed. */
    public static List<Path> write(Path dir, FreshnessSummary f) throws IOException {
        List<Path> out = new ArrayList<>();
        Path json = dir.resolve(JSON);
        Files.createDirectories(dir);
        MAPPER.writeValue(json.toFile(), f);
        out.add(json);
        Path md = dir.resolve(ReportWriter.MARKDOWN);
        if (Files.exists(md)) {
            Files.writeString(
                    md,
                    Files.readString(md, StandardCharsets.UTF_8) + FreshnessText.markdown(f),
                    StandardCharsets.UTF_8);
            out.add(md);
        }
        Path html = dir.resolve(ReportWriter.HTML);
        if (Files.exists(html)) {
            String page = Files.readString(html, StandardCharsets.UTF_8);
            int end = page.lastIndexOf("</body>");
            String section = FreshnessText.html(f);
            page = end < 0 ? page + section : page.substring(0, end) + section + page.substring(end);
            Files.writeString(html, page, StandardCharsets.UTF_8);
            out.add(html);
        }
        return out;
    }
}

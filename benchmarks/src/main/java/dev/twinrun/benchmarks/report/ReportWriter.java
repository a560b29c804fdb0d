package dev.twinrun.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes every rendering of a summary into one directory. */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String COSTS_CSV = "costs.csv";
    public static final String MEASUREMENTS_CSV = "measurements.csv";
    public static final String BREAK_EVEN_CSV = "break-even.csv";
    public static final String SIZES_CSV = "sizes.csv";
    public static final String ABOUT_CSV = "about.csv";
    public static final String OPERATIONS_CSV = "operations.csv";

    private ReportWriter() {}

    /**
     * Writes report.md, report.html, report.json, costs.csv, measurements.csv, break-even.csv, about.csv (the data
     * and the job) and, when the summary has
     * cost against data size, sizes.csv; returns them.
     */
    public static List<Path> writeAll(ReportSummary s, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>(List.of(
                write(dir.resolve(MARKDOWN), MarkdownReport.render(s)),
                write(dir.resolve(HTML), HtmlReport.render(s)),
                write(dir.resolve(JSON), JsonReport.render(s)),
                write(dir.resolve(COSTS_CSV), CsvReport.costs(s)),
                write(dir.resolve(MEASUREMENTS_CSV), CsvReport.measurements(s)),
                write(dir.resolve(BREAK_EVEN_CSV), CsvReport.breakEvens(s)),
                write(dir.resolve(ABOUT_CSV), CsvReport.about(s))));
        if (s.operations() != null) {
            out.add(write(dir.resolve(OPERATIONS_CSV), OperationsText.csv(s.operations())));
        } else {
            Files.deleteIfExists(dir.resolve(OPERATIONS_CSV));
        }
        if (s.sizes() != null) {
            out.add(write(dir.resolve(SIZES_CSV), CsvReport.sizes(s)));
        } else {
            // a sizes.csv left by an earlier report in this directory would not match this one
            Files.deleteIfExists(dir.resolve(SIZES_CSV));
        }
        return List.copyOf(out);
    }

    /**
     * One rendering for the terminal: {@code text} (with every priced line when {@code lines}), {@code markdown} (or
     * {@code md}) or {@code json}.
     */
    public static String render(ReportSummary s, String format, boolean lines) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> JsonReport.render(s);
            case "markdown", "md" -> MarkdownReport.render(s);
            case "text" -> TextReport.render(s, lines);
            default -> throw new IllegalArgumentException("--format must be text, markdown or json: " + format);
        };
    }

    private static Path write(Path p, String content) throws IOException {
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }
}

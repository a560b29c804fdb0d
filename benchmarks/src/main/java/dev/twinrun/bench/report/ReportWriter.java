package dev.twinrun.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes every rendering of a summary into one directory. */
public final class ReportWriter {
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String JSON = "report.json";
  public static final String COSTS_CSV = "costs.csv";
  public static final String MEASUREMENTS_CSV = "measurements.csv";
  public static final String BREAK_EVEN_CSV = "break-even.csv";

  private ReportWriter() {}

  /** Writes report.md, report.html, report.json, costs.csv, measurements.csv and break-even.csv; returns them. */
  public static List<Path> writeAll(ReportSummary s, Path dir) throws IOException {
    Files.createDirectories(dir);
    return List.of(
        write(dir.resolve(MARKDOWN), MarkdownReport.render(s)),
        write(dir.resolve(HTML), HtmlReport.render(s)),
        write(dir.resolve(JSON), JsonReport.render(s)),
        write(dir.resolve(COSTS_CSV), CsvReport.costs(s)),
        write(dir.resolve(MEASUREMENTS_CSV), CsvReport.measurements(s)),
        write(dir.resolve(BREAK_EVEN_CSV), CsvReport.breakEvens(s)));
  }

  private static Path write(Path p, String content) throws IOException {
    return Files.writeString(p, content, StandardCharsets.UTF_8);
  }
}

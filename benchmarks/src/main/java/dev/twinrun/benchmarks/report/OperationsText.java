package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.OperationsSection.Cell;
import dev.twinrun.benchmarks.report.OperationsSection.Row;

/** Renders the {@link OperationsSection}: plain text, Markdown, HTML and CSV, every cell with how it was obtained. */
public final class OperationsText {
    /** The section's title in every format. */
    public static final String TITLE = "Beyond cost: what each variant asks of the team that runs it";

    private OperationsText() {}

    /** For the terminal: per group, per row, one line per variant with its source in brackets. */
    public static String plain(OperationsSection o) {
        StringBuilder t = new StringBuilder("\n").append(TITLE).append(":\n");
        String group = null;
        for (Row r : o.rows()) {
            if (!r.group().equals(group)) {
                group = r.group();
                t.append("  ").append(group).append('\n');
            }
            t.append("    ").append(r.name()).append('\n');
            for (int i = 0; i < o.variants().size(); i++) {
                Cell c = r.cells().get(i);
                t.append("      ")
                        .append(String.format("%-12s", o.variants().get(i)))
                        .append(c.value())
                        .append("   [")
                        .append(c.from())
                        .append("]\n");
            }
        }
        for (String n : o.notes()) {
            t.append("  note: ").append(n).append('\n');
        }
        return t.toString();
    }

    /** A Markdown table, one column per variant; each cell's source follows its value in italics. */
    public static String markdown(OperationsSection o) {
        StringBuilder md = new StringBuilder("\n## ").append(TITLE).append("\n\n");
        md.append("Every cell is derived, never typed in: the source follows each value in italics (docs/COMPARE.md"
                + " explains each row).\n\n");
        md.append("| | |");
        o.variants().forEach(v -> md.append(' ').append(v).append(" |"));
        md.append("\n|---|---|");
        o.variants().forEach(v -> md.append("---|"));
        md.append('\n');
        for (Row r : o.rows()) {
            md.append("| ").append(r.group()).append(" | ").append(r.name()).append(" |");
            for (Cell c : r.cells()) {
                md.append(' ')
                        .append(cell(c.value()))
                        .append(" <br>*")
                        .append(cell(c.from()))
                        .append("* |");
            }
            md.append('\n');
        }
        if (!o.notes().isEmpty()) {
            md.append('\n');
            o.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** An HTML table, one column per variant; each cell's source in a {@code <small class="from">}. */
    public static String html(OperationsSection o) {
        StringBuilder h = new StringBuilder("<h2 id=\"operations\">")
                .append(HtmlReport.esc(TITLE))
                .append("</h2>\n");
        h.append("<table class=\"operations\"><tr><th></th><th></th>");
        o.variants().forEach(v -> h.append("<th>").append(HtmlReport.esc(v)).append("</th>"));
        h.append("</tr>\n");
        for (Row r : o.rows()) {
            h.append("<tr data-row=\"")
                    .append(HtmlReport.esc(r.key()))
                    .append("\"><td>")
                    .append(HtmlReport.esc(r.group()))
                    .append("</td><td>")
                    .append(HtmlReport.esc(r.name()))
                    .append("</td>");
            for (int i = 0; i < r.cells().size(); i++) {
                Cell c = r.cells().get(i);
                h.append("<td data-variant=\"")
                        .append(HtmlReport.esc(o.variants().get(i)))
                        .append("\">")
                        .append(HtmlReport.esc(c.value()))
                        .append("<br><small class=\"from\">")
                        .append(HtmlReport.esc(c.from()))
                        .append("</small></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (!o.notes().isEmpty()) {
            h.append("<ul>\n");
            o.notes().forEach(n -> h.append("<li>").append(HtmlReport.esc(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        return h.toString();
    }

    /** {@code operations.csv}: one row per row and variant. */
    public static String csv(OperationsSection o) {
        Csv csv = new Csv().row("group", "key", "row", "variant", "value", "from");
        for (Row r : o.rows()) {
            for (int i = 0; i < r.cells().size(); i++) {
                Cell c = r.cells().get(i);
                csv.row(r.group(), r.key(), r.name(), o.variants().get(i), c.value(), c.from());
            }
        }
        return csv.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}

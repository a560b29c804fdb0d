package dev.twinrun.core.spec;

import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV with LF line ends, quoting only where needed; a text cell that a spreadsheet would run as a
 * formula ({@code = + - @}, tab, CR at the start) is prefixed with {@code '}, as the built-in outputs do.
 */
final class CsvCells {
    private final StringBuilder sb = new StringBuilder();
    private boolean lineStart = true;

    /** A text cell from data: neutralised against formula injection. */
    CsvCells text(String value) {
        String v = value;
        if (!v.isEmpty()) {
            char c = v.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                v = "'" + v;
            }
        }
        return cell(v);
    }

    /** A number the program formatted itself (a leading minus is a number, not a formula). */
    CsvCells number(String value) {
        return cell(value == null ? "" : value);
    }

    private CsvCells cell(String v) {
        if (!lineStart) {
            sb.append(',');
        }
        lineStart = false;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            sb.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(v);
        }
        return this;
    }

    CsvCells end() {
        sb.append('\n');
        lineStart = true;
        return this;
    }

    byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

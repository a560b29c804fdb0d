package dev.twinrun.core.ecommerce;

import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV for BI tools: LF line ends, quoting only where needed, and text cells that a
 * spreadsheet would run as a formula ({@code = + - @}, tab, CR at the start) prefixed with {@code '}.
 */
final class CsvOut {
    private final StringBuilder sb = new StringBuilder();
    private boolean lineStart = true;

    CsvOut header(String... names) {
        for (String n : names) {
            text(n);
        }
        return end();
    }

    /** A text cell from data: neutralised against formula injection. */
    CsvOut text(String value) {
        String v = value;
        if (!v.isEmpty()) {
            char c = v.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                v = "'" + v;
            }
        }
        return cell(v);
    }

    /** A number the program formatted itself. */
    CsvOut number(Object value) {
        return cell(String.valueOf(value));
    }

    private CsvOut cell(String v) {
        if (!lineStart) {
            sb.append(',');
        }
        lineStart = false;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        if (quote) {
            sb.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(v);
        }
        return this;
    }

    CsvOut end() {
        sb.append('\n');
        lineStart = true;
        return this;
    }

    byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

package dev.twinrun.core.ecommerce;

import dev.twinrun.core.csv.SpreadsheetSafe;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV for BI tools: LF line ends, quoting only where needed (also cells holding {@code ;}, the
 * separator of semicolon locales), and text cells that a spreadsheet would run as a formula prefixed with
 * {@code '} (see {@link SpreadsheetSafe}: {@code = + - @} after normalising the first character, or any leading
 * control character or blank).
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
        return cell(SpreadsheetSafe.neutralise(value));
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
        sb.append(SpreadsheetSafe.cell(v));
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

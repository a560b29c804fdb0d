package dev.twinrun.benchmarks.report;

import java.math.BigDecimal;
import java.util.List;

/** RFC 4180 rows: comma separated, quoted when needed, CRLF line ends. */
final class Csv {
    private final StringBuilder out = new StringBuilder();

    Csv row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
        return this;
    }

    Csv row(List<?> cells) {
        return row(cells.toArray());
    }

    static String cell(Object o) {
        if (o == null) {
            return "";
        }
        String s = o instanceof BigDecimal b ? b.toPlainString() : String.valueOf(o);
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

package dev.twinrun.core.csv;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Makes text from data safe to open in a spreadsheet (CSV formula injection): a cell whose first significant
 * character would start a formula is prefixed with {@code '}, and a cell holding a separator of any common locale
 * ({@code ,} or {@code ;}) is quoted.
 *
 * <p>The first character is normalised before the check: leading control characters (NUL, TAB, LF, CR, ...) and
 * white space are what spreadsheets skip or mangle, so a cell that starts with one is always prefixed, and the
 * first other character is compared after Unicode compatibility normalisation (NFKC), so the full-width
 * {@code ＝ ＋ － ＠} (U+FF1D, U+FF0B, U+FF0D, U+FF20), the small {@code ﹦ ﹢ ﹣ ﹫} and the like count as
 * {@code = + - @}.
 */
public final class SpreadsheetSafe {
    private SpreadsheetSafe() {}

    /** True when a spreadsheet could run {@code value} as a formula (or strip what precedes one). */
    public static boolean startsLikeFormula(String value) {
        if (value.isEmpty()) {
            return false;
        }
        int first = value.codePointAt(0);
        if (Character.isISOControl(first) || isBlank(first)) {
            return true;
        }
        String n = Normalizer.normalize(new String(Character.toChars(first)), Normalizer.Form.NFKC);
        if (n.isEmpty()) {
            return true;
        }
        char c = n.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@';
    }

    private static boolean isBlank(int cp) {
        return Character.isWhitespace(cp)
                || Character.isSpaceChar(cp)
                || cp == 0xFEFF
                || Character.getType(cp) == Character.FORMAT;
    }

    /** {@code value} prefixed with {@code '} when it {@link #startsLikeFormula starts like a formula}. */
    public static String neutralise(String value) {
        return startsLikeFormula(value) ? "'" + value : value;
    }

    /** True when an RFC 4180 cell holding {@code v} must be quoted (also for {@code ;}-separated locales). */
    public static boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** An RFC 4180 cell for {@code v}: quoted (quotes doubled) when {@link #needsQuotes needed}. */
    public static String cell(String v) {
        return needsQuotes(v) ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /** A neutralised, quoted-when-needed cell for text that comes from data. */
    public static String textCell(String v) {
        return cell(neutralise(v));
    }

    /**
     * A one-line readable rendering of raw row bytes: decoded as UTF-8 (invalid bytes become U+FFFD), every control
     * character shown as its Unicode control picture (LF as U+240A, NUL as U+2400, ...), then {@link #neutralise}d.
     * The exact bytes are kept elsewhere (base64); this is for reading only.
     */
    public static String readable(byte[] raw, int from, int length) {
        String s = new String(raw, from, length, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                b.append((char) (0x2400 + c));
            } else if (c == 0x7f) {
                b.append('\u2421');
            } else if (c >= 0x80 && c < 0xa0) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return neutralise(b.toString());
    }
}

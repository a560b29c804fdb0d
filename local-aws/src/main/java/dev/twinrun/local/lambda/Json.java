package dev.twinrun.local.lambda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two JSON chores the harness needs; it stays JDK-only so any module can run it. */
final class Json {
    private static final Pattern ERROR_MESSAGE = Pattern.compile("\"errorMessage\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Json() {}

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The {@code errorMessage} of a runtime error body, unescaped roughly (enough for reports), or the body itself. */
    static String errorMessage(String body) {
        Matcher m = ERROR_MESSAGE.matcher(body);
        if (!m.find()) {
            return body;
        }
        return m.group(1)
                .replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\"", "\"")
                .replace("\\\\", "\\");
    }
}

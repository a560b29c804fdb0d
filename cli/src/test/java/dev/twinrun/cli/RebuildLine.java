package dev.twinrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the rebuild commands {@code twinrun compare} prints back into argument lists. */
final class RebuildLine {
    private RebuildLine() {}

    /** The commands after compare's "rebuild" label (one a line, ./twinrun dropped), DIR replaced by {@code dir}. */
    static List<List<String>> commands(String stdout, Path dir) {
        List<List<String>> out = new ArrayList<>();
        boolean in = false;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("rebuild ")) {
                in = true;
                line = line.substring("rebuild ".length());
            } else if (!in || !line.startsWith(" ")) {
                continue;
            }
            List<String> words = new ArrayList<>(shellWords(line.strip()));
            assertThat(words.remove(0)).as("a twinrun command").isEqualTo("./twinrun");
            out.add(words.stream()
                    .map(w -> w.equals("DIR") ? dir.toString() : w.startsWith("DIR/") ? dir + w.substring(3) : w)
                    .toList());
        }
        return out;
    }

    /** POSIX shell words: blanks separate, single quotes quote, backslash escapes outside quotes. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
                continue;
            }
            w = w == null ? new StringBuilder() : w;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                w.append(line, i + 1, end);
                i = end;
            } else if (c == '\\') {
                w.append(line.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }
}

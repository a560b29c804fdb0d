package dev.twinrun.ec2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal systemd unit file parser for tests: sections of keys, each key with all its values. */
record UnitFile(Map<String, Map<String, List<String>>> sections) {

    static UnitFile parse(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        int n = 0;
        for (String raw : Files.readAllLines(file)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq <= 0) {
                throw new IllegalArgumentException(file + ":" + n + ": not a key=value inside a section: " + raw);
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return new UnitFile(sections);
    }

    /** The last value of a key (systemd's rule for single-valued keys), or null. */
    String get(String section, String key) {
        List<String> values = sections.getOrDefault(section, Map.of()).get(key);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}

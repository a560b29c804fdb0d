package dev.twinrun.ec2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code KEY=VALUE} file in the subset both systemd's {@code EnvironmentFile=} and a shell
 * {@code . file} understand: blank lines and {@code #} comments ignored, an optional {@code export }
 * prefix, values optionally in matching single or double quotes (no escapes, no expansion).
 */
public final class EnvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {}

    /** Parses the file; a malformed line is a {@link ConfigError} naming the file and line. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigError("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigError("cannot read config file " + file + ": " + e, e);
        }
        return parse(lines, file.toString());
    }

    /** Parses lines; {@code source} names them in error messages. */
    public static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError(source + ":" + n + ": expected KEY=VALUE, got '" + raw + "'");
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConfigError(source + ":" + n + ": '" + key + "' is not a valid variable name");
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
                char q = value.charAt(0);
                if (value.charAt(value.length() - 1) != q) {
                    throw new ConfigError(source + ":" + n + ": unterminated quote in value of " + key);
                }
                value = value.substring(1, value.length() - 1);
            } else if (value.length() == 1 && (value.equals("\"") || value.equals("'"))) {
                throw new ConfigError(source + ":" + n + ": unterminated quote in value of " + key);
            }
            out.put(key, value);
        }
        return out;
    }
}

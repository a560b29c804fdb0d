package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads a data file given as a path, or else by name from the built-in ones on the classpath. */
final class DataFiles {
    /** Reads one parsed value from a stream. */
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private DataFiles() {}

    /**
     * Reads {@code nameOrPath} as a file when one exists there, else {@code /folder/name.json} from the classpath.
     *
     * @param kind what the file is, for messages ("price book", "scenario")
     */
    static <T> T load(String nameOrPath, String folder, String kind, List<String> builtIn, Reader<T> reader) {
        requireNonNull(nameOrPath, "nameOrPath");
        Path path = Path.of(nameOrPath);
        try {
            if (Files.isRegularFile(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    return reader.read(in);
                }
            }
            String resource = "/" + folder + "/" + nameOrPath + (nameOrPath.endsWith(".json") ? "" : ".json");
            try (InputStream in = DataFiles.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no " + kind + " file or built-in " + kind + " named '"
                            + nameOrPath + "'; built-in: " + builtIn);
                }
                return reader.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kind + " " + nameOrPath, e);
        }
    }
}

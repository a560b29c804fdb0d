package dev.twinrun.core.transform;

import java.util.Objects;

/** One published file of an hour's insights: its name inside the hour's folder and its bytes. */
public record OutputFile(String name, byte[] content) {
    public OutputFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        if (name.contains("/") || name.startsWith("_") || name.startsWith(".")) {
            throw new IllegalArgumentException("output name must be a plain file name: '" + name + "'");
        }
    }
}

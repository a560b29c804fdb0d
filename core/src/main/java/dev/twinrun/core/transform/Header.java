package dev.twinrun.core.transform;

import java.util.List;
import java.util.Objects;

/** A file's column names, in file order, as read from its first record. */
public record Header(String file, List<String> columns) {
    public Header {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
    }

    /** The column's position, or -1. */
    public int indexOf(String name) {
        return columns.indexOf(name);
    }
}

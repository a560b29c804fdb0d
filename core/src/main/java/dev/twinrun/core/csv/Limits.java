package dev.twinrun.core.csv;

/**
 * Bounds that keep memory flat whatever the input: a field or row past them is quarantined, not held.
 *
 * @param maxFieldBytes longest field accepted (default 64 KiB)
 * @param maxRowBytes longest record held in memory (default 1 MiB); longer ones are skipped while streaming
 * @param maxRawBytes how much of a quarantined record is copied into the quarantine file (default 64 KiB)
 */
public record Limits(int maxFieldBytes, int maxRowBytes, int maxRawBytes) {
    public static final Limits DEFAULT = new Limits(64 * 1024, 1024 * 1024, 64 * 1024);

    public Limits {
        if (maxFieldBytes < 1 || maxRowBytes < maxFieldBytes || maxRawBytes < 1 || maxRawBytes > maxRowBytes) {
            throw new IllegalArgumentException(
                    "need 1 <= maxFieldBytes <= maxRowBytes and 1 <= maxRawBytes <= maxRowBytes");
        }
    }
}

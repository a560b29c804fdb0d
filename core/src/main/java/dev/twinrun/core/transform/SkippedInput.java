package dev.twinrun.core.transform;

import java.util.Objects;

/**
 * An input file of the hour that was listed but not read: its key, why ({@link #reason}, one of the constants), and a
 * sentence for people ({@code detail}, at most {@link #MAX_DETAIL_CHARS} characters). The hour is published without
 * it.
 */
public record SkippedInput(String key, String reason, String detail) {
    /** The key cannot be read safely (a {@code \}, a control character, a {@code .} or {@code ..} segment). */
    public static final String UNSAFE_KEY = "unsafe_key";
    /** The file has 0 bytes (a header-only file is read: it has 0 rows). */
    public static final String EMPTY_FILE = "empty_file";
    /** The header row is unusable: not valid CSV or UTF-8, a column named twice, a required column missing, ... */
    public static final String UNUSABLE_HEADER = "unusable_header";
    /** The same bytes as another input of the hour (named in {@code detail}), counted once under that other key. */
    public static final String DUPLICATE_INPUT = "duplicate_input";

    /** Characters of {@code detail} kept; a longer one is cut there and ends in {@code ...}. */
    public static final int MAX_DETAIL_CHARS = 1000;

    public SkippedInput {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL_CHARS) {
            detail = detail.substring(0, MAX_DETAIL_CHARS - 3) + "...";
        }
    }
}

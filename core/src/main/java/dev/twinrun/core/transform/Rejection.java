package dev.twinrun.core.transform;

import java.util.Objects;

/**
 * Why a row is quarantined: a stable snake_case {@code reason} (counted in data-quality figures) and a
 * human {@code detail} naming the column and value.
 */
public record Rejection(String reason, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    // Reasons the reader itself finds, before any transformation sees the row.
    public static final String WRONG_COLUMN_COUNT = "wrong_column_count";
    public static final String INVALID_ENCODING = "invalid_encoding";
    public static final String FIELD_TOO_LONG = "field_too_long";
    public static final String ROW_TOO_LONG = "row_too_long";
    public static final String MALFORMED_QUOTES = "malformed_quotes";
    public static final String UNTERMINATED_QUOTE = "unterminated_quote";
}

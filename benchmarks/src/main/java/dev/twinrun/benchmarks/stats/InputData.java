package dev.twinrun.benchmarks.stats;

import java.util.List;

/**
 * The data both variants ran on, as the report names it.
 *
 * @param generated whether twinrun generated it ({@code compare} without {@code --input}); false: the user's files
 * @param source    where it came from: the generator's settings, or the {@code --input} folder or S3 location
 * @param layout    how files were mapped to hours ({@code --input} only; null for generated data)
 * @param hours     the hours run, oldest first (e.g. {@code 2026-01-05T00})
 * @param files     CSV files over all hours
 * @param bytes     input bytes over all hours
 * @param rows      data rows the EC2 variant read over all hours (first repetition); null when not known
 * @param sha256    SHA-256 over every input file in hour and key order (key, newline, bytes); null when not computed
 */
public record InputData(
        boolean generated,
        String source,
        String layout,
        List<String> hours,
        int files,
        long bytes,
        Long rows,
        String sha256) {
    public InputData {
        hours = hours == null ? List.of() : List.copyOf(hours);
    }

    /** The same data with the row count. */
    public InputData withRows(Long v) {
        return new InputData(generated, source, layout, hours, files, bytes, v, sha256);
    }
}

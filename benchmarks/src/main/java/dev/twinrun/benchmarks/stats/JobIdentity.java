package dev.twinrun.benchmarks.stats;

/**
 * The job both variants ran, as the report names it.
 *
 * @param kind      {@code built-in}, {@code spec} (a job spec file) or {@code jar} (a user's transformation class)
 * @param name      the transformation's name (the built-in's, or the spec's {@code name})
 * @param file      the spec file or the jar; null for the built-in
 * @param sha256    SHA-256 of {@code file}; null for the built-in
 * @param className the transformation class ({@code jar} only)
 */
public record JobIdentity(String kind, String name, String file, String sha256, String className) {
    public static final String BUILT_IN = "built-in";
    public static final String SPEC = "spec";
    public static final String JAR = "jar";

    /** One line for a report: what ran, and the file's hash. */
    public String describe() {
        return switch (kind) {
            case SPEC -> "job spec " + file + " (name " + name + ", sha256 " + sha256 + ")";
            case JAR -> "class " + className + " from " + file + " (sha256 " + sha256 + ")";
            default -> "built-in transformation " + name;
        };
    }
}

package dev.twinrun.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The summary of the last runner invocation, kept on the instance for {@code status} ("last error").
 *
 * @param runId          the invocation's id (also {@code requestId} in the logs)
 * @param command        {@code run-due} or {@code run}
 * @param startedAt      ISO-8601 instant
 * @param finishedAt     ISO-8601 instant
 * @param exitCode       the process exit code
 * @param hoursDue       hours found due (or asked for)
 * @param hoursProcessed hours published or found current
 * @param failures       hours that failed, with the error
 */
public record RunState(
        String runId,
        String command,
        String startedAt,
        String finishedAt,
        int exitCode,
        int hoursDue,
        int hoursProcessed,
        List<Failure> failures) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunState {
        Objects.requireNonNull(runId, "runId");
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** One failed hour. */
    public record Failure(String hour, String key, String error) {}

    /** Writes atomically (temp file then rename), so {@code status} never reads half a file. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".last-run", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), this);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The last state, or empty when none was written yet or it cannot be read. */
    public static Optional<RunState> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

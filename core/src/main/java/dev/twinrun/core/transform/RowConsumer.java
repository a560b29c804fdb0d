package dev.twinrun.core.transform;

/** Takes rows into a partial aggregate; one instance serves one thread. */
@FunctionalInterface
public interface RowConsumer {
    /** Aggregates the row and returns null, or returns why it is quarantined (and aggregates nothing of it). */
    Rejection accept(Row row);
}

package dev.twinrun.core.job;

/** Where an hour stands: nothing to do, due for processing, or published and current. */
public enum HourStatus {
    /** No input file for the hour. */
    NO_INPUT,
    /** Input present and no current published result (never run, failed, or input changed since). */
    DUE,
    /** A published result whose manifest matches the current input. */
    CURRENT
}

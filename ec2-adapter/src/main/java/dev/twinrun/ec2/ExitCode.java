package dev.twinrun.ec2;

/**
 * The runner's process exit codes, chosen so cron mail and systemd tell the cases apart.
 *
 * <p>Codes follow {@code sysexits.h} where one fits: 75 is {@code EX_TEMPFAIL} ("try again later").
 */
public enum ExitCode {
    /** Every due hour was published, or nothing was due. */
    OK(0, "ok: every due hour published, or nothing due"),
    /** At least one hour failed (unusable input, S3 error); it stays due and the next run retries it. */
    HOUR_FAILED(1, "at least one hour failed; it stays due and the next run retries it"),
    /** Bad command line or configuration (missing bucket, unreadable config file, bad hour); nothing was run. */
    CONFIG_ERROR(2, "usage or configuration error; nothing was run"),
    /** An unexpected error in the runner itself (a bug): see the log. */
    INTERNAL_ERROR(70, "internal error in the runner (EX_SOFTWARE); see the log"),
    /** Another runner holds the lock; this invocation did nothing and exited at once. */
    LOCK_BUSY(75, "another runner holds the lock (EX_TEMPFAIL); this one did nothing");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The code for a numeric exit status, or {@link #INTERNAL_ERROR} when unknown. */
    public static ExitCode of(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL_ERROR;
    }
}

package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catching up on missed hours: the due hours in a lookback window, processed oldest first, plus the republish chain.
 * An hour's result compares against the previous hour's summary, so republishing hour H can make an already
 * published H+1 due again; {@link #run} follows that chain in the same pass, up to the window's last hour.
 *
 * <p>The one due-hours engine of every trigger (the EC2 runner's {@code run-due}, the Lambda's schedule, the fan-out's
 * schedule). The window ends at {@code upTo} and spans {@code lookbackHours} hours; 0, the default, means every hour
 * that still has input. Raw input expires after {@link #INPUT_RETENTION_DAYS} days, so that is at most about
 * {@code 24 x 30 = 720} hours, each checked with one listing and a few small reads: a file uploaded late, or an hour
 * that failed, is processed whenever it still has input, not only within some days.
 */
public final class CatchUp {
    /** The lookback every scheduled trigger uses unless told otherwise: 0, every hour that still has input. */
    public static final int DEFAULT_LOOKBACK_HOURS = 0;

    /** Days raw input is kept (the bucket's lifecycle rule on the input prefix); bounds the hours to check. */
    public static final int INPUT_RETENTION_DAYS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private final HourJob job;
    private final int lookbackHours;

    /** {@code lookbackHours} 0 for all history. */
    public CatchUp(HourJob job, int lookbackHours) {
        if (lookbackHours < 0) {
            throw new IllegalArgumentException("lookbackHours must be >= 0, was " + lookbackHours);
        }
        this.job = job;
        this.lookbackHours = lookbackHours;
    }

    public int lookbackHours() {
        return lookbackHours;
    }

    /** The due hours with input within the window ending at {@code upTo}, oldest first. */
    public List<HourId> dueHours(HourId upTo) throws IOException {
        if (lookbackHours == 0) {
            return job.dueHours(upTo);
        }
        HourId from = HourId.of(upTo.start().minus(Duration.ofHours(lookbackHours - 1L)));
        NavigableSet<HourId> withInput = job.hoursWithInput();
        int older = withInput.headSet(from, false).size();
        if (older > 0) {
            LOG.debug("{} hour(s) with input before {} are outside the lookback window", older, from);
        }
        List<HourId> due = new ArrayList<>();
        for (HourId h : withInput.subSet(from, true, upTo, true)) {
            if (job.status(h) == HourStatus.DUE) {
                due.add(h);
            }
        }
        return due;
    }

    /**
     * The oldest due hour after {@code after} (null: from the window's start) up to {@code upTo}, or empty when none is
     * due: one step of a catch-up driven from outside (the fan-out's state machine plans one hour per step). An hour
     * republished by the previous step makes its next hour due, so stepping with the hour just processed as
     * {@code after} follows the republish chain; every step moves forward, so the steps end.
     */
    public Optional<HourId> nextDue(HourId after, HourId upTo) throws IOException {
        HourId from = lookbackHours == 0 ? null : HourId.of(upTo.start().minus(Duration.ofHours(lookbackHours - 1L)));
        for (HourId h : job.hoursWithInput().headSet(upTo, true)) {
            if ((after == null || h.compareTo(after) > 0)
                    && (from == null || h.compareTo(from) >= 0)
                    && job.status(h) == HourStatus.DUE) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * Processes {@code due} oldest first with {@code process} (true when it republished the hour); after each
     * republished hour H, H+1 is processed too when it is at most {@code upTo}, not already done or queued, and due
     * now. A hole in the chain check is logged as a warning and ends that chain; the hour stays due for the next run.
     *
     * @return every hour processed, in order: the due ones and those the chain added
     */
    public List<HourId> run(List<HourId> due, HourId upTo, Predicate<HourId> process) {
        TreeSet<HourId> queue = new TreeSet<>(due);
        Set<HourId> done = new HashSet<>();
        List<HourId> processed = new ArrayList<>();
        while (!queue.isEmpty()) {
            HourId hour = queue.pollFirst();
            done.add(hour);
            processed.add(hour);
            if (process.test(hour)) {
                HourId next = hour.next();
                if (next.compareTo(upTo) <= 0 && !done.contains(next) && !queue.contains(next)) {
                    try {
                        if (job.status(next) == HourStatus.DUE) {
                            LOG.info("hour {} due again after {} was republished", next, hour);
                            queue.add(next);
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("could not check hour " + next + " after " + hour + ": " + e);
                    }
                }
            }
        }
        return processed;
    }
}

package dev.twinrun.lambda;

import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.store.ObjectStore;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart's runtime hooks (CRaC, {@code org.crac}): before Lambda takes the snapshot of an initialized version, run
 * {@link Priming} (the parser, the aggregation and the publication on a tiny in-memory hour, and one S3 list call), so
 * the snapshot holds loaded and compiled classes and every restored environment starts warm. Registered only when the
 * function initializes for a snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}); the priming happens at
 * version publication, which SnapStart for Java does not bill per invocation. A failed priming is logged and never
 * fails the checkpoint.
 *
 * <p>After a restore nothing is reset: the job keeps no unique state from the init (run ids are made per hour run),
 * and the S3 client's pooled connections from before the snapshot are retried by the SDK like any closed connection.
 */
final class SnapStartPriming implements Resource {
    /** The environment variable Lambda sets to the kind of initialization. */
    static final String INIT_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    static final String SNAP_START = "snap-start";

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** CRaC holds registered resources weakly: this keeps the one registered alive. */
    private static volatile SnapStartPriming registered;

    private final JobConfig config;
    private final ObjectStore input;
    private volatile long primedRows = -1;
    private volatile int restores;

    SnapStartPriming(JobConfig config, ObjectStore input) {
        this.config = config;
        this.input = input;
    }

    /** Whether this initialization is the one SnapStart snapshots. */
    static boolean snapshotting(Map<String, String> env) {
        return SNAP_START.equals(env.get(INIT_TYPE));
    }

    /** Registers the hooks with the global CRaC context and returns them. */
    static SnapStartPriming register(JobConfig config, ObjectStore input) {
        SnapStartPriming hooks = new SnapStartPriming(config, input);
        Core.getGlobalContext().register(hooks);
        registered = hooks;
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            primedRows = Priming.run(config, input);
            LOG.info(
                    "SnapStart: primed before the snapshot ({} rows, {} ms)",
                    primedRows,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart: priming before the snapshot skipped: {}", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restores++;
        LOG.info("SnapStart: restored from the snapshot");
    }

    /** Rows of the tiny hour the last checkpoint primed with, or -1 when none did. */
    long primedRows() {
        return primedRows;
    }

    /** How often {@link #afterRestore} ran. */
    int restores() {
        return restores;
    }

    /** The hooks registered in this JVM, or null. */
    static SnapStartPriming registered() {
        return registered;
    }
}

package dev.twinrun.lambda;

import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.JobOptions;
import dev.twinrun.core.store.LocalObjectStore;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.transform.Transformations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job once during the init on a tiny generated hour in a temporary folder, and lists one empty prefix of the
 * input with the S3 client: the classes of parsing, aggregation, publishing and the S3 call path are then loaded and
 * compiled before the first event arrives. Off unless {@code TWINRUN_PRIME=true} (or the system property
 * {@code twinrun.prime=true}): the init is billed like the invocation, and {@code bench lambda} measured the primed
 * cold hour dearer in total (it moves about 0.5 s of CPU out of the invocation but adds about 0.25 s to the whole,
 * lambda-adapter/BENCHMARKS-lambda.md). A failure here is logged and never fails the init.
 */
final class Priming {
    static final String ENV = "TWINRUN_PRIME";
    static final String PROPERTY = "twinrun.prime";
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final HourId HOUR = HourId.parse("2000-01-01T00");
    private static final long BYTES = 64 * 1024;

    private Priming() {}

    static boolean enabled(Map<String, String> env) {
        String v = System.getProperty(PROPERTY, env.getOrDefault(ENV, "false"));
        return v.strip().equalsIgnoreCase("true");
    }

    /** Primes the job of {@code config} and its input store; returns the milliseconds it took. */
    static long prime(JobConfig config, ObjectStore input) {
        long start = System.nanoTime();
        try {
            run(config, input);
        } catch (Exception | LinkageError e) {
            LOG.warn("priming skipped: {}", e.toString());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The priming itself; returns the tiny hour's rows read. */
    static long run(JobConfig config, ObjectStore input) throws Exception {
        Path dir = Files.createTempDirectory("twinrun-prime");
        try {
            LocalObjectStore in = new LocalObjectStore(dir.resolve("in"));
            LocalObjectStore out = new LocalObjectStore(dir.resolve("out"));
            new EventGenerator(1, 0.01).writeHour(in, HOUR, BYTES, 1);
            long rows = new HourJob(in, out, Transformations.byName(config.transformation()), JobOptions.defaults())
                    .run(HOUR, "prime")
                    .rowsRead();
            input.list("_twinrun-prime/");
            return rows;
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.toString());
        }
    }
}

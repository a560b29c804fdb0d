package dev.twinrun.benchmarks.measure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the in-process S3 server's logging down to WARN. s3proxy brings logback, whose default is DEBUG: a line per
 * request and per Jetty thread event, which on two cores costs the measured processes seconds of CPU.
 */
public final class QuietLogging {
    private QuietLogging() {}

    /** Sets logback's root logger to WARN when logback is the SLF4J provider; otherwise does nothing. */
    public static void apply() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (!root.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
            return;
        }
        try {
            Class<?> level = Class.forName(
                    "ch.qos.logback.classic.Level", true, root.getClass().getClassLoader());
            Object warn = level.getField("WARN").get(null);
            root.getClass().getMethod("setLevel", level).invoke(root, warn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Leave logging as it is: noisy, not wrong.
        }
    }
}

package dev.twinrun.ec2;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.twinrun.adapter.JsonLogEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Points all logging at the shared JSON lines ({@link JsonLogEncoder}, {@code variant} {@code ec2}; EMF metric lines
 * as they are) on stdout and, when set, a log file the CloudWatch agent ships (rolled at 50 MB, 3 old files kept);
 * the AWS SDK logs only warnings.
 */
public final class LogSetup {
    private LogSetup() {}

    /**
     * Configures logging; returns a warning when the log file could not be opened and was not
     * explicitly asked for (then stdout only), or throws {@link ConfigError} when it was.
     */
    public static Optional<String> configure(Path logFile, boolean explicit) {
        return configure(logFile, explicit, false);
    }

    /** As {@link #configure(Path, boolean)}, with console lines on stderr instead of stdout when asked. */
    public static Optional<String> configure(Path logFile, boolean explicit, boolean consoleToStderr) {
        return configure(logFile, explicit, consoleToStderr, Runner.VARIANT);
    }

    /**
     * As {@link #configure(Path, boolean, boolean)}, every line's {@code variant} field {@code variant} (the
     * deployment's {@code TWINRUN_VARIANT}: {@code ec2}, {@code ec2-per-run} or {@code fargate}).
     */
    public static Optional<String> configure(Path logFile, boolean explicit, boolean consoleToStderr, String variant) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        ctx.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        ctx.getLogger("org.gaul").setLevel(Level.WARN);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setTarget(consoleToStderr ? "System.err" : "System.out");
        console.setEncoder(encoder(ctx, variant));
        console.start();
        root.addAppender(console);

        if (logFile == null) {
            return Optional.empty();
        }
        String problem = writable(logFile);
        if (problem != null) {
            String msg = "cannot write log file " + logFile + ": " + problem;
            if (explicit) {
                throw new ConfigError(msg + "; fix the path or permissions, or set --log-file -");
            }
            return Optional.of(msg + "; logging to stdout only");
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("file");
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(encoder(ctx, variant));
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(logFile + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("50MB"));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.start();
        root.addAppender(file);
        return Optional.empty();
    }

    /** Flushes and closes appenders, so the last lines reach the file before exit. */
    public static void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static JsonLogEncoder encoder(LoggerContext ctx, String variant) {
        JsonLogEncoder e = new JsonLogEncoder();
        e.setVariant(variant);
        e.setContext(ctx);
        e.start();
        return e;
    }

    private static String writable(Path logFile) {
        try {
            Path parent = logFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(logFile) ? !Files.isWritable(logFile) : !Files.isWritable(parent)) {
                return "not writable";
            }
            return null;
        } catch (IOException | SecurityException e) {
            return e.toString();
        }
    }
}

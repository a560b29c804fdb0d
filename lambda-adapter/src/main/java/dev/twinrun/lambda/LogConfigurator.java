package dev.twinrun.lambda;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.twinrun.adapter.JsonLogEncoder;

/**
 * Logback set up in code (found through {@code META-INF/services}), which spares the cold start the XML parser:
 * the shared JSON lines on stdout (Lambda ships stdout to CloudWatch Logs), INFO, the SDK and s3proxy at WARN.
 * {@code TWINRUN_LOG_LEVEL} changes the level; the lines' {@code variant} is {@code TWINRUN_VARIANT} ({@code lambda}
 * or {@code fanout}), else {@code lambda}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        JsonLogEncoder encoder = new JsonLogEncoder();
        String variant = System.getenv("TWINRUN_VARIANT");
        encoder.setVariant(variant == null || variant.isBlank() ? "lambda" : variant.strip());
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("stdout");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("TWINRUN_LOG_LEVEL"), Level.INFO));
        root.addAppender(console);
        ctx.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        ctx.getLogger("org.gaul").setLevel(Level.WARN);
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

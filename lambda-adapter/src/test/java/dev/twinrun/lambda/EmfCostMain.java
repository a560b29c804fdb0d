package dev.twinrun.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.Telemetry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The first-use cost of one EMF document in a fresh JVM, by aws-embedded-metrics ({@code lib}) or by this adapter's
 * {@link dev.twinrun.adapter.EmfWriter} ({@code hand}), after Jackson databind and logback are loaded (as they are in the function by then).
 * Run it in a new JVM per measurement, with the Lambda JVM flags; prints {@code lib|hand milliseconds}.
 */
public final class EmfCostMain {
    private EmfCostMain() {
    }

    public static void main(String[] args) throws Exception {
        new ObjectMapper().readTree("{\"a\":[1,2]}");
        new ObjectMapper().writeValueAsString(Map.of("a", 1));
        org.slf4j.LoggerFactory.getLogger(EmfCostMain.class).debug("loaded");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long t0 = System.nanoTime();
        if (args[0].equals("lib")) {
            MetricsLogger m = new MetricsLogger(new LambdaEnvironment());
            m.setNamespace("twinrun");
            m.setDimensions(DimensionSet.of("Variant", "lambda"));
            m.putMetric("RowsRead", 123, Unit.COUNT);
            m.putMetric("BytesRead", 456, Unit.BYTES);
            m.putProperty("runId", "r");
            m.flush();
        } else {
            Map<Metric, Long> metrics = new LinkedHashMap<>();
            metrics.put(Telemetry.ROWS_READ, 123L);
            metrics.put(Telemetry.BYTES_READ, 456L);
            System.out.println(EmfWriter.document(Instant.now(), "lambda", metrics, Map.of("runId", "r")));
        }
        long t1 = System.nanoTime();
        out.printf(Locale.ROOT, "%s %.1f%n", args[0], (t1 - t0) / 1e6);
    }
}

package dev.twinrun.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** A test function: echoes "say", sleeps "sleepMs", allocates "allocateMb", throws when "fail" is set. */
public class EchoHandler implements RequestHandler<Map<String, Object>, String> {
    static final long INIT_NANOS = System.nanoTime();
    private static byte[][] hoard;

    public EchoHandler() {
        if (System.getenv("ECHO_FAIL_INIT") != null) {
            throw new IllegalStateException("init failed on purpose");
        }
        System.out.println("echo init");
    }

    private static String affinity() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.split(":")[1].trim())
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        System.out.println("echo " + context.getAwsRequestId() + " remaining=" + context.getRemainingTimeInMillis()
                + " memory=" + context.getMemoryLimitInMB() + " arn=" + context.getInvokedFunctionArn()
                + " cpus=" + Runtime.getRuntime().availableProcessors() + " maxHeapMb="
                + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " affinity=" + affinity());
        if (event.containsKey("fail")) {
            throw new IllegalArgumentException("failing on purpose: " + event.get("fail"));
        }
        if (event.containsKey("sleepMs")) {
            try {
                Thread.sleep(((Number) event.get("sleepMs")).longValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (event.containsKey("allocateMb")) {
            int mb = ((Number) event.get("allocateMb")).intValue();
            hoard = new byte[mb][];
            for (int i = 0; i < mb; i++) {
                hoard[i] = new byte[1024 * 1024];
                Arrays.fill(hoard[i], (byte) 1);
            }
        }
        if (event.containsKey("exit")) {
            Runtime.getRuntime().halt(((Number) event.get("exit")).intValue());
        }
        return "echo:" + event.getOrDefault("say", "");
    }
}

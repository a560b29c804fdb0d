package dev.twinrun.local.lambda;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Lambda Runtime API (version 2018-06-01) on 127.0.0.1, as documented: {@code GET /runtime/invocation/next}
 * (blocks until an event is queued), {@code POST /runtime/invocation/{id}/response}, {@code .../{id}/error} and
 * {@code POST /runtime/init/error}. One execution environment at a time; times are {@link System#nanoTime()}.
 */
public final class RuntimeApiServer implements AutoCloseable {
    /** The documented path prefix. */
    public static final String PREFIX = "/2018-06-01/runtime";
    /** The documented maximum synchronous response payload, 6 MB. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    /** An event waiting to be handed out, and what became of it. */
    public static final class Pending {
        final String requestId;
        final byte[] payload;
        final String functionArn;
        final String traceId;
        final long timeoutMs;
        volatile long handedOutNanos;
        volatile long deadlineEpochMs;
        volatile long cpuTicksAtHandout = -1;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        Pending(String requestId, byte[] payload, String functionArn, String traceId, long timeoutMs) {
            this.requestId = requireNonNull(requestId, "requestId");
            this.payload = requireNonNull(payload, "payload");
            this.functionArn = requireNonNull(functionArn, "functionArn");
            this.traceId = requireNonNull(traceId, "traceId");
            this.timeoutMs = timeoutMs;
        }

        boolean handedOut() {
            return handedOutNanos != 0;
        }
    }

    /** The runtime's answer: a response body, or an error type and body; with the time it arrived. */
    record Outcome(String response, LambdaError error, long completedNanos, long cpuTicks) {}

    /** What the server knows about the current execution environment. */
    static final class Environment {
        final CompletableFuture<Long> firstNextNanos = new CompletableFuture<>();
        final CompletableFuture<LambdaError> initError = new CompletableFuture<>();
        volatile LongSupplier cpuTicks = () -> -1;
        /** Runs once, on the runtime's first {@code /next}, before any event is handed out (outside Init and Duration). */
        volatile Runnable afterInit = () -> {};
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private volatile Environment environment = new Environment();
    private volatile boolean closed;

    private RuntimeApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on a free loopback port. */
    public static RuntimeApiServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        RuntimeApiServer api = new RuntimeApiServer(server, executor);
        server.createContext(PREFIX + "/", api::handle);
        server.start();
        return api;
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:port}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    /** Forgets the previous execution environment (and any event it had not answered), ready for a new one. */
    Environment newEnvironment() {
        Environment env = new Environment();
        this.environment = env;
        return env;
    }

    /** Queues an event for the next {@code /next} call. */
    void submit(Pending pending) {
        inFlight.put(pending.requestId, pending);
        queue.add(pending);
    }

    /** Drops an event the environment will never answer (timed out or crashed). */
    void abandon(Pending pending) {
        queue.remove(pending);
        inFlight.remove(pending.requestId);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring(PREFIX.length());
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(ex);
            } else if (method.equals("POST") && path.startsWith("/invocation/") && path.endsWith("/response")) {
                String id = path.substring("/invocation/".length(), path.length() - "/response".length());
                response(ex, id);
            } else if (method.equals("POST") && path.startsWith("/invocation/") && path.endsWith("/error")) {
                String id = path.substring("/invocation/".length(), path.length() - "/error".length());
                error(ex, id);
            } else if (method.equals("POST") && path.equals("/init/error")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String type = header(ex, "Lambda-Runtime-Function-Error-Type", "Runtime.Unknown");
                String text = new String(body, StandardCharsets.UTF_8);
                environment.initError.complete(new LambdaError(type, Json.errorMessage(text), text));
                reply(ex, 202, "{\"status\":\"OK\"}");
            } else {
                reply(
                        ex,
                        404,
                        "{\"errorMessage\":\"unknown path " + Json.escape(path)
                                + "\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange ex) throws IOException {
        Environment env = environment;
        if (env.firstNextNanos.complete(System.nanoTime())) {
            try {
                env.afterInit.run();
            } catch (RuntimeException e) {
                System.err.println("lambda harness: " + e.getMessage());
            }
        }
        Pending p = null;
        try {
            // A /next left open by an environment that was since replaced must not take the new one's events.
            while (p == null && !closed && environment == env) {
                p = queue.poll(50, TimeUnit.MILLISECONDS);
                if (p != null && environment != env) {
                    queue.addFirst(p);
                    p = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p == null) {
            reply(ex, 500, "{\"errorMessage\":\"execution environment ended\",\"errorType\":\"ServiceException\"}");
            return;
        }
        p.cpuTicksAtHandout = env.cpuTicks.getAsLong();
        p.deadlineEpochMs = System.currentTimeMillis() + p.timeoutMs;
        p.handedOutNanos = System.nanoTime();
        try {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", p.requestId);
            ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(p.deadlineEpochMs));
            ex.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", p.functionArn);
            ex.getResponseHeaders().set("Lambda-Runtime-Trace-Id", p.traceId);
            ex.sendResponseHeaders(200, p.payload.length == 0 ? -1 : p.payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(p.payload);
            }
        } catch (IOException e) {
            // The runtime went away while the event was on its way: the event waits for the next environment.
            p.handedOutNanos = 0;
            p.cpuTicksAtHandout = -1;
            queue.addFirst(p);
            throw e;
        }
    }

    private void response(HttpExchange ex, String id) throws IOException {
        long now = System.nanoTime();
        Pending p = inFlight.get(id);
        byte[] body = readAtMost(ex.getRequestBody(), MAX_RESPONSE_BYTES + 1);
        if (p == null || !p.handedOut()) {
            reply(
                    ex,
                    400,
                    "{\"errorMessage\":\"unknown request id " + Json.escape(id)
                            + "\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        long ticks = environment.cpuTicks.getAsLong();
        if (body.length > MAX_RESPONSE_BYTES) {
            reply(
                    ex,
                    413,
                    "{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
            complete(
                    p,
                    new Outcome(
                            null,
                            LambdaError.platform(
                                    "Function.ResponseSizeTooLarge",
                                    "Response payload size exceeded maximum allowed payload size (6291556 bytes)."),
                            now,
                            ticks));
            return;
        }
        reply(ex, 202, "{\"status\":\"OK\"}");
        complete(p, new Outcome(new String(body, StandardCharsets.UTF_8), null, now, ticks));
    }

    private void error(HttpExchange ex, String id) throws IOException {
        long now = System.nanoTime();
        Pending p = inFlight.get(id);
        byte[] body = ex.getRequestBody().readAllBytes();
        if (p == null || !p.handedOut()) {
            reply(
                    ex,
                    400,
                    "{\"errorMessage\":\"unknown request id " + Json.escape(id)
                            + "\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        long ticks = environment.cpuTicks.getAsLong();
        String type = header(ex, "Lambda-Runtime-Function-Error-Type", "Unhandled");
        String text = new String(body, StandardCharsets.UTF_8);
        reply(ex, 202, "{\"status\":\"OK\"}");
        complete(p, new Outcome(null, new LambdaError(type, Json.errorMessage(text), text), now, ticks));
    }

    private void complete(Pending p, Outcome outcome) {
        inFlight.remove(p.requestId);
        p.outcome.complete(outcome);
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit);
        in.transferTo(OutputStream.nullOutputStream());
        return bytes;
    }

    private static String header(HttpExchange ex, String name, String fallback) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}

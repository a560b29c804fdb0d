package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP pass-through in front of the embedded S3 server that counts the requests going through it by kind, so the
 * harness sees what a variant's process asked of S3 (the process gets this endpoint as {@code AWS_ENDPOINT_URL_S3};
 * the harness's own landings and checks go to the server directly and are not counted). Kinds: {@code GET},
 * {@code PUT}, {@code LIST} (a bucket GET: ListObjects), {@code HEAD}, {@code DELETE} (object DELETE and the
 * multi-object delete POST), and the same with a {@code partials.} prefix for requests under the incremental path's
 * {@code _partials/} (the partials and the debounce's {@code _arrived}).
 */
public final class S3RequestCounter implements AutoCloseable {
    public static final String GET = "GET";
    public static final String PUT = "PUT";
    public static final String LIST = "LIST";
    public static final String HEAD = "HEAD";
    public static final String DELETE = "DELETE";
    /** The prefix of the kinds counted under {@code _partials/}. */
    public static final String PARTIALS = "partials.";

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive", "date");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService pool;
    private final HttpClient client;
    private final Map<String, AtomicLong> counts = new TreeMap<>();
    private final String inputPath;
    private final AtomicLong inputBytes = new AtomicLong();

    private S3RequestCounter(URI upstream, String bucket, String inputPrefix) throws IOException {
        this.upstream = requireNonNull(upstream, "upstream");
        this.inputPath = "/" + requireNonNull(bucket, "bucket") + "/" + requireNonNull(inputPrefix, "inputPrefix");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "twinrun-s3-counter");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(pool)
                .build();
        server.setExecutor(pool);
        server.createContext("/", this::forward);
        server.start();
    }

    /**
     * Starts one in front of {@code upstream} (the embedded server's endpoint) on a free loopback port; the bytes of
     * objects read under {@code inputPrefix} of {@code bucket} are counted as input read ({@link #inputBytes}).
     */
    public static S3RequestCounter start(URI upstream, String bucket, String inputPrefix) throws IOException {
        return new S3RequestCounter(upstream, bucket, inputPrefix);
    }

    /** The bytes of input objects sent in answer to GETs so far (what the process read of its input). */
    public long inputBytes() {
        return inputBytes.get();
    }

    /** The endpoint to give the process instead of the server's. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** The requests counted so far, by kind, in key order; kinds never seen are absent. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        synchronized (counts) {
            counts.forEach((k, v) -> out.put(k, v.get()));
        }
        return out;
    }

    /**
     * The kind of a request: {@code method} and the raw path-style {@code /bucket/key?query}; null for requests that
     * are none of the kinds (bucket creation, ...).
     */
    static String kind(String method, String path, String query) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        String key = slash < 0 ? "" : p.substring(slash + 1);
        String q = query == null ? "" : query;
        String kind = switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> key.isEmpty() ? LIST : GET;
            case "PUT" -> key.isEmpty() ? null : PUT;
            case "HEAD" -> key.isEmpty() ? null : HEAD;
            case "DELETE" -> key.isEmpty() ? null : DELETE;
            case "POST" -> q.contains("delete") ? DELETE : null;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        boolean partials = kind.equals(LIST) ? listPrefix(q).contains("_partials/") : key.contains("_partials/");
        return partials ? PARTIALS + kind : kind;
    }

    private static String listPrefix(String query) {
        for (String part : query.split("&")) {
            if (part.startsWith("prefix=")) {
                return java.net.URLDecoder.decode(part.substring(7), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private void count(String kind) {
        if (kind == null) {
            return;
        }
        synchronized (counts) {
            counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            URI in = ex.getRequestURI();
            count(kind(method, in.getRawPath(), in.getRawQuery()));
            URI target = URI.create(upstream.toString().replaceAll("/$", "")
                    + in.getRawPath()
                    + (in.getRawQuery() == null ? "" : "?" + in.getRawQuery()));
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofMinutes(15))
                    .method(
                            method,
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<InputStream> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(503, -1);
                return;
            }
            boolean head = method.equalsIgnoreCase("HEAD");
            long length = r.headers().firstValueAsLong("content-length").orElse(-1);
            r.headers().map().forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.equals(":status") || (HOP_BY_HOP.contains(n) && !(head && n.equals("content-length")))) {
                    return;
                }
                ex.getResponseHeaders().put(name, List.copyOf(values));
            });
            try (InputStream from = r.body()) {
                boolean noBody = head || r.statusCode() == 204 || r.statusCode() == 304 || length == 0;
                ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : Math.max(0, length));
                if (!noBody) {
                    long sent;
                    try (OutputStream to = ex.getResponseBody()) {
                        sent = from.transferTo(to);
                    }
                    if (method.equalsIgnoreCase("GET") && in.getRawPath().startsWith(inputPath)) {
                        inputBytes.addAndGet(sent);
                    }
                } else {
                    from.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

package dev.twinrun.core.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 between an S3 client and an S3 server that injects storage faults at a set
 * rate, seeded: 500 InternalError and 503 SlowDown (before or after the server applied the request),
 * connection resets, stalls longer than the client's read timeout, and GET bodies cut short of their
 * Content-Length. Each response closes its connection, so every request is decided on its own.
 */
final class FaultProxy implements AutoCloseable {
    /** What the proxy does to one request. */
    enum Fault {
        NONE,
        ERROR_500_BEFORE,
        SLOW_DOWN_503_BEFORE,
        ERROR_500_AFTER_APPLIED,
        RESET_BEFORE,
        RESET_AFTER_APPLIED,
        STALL,
        TRUNCATED_BODY
    }

    /** Faults other than stalls, equally likely; stalls (slow by nature) are a smaller share. */
    private static final Fault[] OTHERS = {
        Fault.ERROR_500_BEFORE,
        Fault.SLOW_DOWN_503_BEFORE,
        Fault.ERROR_500_AFTER_APPLIED,
        Fault.RESET_BEFORE,
        Fault.RESET_AFTER_APPLIED,
        Fault.TRUNCATED_BODY
    };

    private final ServerSocket server;
    private final int upstreamPort;
    private final Random random;
    private final long stallMs;
    private volatile double rate;
    private final double stallShare = 0.05;
    private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
    private final AtomicLong requests = new AtomicLong();
    private final Thread acceptor;

    private final Fault only;
    private long budget = Long.MAX_VALUE;

    FaultProxy(int upstreamPort, long seed, double rate, long stallMs) throws IOException {
        this(upstreamPort, seed, rate, stallMs, null);
    }

    /** With {@code only} set, every injected fault is of that kind. */
    FaultProxy(int upstreamPort, long seed, double rate, long stallMs, Fault only) throws IOException {
        this.only = only;
        this.upstreamPort = upstreamPort;
        this.random = new Random(seed);
        this.rate = rate;
        this.stallMs = stallMs;
        for (Fault f : Fault.values()) {
            counts.put(f, new AtomicLong());
        }
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void rate(double r) {
        this.rate = r;
    }

    /** Injects at most {@code n} more faults, then passes every request through. */
    void budget(long n) {
        synchronized (random) {
            this.budget = n;
        }
    }

    /** Injected faults by kind (NONE counts clean requests). */
    Map<Fault, Long> counts() {
        Map<Fault, Long> m = new EnumMap<>(Fault.class);
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    long faultsInjected() {
        return counts.entrySet().stream()
                .filter(e -> e.getKey() != Fault.NONE)
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    long requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Fault decide(String method) {
        synchronized (random) {
            if (budget <= 0 || random.nextDouble() >= rate) {
                return Fault.NONE;
            }
            budget--;
            if (only != null) {
                return only == Fault.TRUNCATED_BODY && !method.equals("GET") ? Fault.NONE : only;
            }
            Fault f = random.nextDouble() < stallShare ? Fault.STALL : OTHERS[random.nextInt(OTHERS.length)];
            if (f == Fault.TRUNCATED_BODY && !method.equals("GET")) {
                f = Fault.RESET_AFTER_APPLIED;
            }
            return f;
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            Head req = Head.read(in);
            if (req == null) {
                return;
            }
            requests.incrementAndGet();
            if ("100-continue".equalsIgnoreCase(req.header("expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                req.remove("expect");
            }
            byte[] body = readBody(in, req);
            String method = req.startLine.split(" ", 2)[0];
            Fault f = decide(method);
            counts.get(f).incrementAndGet();
            switch (f) {
                case ERROR_500_BEFORE -> error(out, method, 500, "Internal Server Error", "InternalError");
                case SLOW_DOWN_503_BEFORE -> error(out, method, 503, "Slow Down", "SlowDown");
                case RESET_BEFORE -> reset(client);
                case STALL -> {
                    Thread.sleep(stallMs);
                    reset(client);
                }
                default -> {
                    byte[] response = forward(req, body);
                    switch (f) {
                        case ERROR_500_AFTER_APPLIED ->
                            error(out, method, 500, "Internal Server Error", "InternalError");
                        case RESET_AFTER_APPLIED -> reset(client);
                        case TRUNCATED_BODY -> truncated(out, response);
                        default -> {
                            out.write(response);
                            out.flush();
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up or the proxy is closing
        }
    }

    private byte[] forward(Head req, byte[] body) throws IOException {
        try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            up.setSoTimeout(30_000);
            req.remove("connection");
            req.headers.add("Connection: close");
            OutputStream o = up.getOutputStream();
            o.write(req.bytes());
            o.write(body);
            o.flush();
            InputStream i = new BufferedInputStream(up.getInputStream());
            Head resp = Head.read(i);
            if (resp == null) {
                throw new IOException("upstream closed without a response");
            }
            byte[] rest = i.readAllBytes();
            resp.remove("connection");
            resp.headers.add("Connection: close");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(resp.bytes());
            all.writeBytes(rest);
            return all.toByteArray();
        }
    }

    /** The head as sent, then only part of the body, then the connection closes. */
    private static void truncated(OutputStream out, byte[] response) throws IOException {
        int headEnd = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
        int bodyLength = response.length - headEnd;
        int keep = bodyLength <= 1 ? bodyLength : headEnd + bodyLength / 2;
        out.write(response, 0, bodyLength <= 1 ? response.length : keep);
        out.flush();
    }

    private static void error(OutputStream out, String method, int status, String text, String code)
            throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                        + "</Code><Message>injected by FaultProxy</Message><RequestId>fault</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        boolean head = method.equals("HEAD");
        String h = "HTTP/1.1 " + status + " " + text + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + (head ? 0 : body.length) + "\r\nConnection: close\r\n\r\n";
        out.write(h.getBytes(StandardCharsets.US_ASCII));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private static byte[] readBody(InputStream in, Head req) throws IOException {
        String te = req.header("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                raw.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = line(in);
                        raw.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    } while (!trailer.isEmpty());
                    return raw.toByteArray();
                }
                raw.writeBytes(in.readNBytes(size));
                raw.writeBytes((line(in) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String cl = req.header("content-length");
        return cl == null ? new byte[0] : in.readNBytes(Integer.parseInt(cl.trim()));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] a, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= a.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (a[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return a.length - 4;
    }

    /** A request or response head: start line and header lines. */
    private static final class Head {
        final String startLine;
        final List<String> headers = new ArrayList<>();

        private Head(String startLine) {
            this.startLine = startLine;
        }

        static Head read(InputStream in) throws IOException {
            String start = line(in);
            if (start == null) {
                return null;
            }
            Head h = new Head(start);
            String l;
            while ((l = line(in)) != null && !l.isEmpty()) {
                h.headers.add(l);
            }
            return h;
        }

        String header(String name) {
            for (String l : headers) {
                int c = l.indexOf(':');
                if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase(name)) {
                    return l.substring(c + 1).trim();
                }
            }
            return null;
        }

        void remove(String name) {
            headers.removeIf(l -> {
                int c = l.indexOf(':');
                return c > 0 && l.substring(0, c).trim().equalsIgnoreCase(name);
            });
        }

        byte[] bytes() {
            StringBuilder sb = new StringBuilder(startLine).append("\r\n");
            headers.forEach(h -> sb.append(h).append("\r\n"));
            return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

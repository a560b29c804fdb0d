import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the Lambda zip: copies the S3 SDK jar without the model classes that only operations the job never
 * calls can reach. Run with {@code java TrimS3Jar.java IN.jar OUT.jar GetObject,PutObject,...}.
 *
 * <p>Kept: every class reachable through constant-pool references from the client ({@code S3Client},
 * {@code DefaultS3ClientBuilder}), the SDK's service-loader entries, every modeled exception, and the request and
 * response classes of the given operations. A request or response class of another operation is kept (the client's
 * code names it, so the JVM loads it when it verifies the client) but what only it references is not followed: its
 * nested types, e.g. {@code LifecycleConfiguration}, are loaded only when that operation runs, which it never does.
 * Every other class and resource is copied unchanged.
 */
public final class TrimS3Jar {
    private static final String PKG = "software/amazon/awssdk/services/s3/";
    private static final String MODEL = PKG + "model/";
    private static final Pattern REF = Pattern.compile(Pattern.quote(PKG) + "[A-Za-z0-9_/$]+");

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: TrimS3Jar IN.jar OUT.jar Operation[,Operation...]");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Set<String> operations = Set.of(args[2].split(","));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, ZipEntry> meta = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(in))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                entries.put(e.getName(), z.readAllBytes());
                meta.put(e.getName(), e);
            }
        }
        Deque<String> todo = new ArrayDeque<>(List.of(PKG + "S3Client", PKG + "DefaultS3ClientBuilder"));
        entries.forEach((name, bytes) -> {
            if (name.startsWith("META-INF/services/")) {
                new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .forEach(l -> todo.add(l.replace('.', '/')));
            } else if (name.startsWith(MODEL) && name.endsWith(".class") && modelKind(name).equals("exception")) {
                todo.add(name.substring(0, name.length() - ".class".length()));
            }
        });
        for (String op : operations) {
            todo.add(MODEL + op + "Request");
            todo.add(MODEL + op + "Response");
        }
        for (String root : todo) {
            if (!entries.containsKey(root + ".class")) {
                throw new IllegalStateException(in + " has no " + root + ".class: the SDK's layout changed or "
                        + "the operation is misspelt");
            }
        }
        Set<String> keep = new HashSet<>();
        while (!todo.isEmpty()) {
            String c = todo.pop();
            byte[] bytes = entries.get(c + ".class");
            if (bytes == null || !keep.add(c)) {
                continue;
            }
            if (c.startsWith(MODEL) && modelKind(c).equals("operation") && !operations.contains(operation(c))) {
                continue;
            }
            for (String utf8 : utf8Constants(bytes)) {
                Matcher m = REF.matcher(utf8);
                while (m.find()) {
                    todo.add(m.group());
                }
            }
        }
        long before = Files.size(in);
        int removed = 0;
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(out);
                ZipOutputStream z = new ZipOutputStream(os)) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                String name = e.getKey();
                if (name.startsWith(MODEL) && name.endsWith(".class")
                        && !keep.contains(name.substring(0, name.length() - ".class".length()))) {
                    removed++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(meta.get(name).getTime());
                z.putNextEntry(copy);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        System.out.printf(
                "TrimS3Jar: %s -> %s: %,d -> %,d bytes; %d model classes left out (operations kept: %s)%n",
                in.getFileName(), out, before, Files.size(out), removed, String.join(",", operations));
    }

    /** {@code operation} (a request or response or their nested builders), {@code exception}, or {@code shape}. */
    static String modelKind(String name) {
        String base = simpleBase(name);
        if (base.endsWith("Exception")) {
            return "exception";
        }
        return base.endsWith("Request") || base.endsWith("Response") ? "operation" : "shape";
    }

    /** {@code GetObject} for {@code .../model/GetObjectResponse$Builder}. */
    static String operation(String name) {
        String base = simpleBase(name);
        return base.endsWith("Request")
                ? base.substring(0, base.length() - "Request".length())
                : base.substring(0, base.length() - "Response".length());
    }

    private static String simpleBase(String name) {
        String n = name.endsWith(".class") ? name.substring(0, name.length() - ".class".length()) : name;
        n = n.substring(n.lastIndexOf('/') + 1);
        int dollar = n.indexOf('$');
        return dollar < 0 ? n : n.substring(0, dollar);
    }

    /** Every CONSTANT_Utf8 of a class file: class names, descriptors and signatures are all among them. */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }
}

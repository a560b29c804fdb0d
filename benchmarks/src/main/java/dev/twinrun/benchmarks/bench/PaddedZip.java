package dev.twinrun.benchmarks.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The function's zip with a dependency added: a copy of the zip with one more jar in {@code lib/} ({@link #JAR}), of
 * about the size asked, holding generated, valid class files (each a public class with static methods that return a
 * constant string; names and strings drawn from a fixed vocabulary, so they compress about as real bytecode does, not
 * as zeros). The runtime puts the jar on the function's classpath and opens it; the handler never names its classes,
 * so INIT does not load them unless {@link PaddingLoader} runs as the jar's agent.
 */
public final class PaddedZip {
    /** The added jar's entry in the zip. */
    public static final String JAR = "lib/twinrun-padding.jar";

    /** The generated classes' package. */
    public static final String PACKAGE = "dev/twinrun/padding/";

    /** The function's {@code JAVA_TOOL_OPTIONS} that make INIT load every generated class (the task root is the cwd). */
    public static final String LOAD_OPTION = "-javaagent:" + JAR;

    static final int METHODS_PER_CLASS = 24;
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(1_767_225_600_000L);
    private static final List<String> WORDS = List.of(
            "request",
            "response",
            "client",
            "builder",
            "config",
            "handler",
            "service",
            "model",
            "value",
            "bucket",
            "object",
            "key",
            "region",
            "endpoint",
            "signer",
            "credentials",
            "provider",
            "retry",
            "policy",
            "stream",
            "buffer",
            "reader",
            "writer",
            "parser",
            "token",
            "header",
            "status",
            "error",
            "exception",
            "metadata",
            "marshaller",
            "unmarshaller",
            "transform",
            "context",
            "attribute",
            "execution",
            "interceptor",
            "pipeline",
            "stage",
            "timeout",
            "checksum",
            "content",
            "length",
            "type",
            "encoding",
            "version",
            "owner",
            "grant",
            "tag",
            "filter",
            "rule",
            "prefix",
            "marker",
            "delimiter",
            "part",
            "upload",
            "copy",
            "source",
            "target",
            "expires",
            "range",
            "match",
            "modified",
            "since",
            "storage",
            "class",
            "restore",
            "tier",
            "event",
            "record",
            "shape",
            "member",
            "list",
            "map",
            "string",
            "integer",
            "boolean",
            "instant",
            "document");

    /** What was written: the zip, the added jar's bytes, its classes and their bytes before compression. */
    public record Padding(Path zip, long jarBytes, int classes, long classBytes) {}

    private PaddedZip() {}

    /**
     * Writes {@code base} to {@code out} with {@link #JAR} added: generated classes until the jar holds at least
     * {@code addedBytes}, plus {@link PaddingLoader} as its {@code Premain-Class}.
     */
    public static Padding write(Path base, Path out, long addedBytes, long seed) throws IOException {
        if (addedBytes < 1) {
            throw new IllegalArgumentException("the dependency to add must have a size: " + addedBytes + " bytes");
        }
        byte[] jar = jar(addedBytes, seed);
        int classes;
        long classBytes = 0;
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            classes = 0;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().startsWith(PACKAGE)) {
                    classes++;
                    classBytes += in.readAllBytes().length;
                }
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(base));
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(JAR)) {
                    throw new IllegalArgumentException(base + " already has " + JAR);
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setLastModifiedTime(e.getLastModifiedTime() == null ? ENTRY_TIME : e.getLastModifiedTime());
                zip.putNextEntry(copy);
                in.transferTo(zip);
                zip.closeEntry();
            }
            ZipEntry e = new ZipEntry(JAR);
            e.setLastModifiedTime(ENTRY_TIME);
            zip.putNextEntry(e);
            zip.write(jar);
            zip.closeEntry();
        }
        return new Padding(out, jar.length, classes, classBytes);
    }

    /** The sum of the entries' uncompressed sizes: what counts against Lambda's unzipped limit. */
    public static long unzippedBytes(Path zip) throws IOException {
        long total = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : z.stream().toList()) {
                total += Math.max(0, e.getSize());
            }
        }
        return total;
    }

    static byte[] jar(long addedBytes, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), PaddingLoader.class.getName());
        String loader = PaddingLoader.class.getName().replace('.', '/') + ".class";
        // The central directory written at the end: 22 bytes, and per entry 46 and its name (ASCII), the manifest's
        // folder and file included; counted as the entries go so the jar ends near the size asked.
        long central = 22 + 46 + "META-INF/".length() + 46 + JarFile.MANIFEST_NAME.length() + 46 + loader.length();
        // The manifest is written as an entry of its own with the fixed time (JarOutputStream's constructor would
        // stamp it with the current time, so the same seed would not give the same bytes a second later).
        ByteArrayOutputStream manifestBytes = new ByteArrayOutputStream();
        manifest.write(manifestBytes);
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            entry(jar, JarFile.MANIFEST_NAME, manifestBytes.toByteArray());
            entry(jar, loader, loaderClass());
            for (int i = 0; bytes.size() + central < addedBytes; i++) {
                String name = PACKAGE + word(random, true) + word(random, true) + i;
                entry(jar, name + ".class", classFile(name, METHODS_PER_CLASS, random));
                central += 46 + 9 + name.length() + ".class".length(); // 9: the extended timestamp
            }
        }
        return bytes.toByteArray();
    }

    private static void entry(JarOutputStream jar, String name, byte[] content) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setLastModifiedTime(ENTRY_TIME);
        jar.putNextEntry(e);
        jar.write(content);
        jar.closeEntry();
    }

    private static byte[] loaderClass() {
        String resource = PaddingLoader.class.getSimpleName() + ".class";
        try (InputStream in = PaddingLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A class file (version 52, Java 8) of a public class {@code internalName} extending Object with {@code methods}
     * public static methods {@code ()Ljava/lang/String;}, each {@code ldc_w <its string>; areturn}: straight-line code,
     * so no stack map frames are needed and the verifier accepts it.
     */
    static byte[] classFile(String internalName, int methods, Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(52);
            // Constant pool: 1 this name, 2 this, 3 Object's name, 4 Object, 5 "Code", 6 the descriptor,
            // then per method: its name, its string's text, the String constant.
            out.writeShort(7 + 3 * methods);
            utf8(out, internalName);
            classRef(out, 1);
            utf8(out, "java/lang/Object");
            classRef(out, 3);
            utf8(out, "Code");
            utf8(out, "()Ljava/lang/String;");
            for (int m = 0; m < methods; m++) {
                utf8(out, word(random, false) + word(random, true) + word(random, true) + m);
                StringBuilder text = new StringBuilder();
                int words = 3 + random.nextInt(8);
                for (int w = 0; w < words; w++) {
                    text.append(w == 0 ? "" : " ").append(word(random, false));
                }
                utf8(out, text.toString());
                out.writeByte(8); // CONSTANT_String
                out.writeShort(8 + 3 * m);
            }
            out.writeShort(0x0021); // ACC_PUBLIC | ACC_SUPER
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(methods);
            for (int m = 0; m < methods; m++) {
                out.writeShort(0x0009); // ACC_PUBLIC | ACC_STATIC
                out.writeShort(7 + 3 * m);
                out.writeShort(6);
                out.writeShort(1); // attributes: Code
                out.writeShort(5);
                out.writeInt(12 + 4);
                out.writeShort(1); // max_stack
                out.writeShort(0); // max_locals
                out.writeInt(4); // code_length
                out.writeByte(0x13); // ldc_w
                out.writeShort(9 + 3 * m);
                out.writeByte(0xB0); // areturn
                out.writeShort(0); // exception table
                out.writeShort(0); // attributes of Code
            }
            out.writeShort(0); // class attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(1);
        out.writeUTF(s);
    }

    private static void classRef(DataOutputStream out, int nameIndex) throws IOException {
        out.writeByte(7);
        out.writeShort(nameIndex);
    }

    private static String word(Random random, boolean capital) {
        String w = WORDS.get(random.nextInt(WORDS.size()));
        return capital ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w;
    }
}

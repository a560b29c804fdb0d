package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip's S3 SDK jar, trimmed at build time to the operations the core calls (src/build/TrimS3Jar.java): every class
 * left in it loads, the kept operations' model classes link and initialize, and the core calls no S3 operation
 * beyond the kept ones.
 */
class TrimmedS3JarIT {
    private static final Path ZIP = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));
    private static final Set<String> OPERATIONS = Set.of(
            Objects.requireNonNull(System.getProperty("twinrun.s3.operations"), "system property twinrun.s3.operations")
                    .split(","));
    private static final String CLIENT = "software/amazon/awssdk/services/s3/S3Client";

    @TempDir
    static Path lib;

    private static URLClassLoader loader;
    private static Path s3Jar;
    private static Path coreJar;

    @BeforeAll
    static void unpack() throws IOException {
        List<URL> urls = new ArrayList<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                    Path jar = lib.resolve(e.getName().substring("lib/".length()));
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, jar);
                    }
                    urls.add(jar.toUri().toURL());
                    if (jar.getFileName().toString().matches("s3-\\d.*\\.jar")) {
                        s3Jar = jar;
                    } else if (jar.getFileName().toString().startsWith("twinrun-core-")) {
                        coreJar = jar;
                    }
                }
            }
        }
        assertThat(s3Jar).as("lib/s3-*.jar in " + ZIP).isNotNull();
        assertThat(coreJar).as("lib/twinrun-core-*.jar in " + ZIP).isNotNull();
        loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    @Test
    void everyClassLeftInTheJarLoads() throws IOException {
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        for (String name : classes(s3Jar)) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (NoClassDefFoundError e) {
                // The CRT-based async client's adapters need the optional aws-crt library, never in the zip.
                if (e.getMessage() == null || !e.getMessage().startsWith("software/amazon/awssdk/crt/")) {
                    failures.add(name + ": " + e);
                }
            } catch (LinkageError | ClassNotFoundException e) {
                failures.add(name + ": " + e);
            }
        }
        assertThat(failures)
                .as("classes of the trimmed S3 jar that do not load")
                .isEmpty();
        assertThat(loaded).as("classes loaded").isGreaterThan(1000);
    }

    @Test
    void theKeptOperationsModelClassesLinkAndInitialize() throws Exception {
        for (String op : OPERATIONS) {
            for (String suffix : List.of("Request", "Response")) {
                Class<?> c = Class.forName("software.amazon.awssdk.services.s3.model." + op + suffix, true, loader);
                // Resolves every type in the signatures, the nested shapes' included.
                assertThat(c.getDeclaredMethods()).as(c.getName() + " methods").isNotEmpty();
                Method builder = c.getMethod("builder");
                Object built = builder.invoke(null);
                assertThat(builder.getReturnType().getMethod("build").invoke(built))
                        .as(op + suffix + " built empty")
                        .isNotNull();
            }
        }
        Class<?> client = Class.forName(CLIENT.replace('/', '.'), true, loader);
        assertThat(client.getDeclaredMethods()).as("S3Client methods resolve").isNotEmpty();
    }

    @Test
    void theCoreCallsNoS3OperationBeyondTheKeptOnes() throws IOException {
        Set<String> called = new TreeSet<>();
        try (JarFile jar = new JarFile(coreJar.toFile())) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                if (e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        called.addAll(clientMethods(in.readAllBytes()));
                    }
                }
            }
        }
        Set<String> operations = new TreeSet<>();
        for (String m : called) {
            if (!Set.of("close", "builder", "create", "serviceName", "serviceClientConfiguration", "utilities")
                    .contains(m)) {
                String op = m.endsWith("Paginator") ? m.substring(0, m.length() - "Paginator".length()) : m;
                operations.add(Character.toUpperCase(op.charAt(0)) + op.substring(1));
            }
        }
        assertThat(operations).as("S3 operations the core calls").isNotEmpty();
        assertThat(OPERATIONS)
                .as("twinrun.s3.operations in lambda-adapter/pom.xml must list every S3 operation the core calls")
                .containsAll(operations);
    }

    private static List<String> classes(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> en = j.entries(); en.hasMoreElements(); ) {
                String n = en.nextElement().getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        return names;
    }

    /** The names of the {@code S3Client} methods a class file calls (its Methodref and InterfaceMethodref constants). */
    static Set<String> clientMethods(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        int[] tag = new int[count];
        int[] a = new int[count];
        int[] b = new int[count];
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> a[i] = in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 9, 10, 11, 12, 17, 18 -> {
                    a[i] = in.readUnsignedShort();
                    b[i] = in.readUnsignedShort();
                }
                case 3, 4 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag[i]);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if ((tag[i] == 10 || tag[i] == 11) && CLIENT.equals(utf8[a[a[i]]])) {
                out.add(utf8[a[b[i]]]);
            }
        }
        return out;
    }
}

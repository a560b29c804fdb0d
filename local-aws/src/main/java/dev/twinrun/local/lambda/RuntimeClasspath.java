package dev.twinrun.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Finds the jars of the Java managed runtime (what Lambda keeps in /var/runtime/lib) on this JVM's classpath. */
final class RuntimeClasspath {
    /** The client's main class; its jar's manifest names it too. */
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** One class from each jar the runtime interface client 2.x needs (its manifest Class-Path). */
    private static final List<String> MARKERS = List.of(
            MAIN_CLASS,
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal",
            "software.amazon.awssdk.annotations.SdkInternalApi");

    /** The client's system property naming its native library; without it, it unpacks to one fixed /tmp path. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final Map<Path, Path> UNPACKED = new HashMap<>();

    private RuntimeClasspath() {}

    /**
     * The client's native library for this machine, unpacked once per harness JVM to a file of its own. The client
     * otherwise copies it to {@code /tmp/.libaws-lambda-jni.so} in every runtime it starts, and two runtimes starting
     * at the same moment overwrite the file while the other maps it (SIGBUS). Empty when no runtime jar holds a
     * library for this OS and architecture: the client then does as it always does.
     */
    static synchronized Optional<Path> jniLibrary(List<Path> runtimeClasspath) throws IOException {
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (arch == null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        boolean musl;
        try (var libs = Files.list(Path.of("/lib"))) {
            musl = libs.anyMatch(f -> f.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException e) {
            musl = false;
        }
        String entry = "jni/libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + arch + ".so";
        for (Path jar : runtimeClasspath) {
            if (!Files.isRegularFile(jar)) {
                continue;
            }
            Path cached = UNPACKED.get(jar);
            if (cached != null && Files.exists(cached)) {
                return Optional.of(cached);
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry e = zip.getEntry(entry);
                if (e == null) {
                    continue;
                }
                Path out = Files.createTempFile("twinrun-lambda-jni-", ".so");
                out.toFile().deleteOnExit();
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                UNPACKED.put(jar, out);
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    static List<Path> locate() {
        ClassLoader loader = RuntimeClasspath.class.getClassLoader();
        Set<Path> jars = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String marker : MARKERS) {
            URL url = loader.getResource(marker.replace('.', '/') + ".class");
            if (url == null) {
                missing.add(marker);
                continue;
            }
            jars.add(jarOf(url));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the Lambda runtime is not on the classpath (missing " + missing
                    + "); add com.amazonaws:aws-lambda-java-runtime-interface-client to the dependencies"
                    + " or pass LambdaSpec.Builder.runtimeClasspath(...)");
        }
        return List.copyOf(jars);
    }

    private static Path jarOf(URL classUrl) {
        String s = classUrl.toString();
        try {
            if (s.startsWith("jar:")) {
                String file = s.substring("jar:".length(), s.indexOf("!/"));
                return Path.of(new URI(file));
            }
            throw new IllegalStateException(
                    "expected " + s + " inside a jar; pass LambdaSpec.Builder.runtimeClasspath(...)");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + s, e);
        }
    }
}

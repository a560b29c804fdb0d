package dev.twinrun.lambda.harness;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    private RuntimeClasspath() {
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
                return Path.of(new java.net.URI(file));
            }
            throw new IllegalStateException("expected " + s + " inside a jar; pass LambdaSpec.Builder.runtimeClasspath(...)");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + s, e);
        }
    }
}

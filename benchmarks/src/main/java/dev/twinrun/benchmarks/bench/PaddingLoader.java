package dev.twinrun.benchmarks.bench;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The padding jar's agent ({@code Premain-Class}): run as {@code -javaagent:lib/twinrun-padding.jar} it loads,
 * links and initializes every generated class of the jar before the runtime's main, so the INIT the runtime reports
 * includes loading them, as for a dependency whose classes the handler's initialization uses. JDK classes only: it is
 * copied into the padding jar alone.
 */
public final class PaddingLoader {
    private PaddingLoader() {}

    public static void premain(String args, Instrumentation inst) throws Exception {
        Path jar = Path.of(PaddingLoader.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ClassLoader loader = PaddingLoader.class.getClassLoader();
        String self = PaddingLoader.class.getName();
        int loaded = 0;
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                String cls =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (!cls.equals(self)) {
                    Class.forName(cls, true, loader);
                    loaded++;
                }
            }
        }
        if (args != null && args.equals("verbose")) {
            System.err.println("twinrun padding: " + loaded + " classes loaded from " + jar);
        }
    }
}

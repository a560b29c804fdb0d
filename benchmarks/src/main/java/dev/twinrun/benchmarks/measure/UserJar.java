package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.transform.Transformation;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's own transformation: a jar and the class in it ({@code compare --transformation-jar J --transformation C}).
 * The Lambda variant gets the jar in its zip's {@code lib/}, the EC2 runner on its classpath, both
 * {@code TWINRUN_TRANSFORMATION=C}. The jar holds the user's classes only; the core comes from the function and the
 * runner.
 *
 * @param jar       the jar file
 * @param className the class implementing {@code dev.twinrun.core.transform.Transformation}
 */
public record UserJar(Path jar, String className) {
    public UserJar {
        requireNonNull(jar, "jar");
        requireNonNull(className, "className");
        jar = jar.toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--transformation-jar " + jar + ": no such file");
        }
    }

    /**
     * Loads the class from the jar (this process's core beneath it) and makes one, checking its type first as
     * {@code Transformations.byName} does; fails naming the jar and the class.
     */
    public Transformation<?> load() {
        try {
            URLClassLoader loader =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, Transformation.class.getClassLoader());
            Class<?> type = Class.forName(className, false, loader);
            if (!Transformation.class.isAssignableFrom(type)) {
                throw new ConfigException("--transformation " + className + " in " + jar + " does not implement "
                        + Transformation.class.getName());
            }
            return type.asSubclass(Transformation.class)
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (IOException | ReflectiveOperationException | LinkageError e) {
            throw new ConfigException("--transformation " + className + " is not a loadable class with a public"
                    + " no-argument constructor in " + jar + " (" + e + ")");
        }
    }
}

package dev.twinrun.core.transform;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import dev.twinrun.core.spec.SpecTransformation;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a transformation by built-in name, by job spec file (a name ending in {@code .json}, see
 * {@code docs/JOBS.md}) or by class name (a public no-argument constructor); a class that is not a
 * {@link Transformation} is refused before any of its code runs.
 */
public final class Transformations {
    /** The built-in transformation used when none is named. */
    public static final String DEFAULT = EcommerceInsights.NAME;

    private Transformations() {}

    public static List<String> names() {
        return List.of(EcommerceInsights.NAME);
    }

    public static Transformation<?> byName(String name) {
        if (EcommerceInsights.NAME.equals(name)) {
            return new EcommerceInsights();
        }
        if (name.endsWith(".json")) {
            return SpecTransformation.fromFile(Path.of(name));
        }
        try {
            // The type is checked before the class is initialised or instantiated: a class named by mistake runs no
            // code of its own.
            Class<?> type = Class.forName(name, false, Transformations.class.getClassLoader());
            if (!Transformation.class.isAssignableFrom(type)) {
                throw new ConfigException(
                        "transformation class " + name + " does not implement " + Transformation.class.getName());
            }
            return type.asSubclass(Transformation.class)
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigException("transformation '" + name + "' is neither built in " + names()
                    + " nor a loadable class with a public no-argument constructor (" + e + ")");
        }
    }
}

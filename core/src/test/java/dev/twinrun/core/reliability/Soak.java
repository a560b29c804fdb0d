package dev.twinrun.core.reliability;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** Skips a long-running property unless {@code -Dtwinrun.soak=true}; the short version always runs. */
public final class Soak implements SkipExecutionHook {
    /** True when the soak was asked for. */
    public static boolean enabled() {
        return Boolean.getBoolean("twinrun.soak");
    }

    /** {@code short} normally, {@code soak} under {@code -Dtwinrun.soak=true}. */
    public static int count(int normal, int soak) {
        return enabled() ? soak : normal;
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return enabled() ? SkipResult.doNotSkip() : SkipResult.skip("soak only: run with -Dtwinrun.soak=true");
    }
}

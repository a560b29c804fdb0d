package dev.twinrun.cli;

import dev.twinrun.core.store.ObjectStore;

/** Where a key of a store is, as the commands print it. */
final class Locations {
    private Locations() {}

    /**
     * {@code store}'s location joined with {@code key} by exactly one {@code /} ({@code s3://bucket/incoming/} and
     * {@code dt=.../hour=13} give {@code s3://bucket/incoming/dt=.../hour=13}, a folder {@code data/out} gives
     * {@code data/out/...}).
     */
    static String under(ObjectStore store, String key) {
        return join(store.describe(), key);
    }

    static String join(String location, String key) {
        String base = location;
        while (base.endsWith("/") && !base.endsWith("://")) {
            base = base.substring(0, base.length() - 1);
        }
        String rest = key;
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        return base.endsWith("://") ? base + rest : base + "/" + rest;
    }
}

package dev.twinrun.core.job;

import dev.twinrun.core.HourId;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the input store holds and where each hour stands: the hour's CSV files, the hours with input, and
 * which of them are due (input but no current published result, as the {@link Manifest} says).
 */
final class HourInputs {
    private final ObjectStore input;
    private final Manifest manifest;

    HourInputs(ObjectStore input, Manifest manifest) {
        this.input = Objects.requireNonNull(input, "input");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    /** The CSV files of the hour, sorted by key; names starting with {@code _} or {@code .} are not input. */
    List<ObjectInfo> files(HourId hour) throws IOException {
        List<ObjectInfo> files = new ArrayList<>();
        for (ObjectInfo o : input.list(hour.path() + "/")) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (!name.startsWith("_")
                    && !name.startsWith(".")
                    && name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                files.add(o);
            }
        }
        return files;
    }

    /** Every hour that has at least one input file, oldest first. */
    TreeSet<HourId> hoursWithInput() throws IOException {
        TreeSet<HourId> hours = new TreeSet<>();
        for (ObjectInfo o : input.list("dt=")) {
            HourId.fromPath(o.key()).ifPresent(hours::add);
        }
        return hours;
    }

    /** Hours up to {@code upTo} (inclusive) with input and no current published result, oldest first. */
    List<HourId> due(HourId upTo) throws IOException {
        List<HourId> due = new ArrayList<>();
        for (HourId h : hoursWithInput()) {
            if (h.compareTo(upTo) <= 0 && status(h) == HourStatus.DUE) {
                due.add(h);
            }
        }
        return due;
    }

    HourStatus status(HourId hour) throws IOException {
        List<ObjectInfo> files = files(hour);
        if (files.isEmpty()) {
            return HourStatus.NO_INPUT;
        }
        return manifest.current(hour, files, manifest.previousSummary(hour)).isPresent()
                ? HourStatus.CURRENT
                : HourStatus.DUE;
    }
}

package dev.twinrun.core.transform;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import java.util.List;

/**
 * A pluggable hourly transformation: how rows become a mergeable partial aggregate and how the merged
 * aggregate becomes the hour's published files.
 *
 * <p>The core reads, validates the CSV structure, splits work across threads and shards, and publishes;
 * a transformation only sees well-formed rows. Partials must merge associatively and the rendered bytes
 * must depend only on the merged content, never on how rows were split, so several files, threads or
 * shards give byte-identical output.
 *
 * @param <P> the partial aggregate type
 */
public interface Transformation<P> {

    /** A short stable name, written into the manifest. */
    String name();

    /**
     * What the parse results of this transformation depend on beyond {@link #name()}: kept partials are reused only
     * by a transformation with the same identity (the job's incremental hours). The default is the name and the
     * class; a transformation whose behaviour can change under the same name (a job spec edited in place) includes
     * a digest of what defines it.
     */
    default String identity() {
        return name() + "\n" + getClass().getName();
    }

    /**
     * A digest of what defines this transformation beyond its code ({@code sha256:<hex>} of a job spec's bytes), or
     * empty when its code is all of it. The manifest records it, so an hour published by an edited spec under the
     * same name is made again rather than taken as already published.
     */
    default java.util.Optional<String> definition() {
        return java.util.Optional.empty();
    }

    /** An empty partial aggregate. */
    P newPartial();

    /**
     * A consumer that adds rows of {@code hour} from a file with this header into {@code partial}, or an
     * exception when the header is unusable (a required column missing, ...).
     */
    RowConsumer bind(Header header, HourId hour, P partial) throws UnusableInputException;

    /** Adds {@code other} into {@code into}; {@code other} is not used afterwards. */
    void merge(P into, P other);

    /** The hour's output files, in a fixed order, with deterministic bytes. */
    List<OutputFile> render(P merged, RenderContext context);

    /** The partial in a compact versioned binary form, for shards processed apart and merged later. */
    byte[] encode(P partial);

    /** Reads what {@link #encode} wrote, rejecting other versions with a clear message. */
    P decode(byte[] bytes);
}

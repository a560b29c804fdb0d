package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A plain-text progress bar for long runs, e.g. {@code [##########----------]  12/24  50%  0:41 lambda 512 MB hour 03};
 * on a terminal it redraws one line with {@code \r}, elsewhere it prints one line per step (readable in CI logs).
 */
public final class ProgressBar {
    /** Characters between the brackets. */
    public static final int WIDTH = 24;

    private final PrintStream out;
    private final int total;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private int done;
    private int lastLength;

    /** A bar of {@code total} steps on {@code out}; {@code redraw} for a terminal. */
    public ProgressBar(PrintStream out, int total, boolean redraw) {
        this.out = requireNonNull(out, "out");
        if (total < 1) {
            throw new IllegalArgumentException("total must be positive: " + total);
        }
        this.total = total;
        this.redraw = redraw;
    }

    /** A bar on stderr that redraws when a console is attached. */
    public static ProgressBar onStderr(int total) {
        return new ProgressBar(System.err, total, System.console() != null);
    }

    /** A bar that draws nothing (tests, --quiet). */
    public static ProgressBar silent(int total) {
        return new ProgressBar(new PrintStream(PrintStream.nullOutputStream()), total, false);
    }

    /** Shows what is starting now, without advancing. */
    public synchronized void show(String label) {
        draw(label);
    }

    /** Marks one step done and shows the label. */
    public synchronized void step(String label) {
        done = Math.min(total, done + 1);
        draw(label);
    }

    /** Ends the bar's line (terminal mode). */
    public synchronized void finish() {
        if (redraw && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.flush();
    }

    public synchronized int done() {
        return done;
    }

    private void draw(String label) {
        String line = render(done, total, (System.nanoTime() - startNanos) / 1_000_000_000L, label);
        if (redraw) {
            String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
            out.print("\r" + line + pad);
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One line of the bar: filled share, count, percent, elapsed m:ss and the label. */
    public static String render(int done, int total, long elapsedSeconds, String label) {
        int d = Math.max(0, Math.min(done, total));
        int filled = (int) ((long) d * WIDTH / total);
        return String.format(
                        Locale.ROOT,
                        "[%s%s] %" + Integer.toString(total).length() + "d/%d %3d%% %d:%02d %s",
                        "#".repeat(filled),
                        "-".repeat(WIDTH - filled),
                        d,
                        total,
                        (int) ((long) d * 100 / total),
                        elapsedSeconds / 60,
                        elapsedSeconds % 60,
                        label == null ? "" : label)
                .stripTrailing();
    }
}

package dev.twinrun.core.transform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One CSV record as UTF-8 byte slices, reused from row to row: read what you need during
 * {@link RowConsumer#accept(Row)} and keep nothing.
 *
 * <p>Field {@code i} is {@code array(i)[start(i) .. end(i))}, already unquoted and unescaped.
 */
public final class Row {
    private byte[][] arrays;
    private int[] starts;
    private int[] ends;
    private int count;
    // arrays[0..uniformTo) are all `uniform` (the parser's buffer, nearly always): fill() then stores no array.
    private byte[] uniform;
    private int uniformTo;

    public Row(int capacity) {
        arrays = new byte[capacity][];
        starts = new int[capacity];
        ends = new int[capacity];
    }

    public int fieldCount() {
        return count;
    }

    public byte[] array(int i) {
        return arrays[i];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public int length(int i) {
        return ends[i] - starts[i];
    }

    public boolean isEmpty(int i) {
        return ends[i] == starts[i];
    }

    /** Field {@code i} decoded as a String (allocates; the built-in transformation avoids it). */
    public String text(int i) {
        return new String(arrays[i], starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** For the parser: forget all fields. */
    public void clear() {
        count = 0;
    }

    /**
     * For the parser, which writes fields' bounds itself: the starts array, where field {@code i} starts (valid until
     * {@link #add} grows the row).
     */
    public int[] starts() {
        return starts;
    }

    /** For the parser: the ends array (see {@link #starts()}). */
    public int[] ends() {
        return ends;
    }

    /**
     * For the parser: fields {@code from..to-1}, whose bounds it wrote into {@link #starts()} and {@link #ends()}, are
     * slices of {@code array}; the row now holds {@code to} fields. Fields past the arrays' length are counted only.
     */
    public void fill(int from, int to, byte[] array) {
        int k = Math.min(to, starts.length);
        if (array == uniform) {
            for (int i = Math.max(from, uniformTo); i < k; i++) {
                arrays[i] = array;
            }
            if (from <= uniformTo && k > uniformTo) {
                uniformTo = k;
            }
        } else {
            for (int i = from; i < k; i++) {
                arrays[i] = array;
            }
            if (from == 0) {
                uniform = array;
                uniformTo = k;
            } else if (from < uniformTo) {
                uniformTo = from;
            }
        }
        count = to;
    }

    /** For the parser: append a field; returns false once {@code limit} fields are held. */
    public boolean add(byte[] array, int start, int end, int limit) {
        if (count >= limit) {
            count++;
            return false;
        }
        if (count == starts.length) {
            int n = starts.length * 2;
            arrays = Arrays.copyOf(arrays, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        if (arrays[count] != array) { // nearly always the parser's buffer again: skip the store and its GC barrier
            arrays[count] = array;
            if (count < uniformTo) {
                uniformTo = count;
            }
        }
        starts[count] = start;
        ends[count] = end;
        count++;
        return true;
    }
}

package dev.twinrun.core.ecommerce;

import dev.twinrun.core.HourId;
import dev.twinrun.core.store.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes realistic, deterministic hourly e-commerce event exports: the same seed, hour, size and file
 * index always give the same bytes. Text values include quoted commas, quotes and newlines, and an
 * optional share of bad rows of several kinds, so the whole parser is exercised.
 */
public final class EventGenerator {
    static final String[] CHANNELS = {"organic", "paid_search", "email", "social", "direct", "affiliate"};
    static final String[] CAMPAIGNS = {
        "black_friday", "winter_sale", "newsletter_w48", "retargeting", "brand", "launch \"Aurora\"", "gifts, under 50"
    };
    static final String[] CATEGORIES = {
        "books",
        "electronics",
        "home, garden",
        "toys",
        "fashion",
        "beauty",
        "sports",
        "grocery",
        "music \"vinyl\"",
        "garden\ntools",
        "pet supplies",
        "automotive"
    };
    static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "JP", "CA", "NL", "ES", "IT", "AU", "BR", "IN"};
    static final String[] CURRENCY_OF = {
        "USD", "EUR", "GBP", "EUR", "JPY", "CAD", "EUR", "EUR", "EUR", "AUD", "BRL", "INR"
    };
    static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    static final String HEADER = String.join(",", EcommerceInsights.COLUMNS);

    /** Kinds of bad row the generator can write, each quarantined for its own reason. */
    public enum BadRow {
        WRONG_COLUMN_COUNT,
        UNPARSEABLE_PRICE,
        UNPARSEABLE_TIMESTAMP,
        UNKNOWN_EVENT_TYPE,
        MISSING_VALUE,
        INVALID_ENCODING,
        OUTSIDE_HOUR,
        NEGATIVE_QUANTITY
    }

    private final long seed;
    private final double badRowRatio;
    private final int products;

    /**
     * @param seed the random seed (same seed, same bytes)
     * @param badRowRatio share of rows that are bad, 0 to 1, spread evenly over {@link BadRow}
     * @param products distinct product ids (default 5,000)
     */
    public EventGenerator(long seed, double badRowRatio, int products) {
        if (badRowRatio < 0 || badRowRatio > 1) {
            throw new IllegalArgumentException("badRowRatio must be within 0..1, was " + badRowRatio);
        }
        if (products < 1) {
            throw new IllegalArgumentException("products must be >= 1");
        }
        this.seed = seed;
        this.badRowRatio = badRowRatio;
        this.products = products;
    }

    public EventGenerator(long seed, double badRowRatio) {
        this(seed, badRowRatio, 5_000);
    }

    /** Writes one file of about {@code targetBytes} (at least the header and one row); returns rows written. */
    public long write(HourId hour, int fileIndex, long targetBytes, OutputStream sink) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + hour.startEpochSecond() * 31 + fileIndex);
        OutputStream out = new BufferedOutputStream(sink, 1 << 16);
        byte[] header = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(header);
        long written = header.length;
        long rows = 0;
        StringBuilder sb = new StringBuilder(256);
        long sessionBase = (hour.startEpochSecond() / 3600) * 1_000_000L + fileIndex * 100_000L;
        while (written < targetBytes || rows == 0) {
            sb.setLength(0);
            if (badRowRatio > 0 && rnd.nextDouble() < badRowRatio) {
                badRow(sb, rnd, hour, fileIndex, rows);
            } else {
                goodRow(sb, rnd, hour, fileIndex, rows, sessionBase);
            }
            byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (sb.indexOf("\u00ff") >= 0) {
                line = invalidUtf8(line);
            }
            out.write(line);
            written += line.length;
            rows++;
        }
        out.flush();
        return rows;
    }

    /** Writes {@code files} files of about {@code totalBytes} in all under {@code root/dt=../hour=../}. */
    public List<Path> writeHour(Path root, HourId hour, long totalBytes, int files) throws IOException {
        Path dir = root.resolve(hour.path());
        Files.createDirectories(dir);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path p = dir.resolve(String.format("part-%04d.csv", i));
            try (OutputStream out = Files.newOutputStream(p)) {
                write(hour, i, totalBytes / files, out);
            }
            paths.add(p);
        }
        return paths;
    }

    /** Writes the same files into an object store under {@code dt=../hour=../}. */
    public List<String> writeHour(ObjectStore store, HourId hour, long totalBytes, int files) throws IOException {
        List<String> keys = new ArrayList<>();
        Path tmp = Files.createTempFile("twinrun-gen-", ".csv");
        try {
            for (int i = 0; i < files; i++) {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write(hour, i, totalBytes / files, out);
                }
                String key = hour.path() + String.format("/part-%04d.csv", i);
                store.put(key, tmp);
                keys.add(key);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return keys;
    }

    private void goodRow(StringBuilder sb, SplittableRandom rnd, HourId hour, int file, long row, long sessionBase) {
        int country = pick(rnd, COUNTRIES.length);
        long session = sessionBase + rnd.nextInt(40_000);
        long user = session % 29_989 + (hour.startEpochSecond() % 7) * 100_000;
        int typeDraw = rnd.nextInt(100);
        int type = typeDraw < 68 ? 0 : typeDraw < 84 ? 1 : typeDraw < 92 ? 2 : typeDraw < 99 ? 3 : 4;
        int product = skewed(rnd, products);
        int channel = pick(rnd, CHANNELS.length);
        sb.append('e')
                .append(hour.startEpochSecond())
                .append('-')
                .append(file)
                .append('-')
                .append(row)
                .append(',');
        timestamp(sb, hour.startEpochSecond() + rnd.nextInt(3600), rnd.nextInt(1000));
        sb.append(',').append(EcommerceInsights.EVENT_TYPES.get(type)).append(',');
        sb.append('u').append(user).append(',').append('s').append(session).append(',');
        if (type != 0 || rnd.nextInt(2) == 0) {
            sb.append('P').append(product);
        }
        sb.append(',');
        csvCell(sb, CATEGORIES[product % CATEGORIES.length]);
        sb.append(',');
        if (type >= 1) {
            long cents = 199 + (product * 7919L % 49_800);
            sb.append(cents / 100)
                    .append('.')
                    .append(cents % 100 < 10 ? "0" : "")
                    .append(cents % 100);
        }
        sb.append(',');
        if (type >= 1) {
            sb.append(1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(4) : 0));
        }
        sb.append(',')
                .append(CURRENCY_OF[country])
                .append(',')
                .append(CHANNELS[channel])
                .append(',');
        if (channel != 0 && channel != 4) {
            csvCell(sb, CAMPAIGNS[(channel * 3 + (int) (session % 3)) % CAMPAIGNS.length]);
        }
        sb.append(',').append(COUNTRIES[country]).append(',').append(DEVICES[pick(rnd, DEVICES.length)]);
        sb.append(rnd.nextInt(50) == 0 ? "\r\n" : "\n");
    }

    private void badRow(StringBuilder sb, SplittableRandom rnd, HourId hour, int file, long row) {
        BadRow kind = BadRow.values()[rnd.nextInt(BadRow.values().length)];
        long t = hour.startEpochSecond() + rnd.nextInt(3600);
        String id = "e" + hour.startEpochSecond() + "-" + file + "-" + row;
        String time = timestampText(t);
        String type = "purchase";
        String price = "12.50";
        String qty = "1";
        String user = "u" + rnd.nextInt(1000);
        switch (kind) {
            case WRONG_COLUMN_COUNT -> {
                sb.append(id)
                        .append(',')
                        .append(time)
                        .append(",page_view,")
                        .append(user)
                        .append('\n');
                return;
            }
            case UNPARSEABLE_PRICE -> price = "\"12,50\"";
            case UNPARSEABLE_TIMESTAMP -> time = "26/11/2026 13:05";
            case UNKNOWN_EVENT_TYPE -> type = "wishlist";
            case MISSING_VALUE -> user = "";
            case INVALID_ENCODING -> user = "u\u00ff";
            case OUTSIDE_HOUR -> time = timestampText(t + 7200);
            case NEGATIVE_QUANTITY -> qty = "-1";
            default -> throw new IllegalStateException(kind.toString());
        }
        sb.append(id)
                .append(',')
                .append(time)
                .append(',')
                .append(type)
                .append(',')
                .append(user)
                .append(",s1,P1,books,")
                .append(price)
                .append(',')
                .append(qty)
                .append(",USD,email,brand,US,mobile\n");
    }

    /** Replaces each U+00FF marker (two bytes in UTF-8) with the single invalid byte 0xFF. */
    private static byte[] invalidUtf8(byte[] line) {
        byte[] out = new byte[line.length];
        int w = 0;
        for (int i = 0; i < line.length; i++) {
            if ((line[i] & 0xff) == 0xc3 && i + 1 < line.length && (line[i + 1] & 0xff) == 0xbf) {
                out[w++] = (byte) 0xff;
                i++;
            } else {
                out[w++] = line[i];
            }
        }
        return Arrays.copyOf(out, w);
    }

    private static int pick(SplittableRandom rnd, int n) {
        int a = rnd.nextInt(n);
        return rnd.nextInt(3) == 0 ? a : Math.min(a, rnd.nextInt(n));
    }

    /** Product popularity with a long tail: a few best sellers, many rarely bought. */
    private static int skewed(SplittableRandom rnd, int n) {
        double u = rnd.nextDouble();
        return (int) (n * u * u * u);
    }

    private static void csvCell(StringBuilder sb, String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0) {
            sb.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(v);
        }
    }

    private static String timestampText(long epochSecond) {
        StringBuilder sb = new StringBuilder(24);
        timestamp(sb, epochSecond, -1);
        return sb.toString();
    }

    private static void timestamp(StringBuilder sb, long epochSecond, int millis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        sb.append(t.toLocalDate()).append('T');
        two(sb, t.getHour());
        sb.append(':');
        two(sb, t.getMinute());
        sb.append(':');
        two(sb, t.getSecond());
        if (millis >= 0) {
            sb.append('.');
            if (millis < 100) {
                sb.append('0');
            }
            if (millis < 10) {
                sb.append('0');
            }
            sb.append(millis);
        }
        sb.append('Z');
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }
}

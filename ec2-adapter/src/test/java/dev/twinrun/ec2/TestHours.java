package dev.twinrun.ec2;

import dev.twinrun.core.HourId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic e-commerce hour CSVs for the runner's tests: mostly valid rows, a few bad ones to quarantine. */
final class TestHours {
    static final String HEADER = "event_id,event_time,event_type,user_id,session_id,product_id,category,price,"
            + "quantity,currency,channel,campaign,country,device\n";
    private static final List<String> TYPES =
            List.of("page_view", "page_view", "page_view", "add_to_cart", "checkout", "purchase", "purchase", "refund");
    private static final List<String> CATEGORIES = List.of("shoes", "books", "toys", "garden", "kitchen");
    private static final List<String> CHANNELS = List.of("email", "search", "social", "direct");
    private static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB", "JP", "BR");
    private static final List<String> DEVICES = List.of("mobile", "desktop", "tablet");

    private TestHours() {}

    /** About {@code targetBytes} of CSV for the hour, the same bytes for the same arguments. */
    static byte[] csv(HourId hour, long targetBytes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ hour.startEpochSecond());
        ByteArrayOutputStream out =
                new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, targetBytes + 256));
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        out.write(header, 0, header.length);
        StringBuilder sb = new StringBuilder(256);
        long start = hour.startEpochSecond();
        for (long i = 0; out.size() < targetBytes; i++) {
            sb.setLength(0);
            String type = TYPES.get(rnd.nextInt(TYPES.size()));
            long t = start + rnd.nextInt(3600);
            sb.append("e-")
                    .append(hour.startEpochSecond())
                    .append('-')
                    .append(i)
                    .append(',');
            if (i % 97 == 13) {
                sb.append("not-a-time");
            } else {
                sb.append(Instant.ofEpochSecond(t));
            }
            sb.append(',')
                    .append(type)
                    .append(",u")
                    .append(rnd.nextInt(20_000))
                    .append(",s")
                    .append(rnd.nextInt(50_000))
                    .append(",p")
                    .append(rnd.nextInt(500))
                    .append(',')
                    .append(CATEGORIES.get(rnd.nextInt(CATEGORIES.size())))
                    .append(',')
                    .append(rnd.nextInt(200))
                    .append('.')
                    .append(rnd.nextInt(10))
                    .append(rnd.nextInt(10))
                    .append(',')
                    .append(1 + rnd.nextInt(4))
                    .append(',')
                    .append(i % 211 == 7 ? "EURO" : "USD")
                    .append(',')
                    .append(CHANNELS.get(rnd.nextInt(CHANNELS.size())))
                    .append(",c")
                    .append(rnd.nextInt(30))
                    .append(',')
                    .append(COUNTRIES.get(rnd.nextInt(COUNTRIES.size())))
                    .append(',')
                    .append(DEVICES.get(rnd.nextInt(DEVICES.size())))
                    .append('\n');
            byte[] row = sb.toString().getBytes(StandardCharsets.US_ASCII);
            out.write(row, 0, row.length);
        }
        return out.toByteArray();
    }
}

package dev.twinrun.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void readsInstantsWithOffsetsAndFractions() {
        assertThat(parse("2026-11-26T13:45:00Z")).isEqualTo(epoch("2026-11-26T13:45:00Z"));
        assertThat(parse("2026-11-26 13:45:07.123456789Z")).isEqualTo(epoch("2026-11-26T13:45:07Z"));
        assertThat(parse("2026-11-26T13:45:00+05:30")).isEqualTo(epoch("2026-11-26T13:45:00+05:30"));
        assertThat(parse("2026-11-26T13:45:00-0800")).isEqualTo(epoch("2026-11-26T13:45:00-08:00"));
        assertThat(parse("2024-02-29T00:00:00Z")).isEqualTo(epoch("2024-02-29T00:00:00Z"));
        assertThat(parse("2026-02-29T00:00:00Z")).isEqualTo(Timestamps.INVALID);
        assertThat(parse("2026-11-26T24:00:00Z")).isEqualTo(Timestamps.INVALID);
        assertThat(parse("2026-11-26T13:60:00Z")).isEqualTo(Timestamps.INVALID);
        assertThat(parse("2026-11-26T13:45:00")).isEqualTo(Timestamps.INVALID); // no offset, no zone
        assertThat(parse("2026-11-26T13:45:00.Z")).isEqualTo(Timestamps.INVALID); // a point, no fraction digits
        assertThat(Timestamps.parseEpochSecond(bytes("2026-11-26T13:45:00"), 0, 19, ZoneId.of("UTC")))
                .isEqualTo(epoch("2026-11-26T13:45:00Z"));
    }

    /** Times of a few hours, in any order, valid or not: the cache must give what the plain parser gives. */
    @Provide
    Arbitrary<String> times() {
        Arbitrary<String> date = Arbitraries.of("2026-11-26", "2026-11-27", "2024-02-29", "2026-02-29", "2026-13-01");
        Arbitrary<String> sep = Arbitraries.of("T", " ", "x");
        Arbitrary<String> hour = Arbitraries.of("00", "13", "23", "24", "1a");
        Arbitrary<String> rest = Arbitraries.of(
                ":45:00Z",
                ":00:59.5Z",
                ":59:59+05:30",
                ":07:07-0800",
                ":60:00Z",
                ":45:0",
                ":45:00",
                ":45:00.Z",
                ":45:00.1234567890Z",
                ":45:00+19:00");
        return net.jqwik.api.Combinators.combine(date, sep, hour, rest).as((d, s, h, r) -> d + s + h + r);
    }

    @Provide
    Arbitrary<List<String>> timeLists() {
        return times().list().ofMaxSize(30);
    }

    @Property(tries = 300)
    void theHourCacheGivesWhatTheParserGives(@ForAll("timeLists") List<String> times) {
        Timestamps.HourCache cache = new Timestamps.HourCache();
        for (String t : times) {
            byte[] b = bytes("," + t + ",");
            int from = 1;
            int to = b.length - 1;
            for (ZoneId zone : new ZoneId[] {null, ZoneOffset.ofHours(2), ZoneId.of("Europe/Berlin")}) {
                assertThat(cache.parseEpochSecond(b, from, to, zone))
                        .as("%s in %s", t, zone)
                        .isEqualTo(Timestamps.parseEpochSecond(b, from, to, zone));
            }
        }
    }

    @Property(tries = 100)
    void validTimesAreWhatJavaTimeReads(@ForAll("times") String t) {
        if (t.contains(".Z")) {
            return; // java.time takes a point without fraction digits; we refuse it (readsInstants... above)
        }
        long expected;
        try {
            expected = OffsetDateTime.parse(t.replace(' ', 'T').replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
                    .toEpochSecond();
        } catch (DateTimeParseException e) {
            return; // java.time refuses it; the cases above cover what we refuse
        }
        assertThat(new Timestamps.HourCache().parseEpochSecond(bytes(t), 0, t.length(), null))
                .as(t)
                .isEqualTo(expected);
    }

    private static long parse(String s) {
        return new Timestamps.HourCache().parseEpochSecond(bytes(s), 0, s.length(), null);
    }

    private static long epoch(String s) {
        return OffsetDateTime.parse(s).toEpochSecond();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

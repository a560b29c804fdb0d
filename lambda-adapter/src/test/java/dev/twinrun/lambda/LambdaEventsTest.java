package dev.twinrun.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.HourId;
import dev.twinrun.lambda.LambdaEvents.S3Record;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaEventsTest {

    @Test
    void theEventBytesReadAsTheRuntimesObjectMapperReadThem() throws Exception {
        for (String resource : List.of(
                "events/s3-object-created.json", "events/scheduled-hourly.json", "events/scheduled-backfill.json")) {
            byte[] bytes = TestEvents.bytes(resource);
            assertThat(LambdaEvents.read(new ByteArrayInputStream(bytes), "event"))
                    .as(resource)
                    .isEqualTo(TestEvents.load(resource));
        }
        String mixed = "{\"a\":[1,-2.5,12345678901,true,false,null,\"x\\u00e9\"],\"b\":{\"c\":{}},\"d\":[]}";
        assertThat(LambdaEvents.read(new ByteArrayInputStream(mixed.getBytes(StandardCharsets.UTF_8)), "event"))
                .as("every JSON type")
                .isEqualTo(TestEvents.parse(mixed));
    }

    @Test
    void eventBytesThatAreNotAJsonObjectFailNamingWhere() {
        assertThatThrownBy(() -> LambdaEvents.read(new ByteArrayInputStream("{\"Records\": [".getBytes()), "S3 event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("S3 event is not JSON: ");
        assertThatThrownBy(() -> LambdaEvents.read(new ByteArrayInputStream("[]".getBytes()), "S3 event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("S3 event is not a JSON object");
        assertThatThrownBy(() -> LambdaEvents.read(new ByteArrayInputStream("{} {}".getBytes()), "S3 event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("S3 event: more after the JSON object");
    }

    @Test
    void theAnswerIsWrittenAsJson() throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hour", "2026-11-26T13");
        answer.put("rowsRead", 12_345_678_901L);
        answer.put("files", 3);
        answer.put("share", 0.25);
        answer.put("hours", List.of(Map.of("outcome", "PUBLISHED"), "x\"y"));
        answer.put("none", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.write(out, answer);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"hour\":\"2026-11-26T13\",\"rowsRead\":12345678901,\"files\":3,\"share\":0.25,"
                        + "\"hours\":[{\"outcome\":\"PUBLISHED\"},\"x\\\"y\"],\"none\":null}");
    }

    @Test
    void s3RecordsGiveEventNameBucketAndTheUrlDecodedKey() {
        assertThat(LambdaEvents.s3Records(TestEvents.load("events/s3-object-created.json")))
                .as("records of the sample notification")
                .containsExactly(new S3Record(
                        "ObjectCreated:Put", "twinrun-test", "incoming/dt=2026-11-26/hour=13/part-0000.csv"));
    }

    @Test
    void aPlusInAKeyIsASpaceAndPercentEscapesAreUtf8() {
        Map<String, Object> event = TestEvents.parse(
                "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                        + "\"object\":{\"key\":\"incoming/a+b%2Bc%C3%A9.csv\"}}}]}");

        assertThat(LambdaEvents.s3Records(event).get(0).key()).as("decoded key").isEqualTo("incoming/a b+cé.csv");
    }

    @Test
    void aMalformedS3EventNamesTheMissingOrMistypedField() {
        assertThatThrownBy(() -> LambdaEvents.s3Records(TestEvents.parse("{}")))
                .as("no Records")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("S3 event: 'Records' is missing");
        assertThatThrownBy(() -> LambdaEvents.s3Records(TestEvents.parse(
                        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{},\"object\":{}}}]}")))
                .as("no bucket name")
                .hasMessage("S3 event Records[0].s3.bucket: 'name' is missing");
        assertThatThrownBy(
                        () -> LambdaEvents.s3Records(
                                TestEvents.parse(
                                        "{\"Records\":[{\"eventName\":\"x\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":7}}}]}")))
                .as("key not a string")
                .hasMessage("S3 event Records[0].s3.object.key is not a string");
    }

    @Test
    void scheduledFieldsAreTheDetailHourAndTheTime() {
        Map<String, Object> hourly = TestEvents.load("events/scheduled-hourly.json");

        assertThat(LambdaEvents.detailHour(hourly)).as("no detail.hour").isNull();
        assertThat(LambdaEvents.time(hourly)).as("time").isEqualTo(Instant.parse("2026-11-26T14:00:05Z"));
        assertThat(LambdaEvents.detailHour(TestEvents.load("events/scheduled-backfill.json")))
                .as("detail.hour")
                .isEqualTo("2026-11-26T13");
        assertThat(ScheduledHourHandler.hourOf(TestEvents.parse("{\"time\":\"2026-11-26T15:00:00+01:00\"}")))
                .as("an offset time is the same instant")
                .isEqualTo(HourId.parse("2026-11-26T13"));
        assertThatThrownBy(() -> LambdaEvents.time(TestEvents.parse("{\"time\":\"yesterday\"}")))
                .as("bad time")
                .hasMessageContaining("scheduled event: 'time' is not an ISO-8601 instant: yesterday");
    }
}

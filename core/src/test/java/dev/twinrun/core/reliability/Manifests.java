package dev.twinrun.core.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.TestData;
import dev.twinrun.core.job.HourJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading published manifests in tests. */
final class Manifests {
    private Manifests() {}

    /** The input keys a published manifest of {@link TestData#HOUR} names. */
    static List<String> manifestInputs(Map<String, byte[]> published) throws IOException {
        JsonNode m = new ObjectMapper().readTree(published.get(HourJob.insightsKey(TestData.HOUR, HourJob.MANIFEST)));
        List<String> keys = new ArrayList<>();
        m.path("inputs").forEach(i -> keys.add(i.path("key").asText()));
        return keys;
    }
}

package dev.twinrun.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Loads an event from the test resources as the Lambda runtime hands it to a handler: a JSON object as a Map. */
final class TestEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {}

    static Map<String, Object> load(String resource) {
        try {
            return JSON.readValue(bytes(resource), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /** The event's bytes, as the runtime hands them to a {@code RequestStreamHandler}. */
    static byte[] bytes(String resource) {
        try (InputStream in = TestEvents.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

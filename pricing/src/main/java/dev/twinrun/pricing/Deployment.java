package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the deployed stacks create, as data: the resources of the synthesized templates in the form
 * {@code twinrun infra inventory --json} prints ({@code {variant: {billing: [{stack, logicalId, type, detail,
 * properties}]}}}). The pricing module reads it as data and never depends on the infrastructure code.
 */
public record Deployment(String name, List<Resource> resources) {

    /** The deployments shipped in the jar under {@code deployments/}. */
    public static final List<String> BUILT_IN = List.of("twinrun-2026");

    /** The variant name of resources every variant uses (the data bucket, the dashboard). */
    public static final String SHARED = "shared";

    public Deployment {
        requireNonNull(name, "name");
        resources = List.copyOf(resources);
    }

    /** One resource: the variant whose stack creates it, how it bills, and the template values pricing needs. */
    public record Resource(
            String variant,
            String stack,
            String logicalId,
            String type,
            String billing,
            String detail,
            Map<String, String> properties) {
        public Resource {
            requireNonNull(variant, "variant");
            requireNonNull(logicalId, "logicalId");
            requireNonNull(type, "type");
            requireNonNull(billing, "billing");
            stack = stack == null ? "" : stack;
            detail = detail == null ? "" : detail;
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        /** Whether the inventory says it may bill (anything but {@code free}). */
        public boolean billable() {
            return !billing.equals("free");
        }

        /** A property, or {@code fallback}. */
        public String property(String key, String fallback) {
            return properties.getOrDefault(key, fallback);
        }
    }

    /** The resources a variant pays for when deployed alone: its own stack's and the shared ones. */
    public List<Resource> of(String variant) {
        return resources.stream()
                .filter(r -> r.variant().equals(variant) || r.variant().equals(SHARED))
                .toList();
    }

    /** Whether any resource belongs to {@code variant}'s own stack. */
    public boolean hasVariant(String variant) {
        return resources.stream().anyMatch(r -> r.variant().equals(variant));
    }

    /** Loads a built-in deployment by name or an inventory JSON file by path. */
    public static Deployment load(String nameOrPath) {
        return DataFiles.load(nameOrPath, "deployments", "deployment", BUILT_IN, in -> read(nameOrPath, in));
    }

    /** Reads inventory JSON ({@code twinrun infra inventory --json}). */
    public static Deployment read(String name, InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("deployment " + name + ": expected an object of variants");
        }
        List<Resource> resources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> v = root.fields(); v.hasNext(); ) {
            Map.Entry<String, JsonNode> variant = v.next();
            for (Iterator<Map.Entry<String, JsonNode>> b = variant.getValue().fields(); b.hasNext(); ) {
                Map.Entry<String, JsonNode> billing = b.next();
                for (JsonNode item : billing.getValue()) {
                    Map<String, String> props = new LinkedHashMap<>();
                    item.path("properties")
                            .fields()
                            .forEachRemaining(
                                    e -> props.put(e.getKey(), e.getValue().asText()));
                    String type = item.path("type").asText("");
                    if (type.isEmpty()) {
                        throw new IllegalArgumentException(
                                "deployment " + name + ": a resource of " + variant.getKey() + " has no type");
                    }
                    resources.add(new Resource(
                            variant.getKey(),
                            item.path("stack").asText(""),
                            item.path("logicalId").asText(type),
                            type,
                            billing.getKey(),
                            item.path("detail").asText(""),
                            props));
                }
            }
        }
        return new Deployment(name, resources);
    }
}

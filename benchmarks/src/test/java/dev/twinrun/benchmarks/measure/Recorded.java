package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.measure.AwsApi.FunctionView;
import dev.twinrun.benchmarks.measure.AwsApi.QueryResult;
import dev.twinrun.benchmarks.measure.AwsApi.StackView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reads the recorded responses under {@code aws/} (their README cites the API reference of each shape). */
final class Recorded {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recorded() {}

    /** A DescribeStacks XML response as {@link AwsApi.Stacks}: the stacks it lists, by name. */
    static AwsApi.Stacks stacks(String resource) {
        Map<String, StackView> byName = new LinkedHashMap<>();
        try (InputStream in = open(resource)) {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Element stacks = (Element) doc.getElementsByTagName("Stacks").item(0);
            for (Element st : children(stacks, "member")) {
                Map<String, String> outputs = new LinkedHashMap<>();
                for (Element outs : children(st, "Outputs")) {
                    for (Element o : children(outs, "member")) {
                        outputs.put(text(o, "OutputKey"), text(o, "OutputValue"));
                    }
                }
                byName.put(
                        text(st, "StackName"), new StackView(text(st, "StackName"), text(st, "StackStatus"), outputs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(resource, e);
        }
        return name -> Optional.ofNullable(byName.get(name));
    }

    /** A GetFunction JSON response as {@link AwsApi.Functions} answering for its function name only. */
    static AwsApi.Functions function(String resource) {
        FunctionView f = functionView(resource);
        return name -> name.equals(f.name()) ? Optional.of(f) : Optional.empty();
    }

    static FunctionView functionView(String resource) {
        JsonNode c = json(resource).path("Configuration");
        Map<String, String> env = new LinkedHashMap<>();
        c.path("Environment")
                .path("Variables")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return new FunctionView(
                c.path("FunctionName").asText(),
                c.path("Version").asText(),
                c.path("CodeSha256").asText(),
                c.path("SnapStart").path("ApplyOn").asText().equals("PublishedVersions"),
                env);
    }

    /** A GetQueryResults JSON response. */
    static QueryResult query(String resource) {
        JsonNode r = json(resource);
        if (!r.path("status").asText().equals("Complete")) {
            throw new IllegalStateException(resource + ": status " + r.path("status"));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode event : r.path("results")) {
            Map<String, String> row = new LinkedHashMap<>();
            for (JsonNode f : event) {
                row.put(f.path("field").asText(), f.path("value").asText());
            }
            rows.add(row);
        }
        return new QueryResult(rows, r.path("statistics").path("bytesScanned").asDouble());
    }

    private static JsonNode json(String resource) {
        try (InputStream in = open(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Recorded.class.getResourceAsStream("aws/" + resource);
        if (in == null) {
            throw new IllegalArgumentException("no recorded response aws/" + resource);
        }
        return in;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0).getTextContent();
    }
}

package dev.twinrun.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link Json} writes and reads as an object mapper with the same pretty printer does, without building one. */
class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter lf = new DefaultIndenter("  ", "\n");
        WRITER = MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf));
    }

    private static byte[] mapperBytes(JsonNode node) throws Exception {
        return (WRITER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode everyKind() {
        ObjectNode root = Json.object();
        root.put("text", "a \"quoted\" é \u2028 \t tab\nline / <tag>");
        root.put("int", -42);
        root.put("long", 12_345_678_901L);
        root.put("decimal", new BigDecimal("1234.5000"));
        root.put("tinyDecimal", new BigDecimal("1E-10"));
        root.put("big", new BigInteger("123456789012345678901234567890"));
        root.put("double", 0.1);
        root.put("float", 2.5f);
        root.put("yes", true);
        root.putNull("nothing");
        root.putObject("empty");
        root.putArray("none");
        root.putArray("mixed").add(1).add("two").add(3.0).addNull().addObject().put("k", "v");
        root.putObject("nested").putObject("deeper").putArray("list").add(new BigDecimal("0.00"));
        return root;
    }

    @Test
    void bytesAreTheMappersPrettyPrintedBytes() throws Exception {
        ObjectNode tree = everyKind();
        assertThat(new String(Json.bytes(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(mapperBytes(tree), StandardCharsets.UTF_8));
        assertThat(Json.bytes(Json.object())).isEqualTo(mapperBytes(Json.object()));
    }

    @Test
    void parseGivesTheMappersTree() throws Exception {
        byte[] bytes = Json.bytes(everyKind());
        JsonNode ours = Json.parse(bytes);
        JsonNode theirs = MAPPER.readTree(bytes);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.get("long").isLong()).as("a long stays a long").isTrue();
        assertThat(ours.get("int").isInt()).isTrue();
        assertThat(ours.get("big").isBigInteger()).isTrue();
        assertThat(ours.get("decimal").isDouble())
                .as("floats read as doubles, as the mapper's default")
                .isTrue();
        assertThat(Json.parse(new byte[0]).isMissingNode()).isTrue();
        assertThat(Json.parse("[1] trailing".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(MAPPER.readTree("[1] trailing"));
    }

    @Test
    void compactIsTheNodesToString() {
        ObjectNode tree = everyKind();
        assertThat(Json.compact(tree)).isEqualTo(tree.toString());
        assertThat(Json.compact(tree.path("absent")))
                .isEqualTo(tree.path("absent").toString());
        assertThat(Json.compact(tree.get("nothing"))).isEqualTo("null");
    }

    @Property(tries = 200)
    void randomTreesRoundTripAsTheMapperDoes(@ForAll long seed) throws Exception {
        JsonNode tree = random(new Random(seed), 0);
        assertThat(Json.bytes(tree)).isEqualTo(mapperBytes(tree));
        assertThat(Json.parse(Json.bytes(tree))).isEqualTo(MAPPER.readTree(mapperBytes(tree)));
    }

    private static JsonNode random(Random r, int depth) {
        int kind = depth > 3 ? 2 + r.nextInt(6) : r.nextInt(8);
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        switch (kind) {
            case 0 -> {
                ObjectNode o = nodes.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(text(r), random(r, depth + 1));
                }
                return o;
            }
            case 1 -> {
                var a = nodes.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(random(r, depth + 1));
                }
                return a;
            }
            case 2 -> {
                return nodes.textNode(text(r));
            }
            case 3 -> {
                return nodes.numberNode(r.nextLong());
            }
            case 4 -> {
                return nodes.numberNode(r.nextInt());
            }
            case 5 -> {
                return nodes.numberNode(BigDecimal.valueOf(r.nextLong(), r.nextInt(12)));
            }
            case 6 -> {
                return nodes.numberNode(r.nextDouble() * 1e6);
            }
            default -> {
                return r.nextBoolean() ? nodes.booleanNode(r.nextBoolean()) : nodes.nullNode();
            }
        }
    }

    private static String text(Random r) {
        String alphabet = "ab\"\\/\n\té€\u0001 ";
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}

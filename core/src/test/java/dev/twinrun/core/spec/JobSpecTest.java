package dev.twinrun.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An invalid spec is rejected when it is read, with the line of the spec and what is wrong. */
class JobSpecTest {
    private static final String VALID = """
            {
              "name": "orders",
              "columns": [
                {"name": "order_id", "type": "string", "required": true},
                {"name": "price", "type": "decimal(10,2)"},
                {"name": "quantity", "type": "integer"},
                {"name": "shop", "type": "string"}
              ],
              "derived": [
                {"name": "amount", "expr": "price * quantity"}
              ],
              "measures": [
                {"name": "orders", "fn": "count"},
                {"name": "revenue", "fn": "sum", "of": "amount"}
              ],
              "groupings": [
                {"name": "by_shop", "by": ["shop"]}
              ]
            }
            """;

    private static JobSpec parse(String json) {
        return JobSpec.parse(json.getBytes(StandardCharsets.UTF_8), "job.json");
    }

    @Test
    void aValidSpecAndTheShippedEcommerceSpecAreAccepted() {
        JobSpec s = parse(VALID);
        assertThat(s.name()).isEqualTo("orders");
        assertThat(s.derived()).hasSize(1);
        JobSpec e = JobSpec.read(EcommerceSpecTest.SPEC);
        assertThat(e.groupings()).as("ecommerce groupings").hasSize(7);
    }

    @Test
    void anUnknownColumnTypeIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> parse(VALID.replace("\"type\": \"integer\"", "\"type\": \"int32\"")))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("job.json:6: ")
                .hasMessageContaining("unknown column type 'int32'")
                .satisfies(e -> assertThat(((SpecException) e).line()).isEqualTo(6));
    }

    @Test
    void aMeasureOnAMissingColumnIsRejectedNamingItsLine() {
        assertThatThrownBy(() -> parse(VALID.replace("\"of\": \"amount\"", "\"of\": \"amout\"")))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("job.json:14: ")
                .hasMessageContaining("'amout', which is neither a column nor a derived value");
    }

    @Test
    void aCycleInDerivedValuesIsRejectedNamingTheCycle() {
        String cyclic = VALID.replace(
                "{\"name\": \"amount\", \"expr\": \"price * quantity\"}",
                "{\"name\": \"amount\", \"expr\": \"price * net\"},\n"
                        + "    {\"name\": \"net\", \"expr\": \"amount - 1\"}");
        assertThatThrownBy(() -> parse(cyclic))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("job.json:10: ")
                .hasMessageContaining("derived values form a cycle: amount -> net -> amount");
    }

    @Test
    void otherMistakesAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> parse(VALID.replace("\"by\": [\"shop\"]", "\"by\": [\"shop\"], \"limit\": 3")))
                .hasMessageStartingWith("job.json:17: ")
                .hasMessageContaining("unknown field 'limit'");
        assertThatThrownBy(() -> parse(VALID.replace("\"name\": \"orders\", \"fn\"", "\"name\": \"shop\", \"fn\"")))
                .hasMessageStartingWith("job.json:17: ")
                .hasMessageContaining("measure 'shop' has the name of one of its columns");
        assertThatThrownBy(() -> parse(VALID.replace("\"fn\": \"count\"", "\"fn\": \"median\"")))
                .hasMessageStartingWith("job.json:13: ")
                .hasMessageContaining("unknown measure function 'median'");
        assertThatThrownBy(() -> parse(VALID.replace("price * quantity", "price * (quantity")))
                .hasMessageStartingWith("job.json:10: ")
                .hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> parse(VALID.replace("\"by\": [\"shop\"]", "\"by\": [\"price\"]")))
                .hasMessageContaining("group keys are string, enum or boolean columns");
        assertThatThrownBy(() -> parse(VALID.replace("\"of\": \"amount\"", "\"of\": \"shop\"")))
                .hasMessageContaining("sum needs a number");
        assertThatThrownBy(() -> parse(VALID.replace("decimal(10,2)", "decimal(30,2)")))
                .hasMessageStartingWith("job.json:5: ")
                .hasMessageContaining("decimal(p,s) needs 1 <= p <= 18");
        assertThatThrownBy(() -> parse(VALID.replace("\"name\": \"orders\",", "\"name\": \"orders\"")))
                .hasMessageStartingWith("job.json:")
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse(VALID.replace(
                        "{\"name\": \"revenue\", \"fn\": \"sum\", \"of\": \"amount\"}",
                        "{\"name\": \"revenue\", \"fn\": \"formula\", \"expr\": \"orders + revenue\"}")))
                .hasMessageContaining("formula measures form a cycle: revenue -> revenue");
    }
}

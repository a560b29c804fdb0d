package dev.twinrun.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The field limit counts the value, not its escaping. */
class FieldLimitTest {
    static final int LIMIT = Limits.DEFAULT.maxFieldBytes();

    static SplitParserTest.Parsed oneField(String quotedValue) throws IOException {
        return SplitParserTest.parse("a,\"" + quotedValue + "\"\n", 2);
    }

    @Test
    void aValueOfExactlyTheLimitIsAcceptedWithOrWithoutDoubledQuotes() throws IOException {
        String plain = "x".repeat(LIMIT);
        String withQuote = "\"\"" + "x".repeat(LIMIT - 1); // the value: one quote + LIMIT-1 x = LIMIT bytes
        assertThat(oneField(plain).rejected()).as("plain").isEmpty();
        SplitParserTest.Parsed p = oneField(withQuote);
        assertThat(p.rejected()).as("with a doubled quote").isEmpty();
        assertThat(p.rows().get(0).get(1)).hasSize(LIMIT).startsWith("\"x");
    }

    @Test
    void oneByteMoreIsRejectedEitherWay() throws IOException {
        assertThat(oneField("x".repeat(LIMIT + 1)).rejected()).containsExactly("1:field_too_long");
        assertThat(oneField("\"\"" + "x".repeat(LIMIT)).rejected()).containsExactly("1:field_too_long");
    }
}

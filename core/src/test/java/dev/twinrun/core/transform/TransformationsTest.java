package dev.twinrun.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.core.ConfigException;
import dev.twinrun.core.ecommerce.EcommerceInsights;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransformationsTest {

    /** How often code of {@link NotATransformation} ran. */
    static final AtomicInteger RAN = new AtomicInteger();

    /** A class that is no transformation and does something when initialised or built. */
    public static final class NotATransformation {
        static {
            RAN.incrementAndGet();
        }

        public NotATransformation() {
            RAN.incrementAndGet();
        }
    }

    @Test
    void theBuiltInIsFoundByName() {
        assertThat(Transformations.byName(Transformations.DEFAULT)).isInstanceOf(EcommerceInsights.class);
    }

    @Test
    void aClassThatIsNoTransformationIsRefusedBeforeAnyOfItsCodeRuns() {
        assertThatThrownBy(() -> Transformations.byName(NotATransformation.class.getName()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not implement " + Transformation.class.getName());
        assertThat(RAN).as("static initialiser and constructor runs").hasValue(0);
    }

    @Test
    void aTransformationClassIsBuiltWithItsNoArgumentConstructor() {
        assertThat(Transformations.byName(EcommerceInsights.class.getName())).isInstanceOf(EcommerceInsights.class);
    }

    @Test
    void anUnknownNameSaysWhatWasExpected() {
        assertThatThrownBy(() -> Transformations.byName("no.such.Transformation"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("neither built in");
    }
}

package dev.twinrun.infra;

import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/** Stack outputs every variant stack has, so tooling can check the deployed stacks without reading templates. */
final class Outputs {
    /** The output naming the prefix a variant publishes insights under. */
    static final String INSIGHTS_PREFIX = "InsightsPrefix";

    private Outputs() {}

    /**
     * The {@value #INSIGHTS_PREFIX} output: where this variant publishes its hours ({@code <outputPrefix>insights/});
     * two stacks with the same value would publish one another's hours.
     */
    static CfnOutput insightsPrefix(Construct stack, TwinrunConfig config) {
        return CfnOutput.Builder.create(stack, INSIGHTS_PREFIX)
                .description("Where this variant publishes hours (TWINRUN_OUTPUT_PREFIX + insights/)")
                .value(config.insightsPrefix())
                .build();
    }
}

package dev.twinrun.pricing;

/** How one variant is priced under a scenario: its model name and its cost, month and run. */
sealed interface VariantPricing permits LambdaPricing, Ec2AlwaysOnPricing, Ec2PerRunPricing {
    /** The name in {@link VariantCost#model()}, e.g. {@code lambda}. */
    String model();

    /** The variant's month of cost lines, their total and the cost of one run. */
    VariantCost price(Scenario s);
}

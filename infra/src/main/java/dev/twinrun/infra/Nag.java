package dev.twinrun.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag suppressions, each with its reason and, where a rule reports findings, the findings it covers. */
final class Nag {

    private Nag() {}

    /**
     * Suppresses {@code rule} on {@code construct} and its children; with {@code findingRegexes}, only the findings
     * (e.g. {@code Resource::...}) that match one of them.
     */
    static void suppress(IConstruct construct, String rule, String reason, String... findingRegexes) {
        NagPackSuppression.Builder suppression =
                NagPackSuppression.builder().id(rule).reason(reason);
        if (findingRegexes.length > 0) {
            List<Object> appliesTo = Arrays.stream(findingRegexes)
                    .map(regex -> (Object) RegexAppliesTo.builder()
                            .regex("/^" + regex.replaceFirst("^\\^", "") + "/")
                            .build())
                    .toList();
            suppression.appliesTo(appliesTo);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}

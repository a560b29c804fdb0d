package dev.twinrun.adapter;

/** The CloudWatch units the adapters' metrics use, spelled as CloudWatch spells them ({@link #cloudWatchName()}). */
public enum MetricUnit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds"),
    SECONDS("Seconds"),
    BYTES("Bytes"),
    KILOBYTES("Kilobytes"),
    MEGABYTES("Megabytes"),
    PERCENT("Percent"),
    NONE("None");

    private final String cloudWatchName;

    MetricUnit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    /** The name in an EMF directive's {@code Unit} and in CloudWatch's API. */
    public String cloudWatchName() {
        return cloudWatchName;
    }

    /** The unit CloudWatch calls {@code name}. */
    public static MetricUnit ofCloudWatchName(String name) {
        for (MetricUnit u : values()) {
            if (u.cloudWatchName.equals(name)) {
                return u;
            }
        }
        throw new IllegalArgumentException("not a CloudWatch unit this project uses: '" + name + "'");
    }
}

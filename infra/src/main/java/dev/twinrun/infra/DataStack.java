package dev.twinrun.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The shared data: one bucket with {@code incoming/}, {@code insights/} and {@code quarantine/} (and its access-log
 * bucket), and the alarm topic every variant's alarms notify.
 */
public final class DataStack extends Stack {

    private final IBucket bucket;
    private final AlarmTopic alarms;

    /** Creates the data stack. */
    public DataStack(Construct scope, String id, StackProps props, TwinrunConfig config) {
        super(scope, id, props);
        this.bucket = new DataBucket(this, "Data", config).bucket();
        this.alarms = new AlarmTopic(this, "Alarms", config);
        CfnOutput.Builder.create(this, "BucketName")
                .description("Upload hourly CSVs to s3://<bucket>/" + config.inputPrefix() + "dt=YYYY-MM-DD/hour=HH/")
                .value(bucket.getBucketName())
                .build();
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .description("Every twinrun alarm notifies this topic (-c alarmEmail=... subscribes an address)")
                .value(alarms.topic().getTopicArn())
                .build();
    }

    /** The topic every alarm notifies. */
    public ITopic alarmTopic() {
        return alarms.topic();
    }

    /** The data bucket. */
    public IBucket bucket() {
        return bucket;
    }
}

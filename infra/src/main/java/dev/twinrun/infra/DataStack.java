package dev.twinrun.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/** The shared data: one bucket with {@code incoming/}, {@code insights/} and {@code quarantine/}. */
public final class DataStack extends Stack {

    private final IBucket bucket;

    /** Creates the data stack. */
    public DataStack(Construct scope, String id, StackProps props, TwinrunConfig config) {
        super(scope, id, props);
        this.bucket = new DataBucket(this, "Data", config).bucket();
        CfnOutput.Builder.create(this, "BucketName")
                .description("Upload hourly CSVs to s3://<bucket>/" + config.inputPrefix() + "dt=YYYY-MM-DD/hour=HH/")
                .value(bucket.getBucketName())
                .build();
    }

    /** The data bucket. */
    public IBucket bucket() {
        return bucket;
    }
}

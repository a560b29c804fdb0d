package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The one SNS topic every alarm of the app notifies (through {@link Alarms}), encrypted with its own KMS key (the
 * AWS-managed SNS key cannot be used by CloudWatch, whose key policy it cannot join), TLS only, with an email
 * subscription when {@code alarmEmail} is set. CloudWatch of this account may publish to it and use the key for it;
 * nothing else is granted.
 */
public final class AlarmTopic extends Construct {

    private final Topic topic;
    private final Key key;

    /** Creates the key, the topic and, with {@code config.alarmEmail()}, its email subscription. */
    public AlarmTopic(Construct scope, String id, TwinrunConfig config) {
        super(scope, id);
        requireNonNull(config, "config");
        this.key = Key.Builder.create(this, "Key")
                .description("twinrun: encrypts the alarm topic")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(7))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        ServicePrincipal cloudWatch = new ServicePrincipal("cloudwatch.amazonaws.com");
        Map<String, Object> fromThisAccount = Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID));
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsUseTheKey")
                .effect(Effect.ALLOW)
                .principals(List.of(cloudWatch))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(fromThisAccount)
                .build());
        this.topic = Topic.Builder.create(this, "Topic")
                .displayName("twinrun alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .effect(Effect.ALLOW)
                .principals(List.of(cloudWatch))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(fromThisAccount)
                .build());
        config.alarmSubscription().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    }

    /** The topic. */
    public ITopic topic() {
        return topic;
    }

    /** The topic's key. */
    public Key key() {
        return key;
    }
}

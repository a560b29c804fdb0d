package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How each billable CloudFormation resource type the stacks create is priced: by the variant's own compute model
 * (instance hours, EBS, Lambda GB-seconds and requests, state transitions) or by a deployment line with its price-book
 * line and the free-tier line that can make it free at this usage. A type with no rule is a warning in the bill, never
 * silently zero.
 */
public final class ResourceRules {

    /** What a rule meters. */
    public enum Meter {
        /** Priced by the variant's compute model (its own cost lines name the price-book lines). */
        COMPUTE,
        PUBLIC_IPV4,
        S3_STORAGE,
        SQS_REQUESTS,
        SNS_REQUESTS,
        LOG_STORAGE,
        FLOW_LOG_INGESTION,
        ALARM,
        DASHBOARD,
        KMS_KEY,
        /**
         * No charge at this usage (gateway endpoints, scheduled rules; EventBridge Scheduler's invocations, which an
         * hourly schedule keeps inside the free tier).
         */
        FREE
    }

    /** The rule of one resource type: its meter, price-book lines, and the free-tier line (null when none). */
    public record Rule(String type, Meter meter, List<String> priceLines, String freeTierLine, String how) {
        public Rule {
            requireNonNull(type, "type");
            requireNonNull(meter, "meter");
            priceLines = List.copyOf(priceLines);
            requireNonNull(how, "how");
        }
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        add("AWS::EC2::Instance", Meter.COMPUTE, List.of("ec2.TYPE.hour"), "ec2.freeTier.hours", "instance hours");
        add("EBS volume", Meter.COMPUTE, List.of("ebs.gp3.gbMonth"), null, "GB-month of the root volume");
        add(
                "public IPv4 address",
                Meter.PUBLIC_IPV4,
                List.of("vpc.publicIpv4.hour"),
                null,
                "per hour while the instance runs");
        add(
                "AWS::Lambda::Function",
                Meter.COMPUTE,
                List.of("lambda.duration.ARCH", "lambda.requests"),
                "lambda.freeTier.gbSeconds",
                "GB-seconds and requests; CDK deploy helpers run only at deploy time");
        add(
                "AWS::StepFunctions::StateMachine",
                Meter.COMPUTE,
                List.of("stepfunctions.standard.stateTransitions"),
                "stepfunctions.freeTier.transitions",
                "state transitions");
        add(
                "AWS::S3::Bucket",
                Meter.S3_STORAGE,
                List.of("s3.storage.standard"),
                "s3.freeTier.storageGb",
                "GB-month stored (requests are the hidden s3 lines)");
        add(
                "AWS::SQS::Queue",
                Meter.SQS_REQUESTS,
                List.of("sqs.requests.standard"),
                "sqs.freeTier.requests",
                "one SendMessage per failed run");
        add(
                "AWS::SNS::Topic",
                Meter.SNS_REQUESTS,
                List.of("sns.requests"),
                "sns.freeTier.requests",
                "one publish per alarm state change");
        add(
                "AWS::Logs::LogGroup",
                Meter.LOG_STORAGE,
                List.of("cloudwatch.logs.storage"),
                "cloudwatch.freeTier.logsGb",
                "GB-month stored over the retention (ingestion is the hidden logs line)");
        add(
                "AWS::EC2::FlowLog",
                Meter.FLOW_LOG_INGESTION,
                List.of("cloudwatch.logs.vended.ingestion"),
                "cloudwatch.freeTier.logsGb",
                "GB of flow-log records delivered to CloudWatch Logs");
        add(
                "AWS::CloudWatch::Alarm",
                Meter.ALARM,
                List.of("cloudwatch.alarm.standard"),
                "cloudwatch.freeTier.alarms",
                "alarm-months");
        add(
                "AWS::CloudWatch::Dashboard",
                Meter.DASHBOARD,
                List.of("cloudwatch.dashboard.month"),
                "cloudwatch.freeTier.dashboards",
                "dashboard-months");
        add(
                "AWS::KMS::Key",
                Meter.KMS_KEY,
                List.of("kms.key.month"),
                null,
                "key-months (customer managed key; its requests fall in the 20,000 free a month)");
        add("AWS::EC2::VPCEndpoint", Meter.FREE, List.of(), null, "gateway endpoints are free");
        add("AWS::Events::Rule", Meter.FREE, List.of(), null, "scheduled rules are free");
        add(
                "AWS::Scheduler::Schedule",
                Meter.FREE,
                List.of("scheduler.invocations"),
                "scheduler.freeTier.invocations",
                "per invocation; an hourly schedule's ~730 a month are far inside the 14 M free");
        add(
                "AWS::ECS::TaskDefinition",
                Meter.COMPUTE,
                List.of("fargate.ARCH.vcpuHour", "fargate.ARCH.gbHour"),
                null,
                "Fargate vCPU and GB per second of each task run (1 minute minimum); ephemeral storage beyond 20 GB");
    }

    private ResourceRules() {}

    private static void add(String type, Meter meter, List<String> lines, String freeTier, String how) {
        RULES.put(type, new Rule(type, meter, lines, freeTier, how));
    }

    /** The rule of a resource type, if pricing has one. */
    public static Optional<Rule> rule(String type) {
        return Optional.ofNullable(RULES.get(type));
    }

    /** Every rule, in a stable order. */
    public static List<Rule> all() {
        return List.copyOf(RULES.values());
    }
}

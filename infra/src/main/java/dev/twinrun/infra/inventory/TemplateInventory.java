package dev.twinrun.infra.inventory;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the templates {@code cdk synth} wrote and prints, per variant, what will be created and how each resource
 * bills: by the hour (whether or not the job runs), per use, a fixed monthly fee, or nothing.
 *
 * <p>Usage: {@code TemplateInventory [--json] [CDK_OUT_DIR]}; the directory defaults to {@code cdk.out}, then
 * {@code infra/cdk.out}. Exit code 2 when no synthesized app is found.
 */
public final class TemplateInventory {

    /** How a resource bills. */
    public enum Billing {
        /** Charged for every hour it exists or runs, idle or not. */
        HOURLY,
        /** Charged per request, GB-second, GB stored or GB ingested: zero when idle (storage aside). */
        PER_USE,
        /** A flat monthly fee per resource. */
        MONTHLY,
        /** No charge of its own. */
        FREE,
        /** A type this inventory does not classify: it may bill, and the cost model must have a rule for it. */
        UNKNOWN
    }

    /** Resource types with no charge of their own (IAM, VPC plumbing, permissions, policies, CDK metadata). */
    static final List<String> FREE_TYPES = List.of(
            "AWS::IAM::",
            "AWS::EC2::VPC",
            "AWS::EC2::Subnet",
            "AWS::EC2::RouteTable",
            "AWS::EC2::Route",
            "AWS::EC2::InternetGateway",
            "AWS::EC2::VPCGatewayAttachment",
            "AWS::EC2::SecurityGroup",
            "AWS::EC2::LaunchTemplate",
            "AWS::Lambda::Permission",
            "AWS::Lambda::EventInvokeConfig",
            "AWS::Lambda::EventSourceMapping",
            "AWS::S3::BucketPolicy",
            "AWS::SQS::QueuePolicy",
            "AWS::SNS::TopicPolicy",
            "AWS::SNS::Subscription",
            "AWS::SSM::Parameter",
            "AWS::Lambda::Version",
            "AWS::Lambda::Alias",
            "AWS::ECS::Cluster",
            "Custom::");

    /**
     * One billable (or free) thing a stack creates; {@code detail} says what the meter is, {@code properties} the
     * template values the cost model needs (instance type, memory, retention days, ...).
     */
    public record Item(
            String variant,
            String stack,
            String logicalId,
            String type,
            Billing billing,
            String detail,
            Map<String, String> properties) {
        public Item {
            requireNonNull(variant, "variant");
            requireNonNull(stack, "stack");
            requireNonNull(logicalId, "logicalId");
            requireNonNull(type, "type");
            requireNonNull(billing, "billing");
            requireNonNull(detail, "detail");
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        /** An item without properties. */
        public Item(String variant, String stack, String logicalId, String type, Billing billing, String detail) {
            this(variant, stack, logicalId, type, billing, detail, Map.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TemplateInventory() {}

    /** Prints the inventory of a synthesized app. */
    public static void main(String[] args) {
        boolean json = false;
        Path dir = null;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(
                        "usage: TemplateInventory [--json] [CDK_OUT_DIR]   (default cdk.out, then infra/cdk.out)");
                return;
            } else {
                dir = Path.of(arg);
            }
        }
        if (dir == null) {
            dir = Files.isDirectory(Path.of("cdk.out")) ? Path.of("cdk.out") : Path.of("infra", "cdk.out");
        }
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            System.err.println("no synthesized app in " + dir.toAbsolutePath()
                    + "; run `npx cdk synth` in infra/ (or ./mvnw -pl infra verify) first");
            System.exit(2);
        }
        List<Item> items = read(dir);
        if (json) {
            System.out.println(toJson(items));
        } else {
            print(items, System.out);
        }
    }

    /** Every resource of every stack in the cloud assembly {@code cdkOut}, classified. */
    public static List<Item> read(Path cdkOut) {
        List<Item> items = new ArrayList<>();
        templates(cdkOut).forEach((stack, template) -> items.addAll(classify(stack, template)));
        return items;
    }

    /** The template of every stack in the cloud assembly {@code cdkOut}, by stack name, in the manifest's order. */
    static Map<String, JsonNode> templates(Path cdkOut) {
        JsonNode manifest = readJson(cdkOut.resolve("manifest.json"));
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        manifest.path("artifacts").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> artifact = it.next();
            if (!"aws:cloudformation:stack"
                    .equals(artifact.getValue().path("type").asText())) {
                continue;
            }
            String stack = artifact.getValue().path("displayName").asText(artifact.getKey());
            Path templateFile = cdkOut.resolve(
                    artifact.getValue().path("properties").path("templateFile").asText());
            templates.put(stack, readJson(templateFile));
        }
        return templates;
    }

    /** The resources of one stack's template, classified. */
    public static List<Item> classify(String stack, JsonNode template) {
        String variant = variantOf(stack);
        List<Item> items = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        template.path("Resources").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            JsonNode resource = entry.getValue();
            String type = resource.path("Type").asText();
            JsonNode props = resource.path("Properties");
            switch (type) {
                case "AWS::EC2::Instance" -> {
                    boolean perRun = startedPerRun(template);
                    Map<String, String> instanceProps = new LinkedHashMap<>();
                    instanceProps.put("instanceType", props.path("InstanceType").asText("?"));
                    if (perRun) {
                        instanceProps.put("startedPerRun", "true");
                    }
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.HOURLY,
                            "instance " + props.path("InstanceType").asText("?")
                                    + (perRun
                                            ? ": stopped between runs, billed per second (60 s minimum) only while a"
                                                    + " run keeps it running"
                                            : ": billed per second (60 s minimum) for every hour it runs, busy or idle"),
                            instanceProps));
                    for (JsonNode mapping : props.path("BlockDeviceMappings")) {
                        JsonNode ebs = mapping.path("Ebs");
                        items.add(new Item(
                                variant,
                                stack,
                                id + "/" + mapping.path("DeviceName").asText("root"),
                                "EBS volume",
                                Billing.HOURLY,
                                "EBS " + ebs.path("VolumeType").asText("gp2") + " "
                                        + ebs.path("VolumeSize").asText("?")
                                        + " GB: GB-month while the instance exists, running or stopped",
                                Map.of(
                                        "volumeType",
                                        ebs.path("VolumeType").asText("gp2"),
                                        "sizeGb",
                                        ebs.path("VolumeSize").asText("0"))));
                    }
                    if (hasPublicSubnet(template)) {
                        items.add(new Item(
                                variant,
                                stack,
                                id + "/public-ipv4",
                                "public IPv4 address",
                                Billing.HOURLY,
                                perRun
                                        ? "public IPv4 address (auto-assigned in a public subnet, released when"
                                                + " the instance stops): per hour while a run keeps it running"
                                        : "public IPv4 address (public subnet, no NAT gateway): per hour while the instance runs",
                                perRun ? Map.of("startedPerRun", "true") : Map.of()));
                    }
                }
                case "AWS::EC2::NatGateway" ->
                    items.add(new Item(
                            variant, stack, id, type, Billing.HOURLY, "NAT gateway: per hour plus per GB processed"));
                case "AWS::EC2::EIP" ->
                    items.add(new Item(variant, stack, id, type, Billing.HOURLY, "Elastic IP (public IPv4): per hour"));
                case "AWS::EC2::Volume" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.HOURLY,
                            "EBS volume " + props.path("Size").asText("?") + " GB: GB-month"));
                case "AWS::EC2::VPCEndpoint" -> {
                    boolean gateway =
                            "Gateway".equals(props.path("VpcEndpointType").asText("Gateway"));
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            gateway ? Billing.FREE : Billing.HOURLY,
                            gateway
                                    ? "gateway endpoint: free (S3 traffic stays off the internet gateway)"
                                    : "interface endpoint: per hour per AZ plus per GB"));
                }
                case "AWS::Lambda::Function" -> items.add(lambda(variant, stack, id, type, props));
                case "AWS::S3::Bucket" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "S3: GB-month stored plus PUT/LIST and GET requests",
                            bucketProperties(id, props, template)));
                case "AWS::SQS::Queue" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "SQS: per request (only failed events land here)"));
                case "AWS::Logs::LogGroup" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "CloudWatch Logs: per GB ingested plus GB-month stored (retention "
                                    + props.path("RetentionInDays").asText("never expires") + " days)",
                            props.has("RetentionInDays")
                                    ? Map.of(
                                            "retentionDays",
                                            props.path("RetentionInDays").asText())
                                    : Map.of()));
                case "AWS::EC2::FlowLog" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "VPC flow log (" + props.path("TrafficType").asText("?")
                                    + "): per GB delivered to CloudWatch Logs",
                            Map.of("trafficType", props.path("TrafficType").asText("?"))));
                case "AWS::Events::Rule" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.FREE,
                            "EventBridge schedule "
                                    + props.path("ScheduleExpression").asText("") + ": scheduled rules are free"));
                case "AWS::Scheduler::Schedule" -> {
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "EventBridge Scheduler "
                                    + props.path("ScheduleExpression").asText("")
                                    + ": per invocation beyond the monthly free tier",
                            Map.of(
                                    "scheduleExpression",
                                    props.path("ScheduleExpression").asText(""))));
                    JsonNode awsvpc = props.path("Target")
                            .path("EcsParameters")
                            .path("NetworkConfiguration")
                            .path("AwsvpcConfiguration");
                    if ("ENABLED".equals(awsvpc.path("AssignPublicIp").asText())) {
                        items.add(new Item(
                                variant,
                                stack,
                                id + "/public-ipv4",
                                "public IPv4 address",
                                Billing.HOURLY,
                                "public IPv4 address of each task the schedule runs: per hour while the task runs",
                                Map.of("perTask", "true")));
                    }
                }
                case "AWS::ECS::TaskDefinition" -> {
                    String arch = props.path("RuntimePlatform")
                            .path("CpuArchitecture")
                            .asText("X86_64")
                            .toLowerCase(Locale.ROOT);
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "Fargate task " + props.path("Cpu").asText("?") + " CPU units, "
                                    + props.path("Memory").asText("?") + " MB, " + arch
                                    + ": vCPU-seconds and GB-seconds per run (1 minute minimum), from image pull to"
                                    + " stop; ephemeral storage beyond 20 GB; nothing when idle",
                            Map.of(
                                    "cpuUnits",
                                    props.path("Cpu").asText("?"),
                                    "memoryMb",
                                    props.path("Memory").asText("?"),
                                    "arch",
                                    arch)));
                }
                case "AWS::CloudWatch::Alarm" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.MONTHLY,
                            "CloudWatch alarm (standard resolution): per alarm-month"));
                case "AWS::CloudWatch::Dashboard" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.MONTHLY,
                            "CloudWatch dashboard: per dashboard-month beyond the free ones"));
                case "AWS::KMS::Key" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.MONTHLY,
                            "KMS customer managed key: per key-month, plus requests beyond the free tier",
                            props.path("EnableKeyRotation").asBoolean(false)
                                    ? Map.of("enableKeyRotation", "true")
                                    : Map.of()));
                case "AWS::SNS::Topic" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "SNS topic: per publish and per notification delivered"));
                case "AWS::StepFunctions::StateMachine" ->
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            Billing.PER_USE,
                            "Step Functions state machine ("
                                    + props.path("StateMachineType").asText("STANDARD") + "): per state transition",
                            Map.of(
                                    "stateMachineType",
                                    props.path("StateMachineType").asText("STANDARD"))));
                case "AWS::CDK::Metadata" -> {}
                default -> {
                    boolean free = FREE_TYPES.stream().anyMatch(type::startsWith);
                    items.add(new Item(
                            variant,
                            stack,
                            id,
                            type,
                            free ? Billing.FREE : Billing.UNKNOWN,
                            free ? "no charge of its own" : "not classified: may bill; the cost model needs a rule"));
                }
            }
        }
        return items;
    }

    /** Prints the items grouped by variant, then by how they bill. */
    public static void print(List<Item> items, PrintStream out) {
        Map<String, List<Item>> byVariant = new LinkedHashMap<>();
        for (String variant : List.of("lambda", "ec2", "fanout", "ec2-per-run", "fargate", "shared")) {
            byVariant.put(variant, new ArrayList<>());
        }
        for (Item item : items) {
            byVariant.computeIfAbsent(item.variant(), v -> new ArrayList<>()).add(item);
        }
        for (Map.Entry<String, List<Item>> group : byVariant.entrySet()) {
            List<Item> variantItems = group.getValue();
            if (variantItems.isEmpty()) {
                continue;
            }
            out.println("== " + group.getKey() + " (stacks: "
                    + String.join(
                            ", ",
                            variantItems.stream().map(Item::stack).distinct().toList()) + ")");
            for (Billing billing : Billing.values()) {
                List<Item> billed = variantItems.stream()
                        .filter(i -> i.billing() == billing)
                        .toList();
                if (billing == Billing.FREE) {
                    out.println("  free: " + billed.size()
                            + " resources (IAM, VPC plumbing, security groups, permissions, ...)");
                    continue;
                }
                if (billing == Billing.UNKNOWN && billed.isEmpty()) {
                    continue;
                }
                out.println("  " + label(billing) + ":" + (billed.isEmpty() ? " none" : ""));
                for (Item item : billed) {
                    out.println("    - " + item.detail() + "   [" + item.type() + " " + item.logicalId() + "]");
                }
            }
            out.println();
        }
    }

    /** The items as JSON, grouped by variant and billing, for the cost model. */
    public static String toJson(List<Item> items) {
        Map<String, Map<String, List<Map<String, Object>>>> out = new LinkedHashMap<>();
        for (Item item : items) {
            out.computeIfAbsent(item.variant(), v -> new LinkedHashMap<>())
                    .computeIfAbsent(item.billing().name().toLowerCase(Locale.ROOT), b -> new ArrayList<>())
                    .add(jsonItem(item));
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> jsonItem(Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", item.stack());
        m.put("logicalId", item.logicalId());
        m.put("type", item.type());
        m.put("detail", item.detail());
        if (!item.properties().isEmpty()) {
            m.put("properties", new TreeMap<>(item.properties()));
        }
        return m;
    }

    private static Item lambda(String variant, String stack, String id, String type, JsonNode props) {
        if (deployTimeOnly(id)) {
            return new Item(
                    variant,
                    stack,
                    id,
                    type,
                    Billing.PER_USE,
                    "CDK helper function: runs only during deploys, cost negligible",
                    Map.of("deployTimeOnly", "true"));
        }
        String arch = props.path("Architectures").path(0).asText("x86_64");
        return new Item(
                variant,
                stack,
                id,
                type,
                Billing.PER_USE,
                "Lambda " + props.path("Runtime").asText("?") + " " + arch + " "
                        + props.path("MemorySize").asText("128")
                        + " MB, timeout " + props.path("Timeout").asText("3")
                        + " s: GB-seconds (1 ms billing, INIT included) "
                        + "plus requests; nothing when idle",
                Map.of(
                        "deployTimeOnly",
                        "false",
                        "arch",
                        arch,
                        "memoryMb",
                        props.path("MemorySize").asText("128"),
                        "timeoutSeconds",
                        props.path("Timeout").asText("3")));
    }

    /** Whether a function of this logical id is a CDK helper that runs only during deploys. */
    static boolean deployTimeOnly(String logicalId) {
        return logicalId.startsWith("BucketNotificationsHandler")
                || logicalId.startsWith("Custom")
                || logicalId.contains("CustomResourceProvider")
                || logicalId.startsWith("LogRetention");
    }

    /** The expiration days of the bucket's raw-input rule ({@code expire-raw...}), if any. */
    /**
     * What pricing needs of a bucket: the raw input's expiration (the data bucket), or that it receives another
     * bucket's server access logs (a log bucket, which holds no job data).
     */
    private static Map<String, String> bucketProperties(String id, JsonNode props, JsonNode template) {
        for (JsonNode rule : props.path("LifecycleConfiguration").path("Rules")) {
            if (rule.path("Id").asText("").startsWith("expire-raw") && rule.has("ExpirationInDays")) {
                return Map.of(
                        "inputExpirationDays", rule.path("ExpirationInDays").asText());
            }
        }
        for (JsonNode other : template.path("Resources")) {
            JsonNode destination =
                    other.path("Properties").path("LoggingConfiguration").path("DestinationBucketName");
            if (id.equals(destination.path("Ref").asText(null))) {
                return Map.of("accessLogsOf", "bucket");
            }
        }
        return Map.of();
    }

    private static boolean hasPublicSubnet(JsonNode template) {
        for (JsonNode resource : template.path("Resources")) {
            if ("AWS::EC2::Subnet".equals(resource.path("Type").asText())
                    && resource.path("Properties").path("MapPublicIpOnLaunch").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the template's instance is started per run: a schedule whose target is EC2 StartInstances. */
    private static boolean startedPerRun(JsonNode template) {
        for (JsonNode resource : template.path("Resources")) {
            if ("AWS::Scheduler::Schedule".equals(resource.path("Type").asText())
                    && resource.path("Properties")
                            .path("Target")
                            .path("Arn")
                            .toString()
                            .contains("aws-sdk:ec2:startInstances")) {
                return true;
            }
        }
        return false;
    }

    static String variantOf(String stack) {
        String lower = stack.toLowerCase(Locale.ROOT);
        if (lower.contains("fanout")) {
            return "fanout";
        }
        if (lower.contains("ec2perrun")) {
            return "ec2-per-run";
        }
        if (lower.contains("fargate")) {
            return "fargate";
        }
        if (lower.contains("lambda")) {
            return "lambda";
        }
        if (lower.contains("ec2")) {
            return "ec2";
        }
        return "shared";
    }

    private static String label(Billing billing) {
        return switch (billing) {
            case HOURLY -> "bills by the hour (idle or not)";
            case PER_USE -> "bills per use";
            case MONTHLY -> "fixed monthly fee";
            case FREE -> "free";
            case UNKNOWN -> "not classified (may bill)";
        };
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package dev.twinrun.infra.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each variant asks of the team that runs it, read from the templates {@code cdk synth} wrote: resources by type,
 * IAM granted, what has an operating system someone must patch, agents, logs, alarms, dashboard widgets, tracing, what
 * scales by itself and how a new version rolls out. Every fact carries {@code from}: where in the template it was read.
 *
 * <p>The JSON ({@link #toJson}) is {@code {variant: {stacks, resources: {type: count}, facts: {key: {value, from}}}}};
 * the built-in copy the reports read is {@code pricing/src/main/resources/deployments/twinrun-2026-operations.json}.
 *
 * <p>Usage: {@code OperationsProfile [CDK_OUT_DIR]} prints the JSON.
 */
public final class OperationsProfile {

    /** The fact keys, in the order the report shows them. */
    public static final List<String> FACTS = List.of(
            "operate.resources",
            "operate.iam",
            "operate.patch",
            "operate.agent",
            "operate.scales",
            "observe.logs",
            "observe.alarms",
            "observe.dashboard",
            "observe.tracing",
            "rollout.how",
            "rollout.rollback");

    /** One fact: its value and how it was obtained. */
    public record Fact(String value, String from) {}

    /** One variant's profile. */
    public record Variant(List<String> stacks, Map<String, Integer> resources, Map<String, Fact> facts) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** CDK's {@code userDataCausesReplacement}: the instance's logical id gets 16 hex digits of the user data's hash. */
    private static final Pattern REPLACED_BY_USER_DATA = Pattern.compile(".*[0-9A-F]{8}[0-9a-f]{16}");

    private static final Pattern MAX_CONCURRENCY = Pattern.compile("\"MaxConcurrency\\\\?\"\\s*:\\s*(\\d+)");

    private OperationsProfile() {}

    /** Prints the profile of a synthesized app as JSON. */
    public static void main(String[] args) {
        Path dir = args.length > 0
                ? Path.of(args[0])
                : Files.isDirectory(Path.of("cdk.out")) ? Path.of("cdk.out") : Path.of("infra", "cdk.out");
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            System.err.println(
                    "no synthesized app in " + dir.toAbsolutePath() + "; run `npx cdk synth` in infra/ first");
            System.exit(2);
        }
        System.out.println(toJson(read(dir)));
    }

    /** The profile of every variant of the cloud assembly {@code cdkOut}, in the order the stacks appear. */
    public static Map<String, Variant> read(Path cdkOut) {
        Map<String, Map<String, JsonNode>> templates = new LinkedHashMap<>();
        TemplateInventory.templates(cdkOut)
                .forEach((stack, template) -> templates
                        .computeIfAbsent(TemplateInventory.variantOf(stack), v -> new LinkedHashMap<>())
                        .put(stack, template));
        List<JsonNode> dashboards = new ArrayList<>();
        for (JsonNode t : templates.getOrDefault("shared", Map.of()).values()) {
            for (JsonNode r : t.path("Resources")) {
                if ("AWS::CloudWatch::Dashboard".equals(r.path("Type").asText())) {
                    dashboards.add(r.path("Properties").path("DashboardBody"));
                }
            }
        }
        Map<String, Variant> out = new LinkedHashMap<>();
        // The shared stacks (data bucket, alarm topic, dashboard) belong to every variant; their dashboard is read
        // above.
        templates.forEach((variant, stacks) -> {
            if (!variant.equals("shared")) {
                out.put(variant, profile(variant, stacks, dashboards));
            }
        });
        return out;
    }

    /** One variant's profile from its stacks' templates; {@code dashboards} are the shared dashboards' bodies. */
    static Variant profile(String variant, Map<String, JsonNode> stacks, List<JsonNode> dashboards) {
        String where = String.join(", ", stacks.keySet()) + " template";
        List<Map.Entry<String, JsonNode>> resources = new ArrayList<>();
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode t : stacks.values()) {
            t.path("Resources").fields().forEachRemaining(resources::add);
            t.path("Parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue()));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> r : resources) {
            String type = r.getValue().path("Type").asText();
            if (!type.equals("AWS::CDK::Metadata")) {
                counts.merge(type, 1, Integer::sum);
            }
        }
        Map<String, Fact> facts = new LinkedHashMap<>();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        facts.put(
                "operate.resources",
                new Fact(
                        total + " resources of " + counts.size() + " types",
                        where + ": Resources counted by Type (CDK metadata left out)"));
        facts.put("operate.iam", iam(resources, where));
        facts.put("operate.patch", patch(resources, parameters, where));
        facts.put("operate.agent", agent(resources, where));
        facts.put("operate.scales", scales(resources, where));
        facts.put("observe.logs", logs(resources, where));
        facts.put("observe.alarms", alarms(resources, where));
        facts.put("observe.dashboard", dashboard(variant, dashboards));
        facts.put("observe.tracing", tracing(resources, where));
        rollout(resources, where, facts);
        return new Variant(List.copyOf(stacks.keySet()), counts, facts);
    }

    private static Fact iam(List<Map.Entry<String, JsonNode>> resources, String where) {
        int roles = 0;
        int statements = 0;
        int managed = 0;
        TreeSet<String> actions = new TreeSet<>();
        for (Map.Entry<String, JsonNode> r : resources) {
            JsonNode props = r.getValue().path("Properties");
            switch (r.getValue().path("Type").asText()) {
                case "AWS::IAM::Role" -> {
                    roles++;
                    managed += props.path("ManagedPolicyArns").size();
                    for (JsonNode p : props.path("Policies")) {
                        statements += statements(p.path("PolicyDocument"), actions);
                    }
                }
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
                    statements += statements(props.path("PolicyDocument"), actions);
                default -> {}
            }
        }
        return new Fact(
                roles + " roles, " + statements + " policy statements, " + actions.size() + " distinct actions"
                        + (managed > 0 ? ", " + plural(managed, "managed policy", "managed policies") : "") + " ("
                        + String.join(" ", actions)
                        + ")",
                where + ": AWS::IAM::Role and AWS::IAM::Policy documents (trust policies not counted)");
    }

    private static int statements(JsonNode document, TreeSet<String> actions) {
        int n = 0;
        for (JsonNode s : document.path("Statement")) {
            n++;
            JsonNode a = s.path("Action");
            if (a.isArray()) {
                a.forEach(x -> actions.add(x.asText()));
            } else if (a.isTextual()) {
                actions.add(a.asText());
            }
        }
        return n;
    }

    private static Fact patch(
            List<Map.Entry<String, JsonNode>> resources, Map<String, JsonNode> parameters, String where) {
        List<String> parts = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : resources) {
            JsonNode props = r.getValue().path("Properties");
            switch (r.getValue().path("Type").asText()) {
                case "AWS::EC2::Instance" -> {
                    String ref = props.path("ImageId").path("Ref").asText("");
                    JsonNode p = parameters.get(ref);
                    String ami = p == null
                            ? props.path("ImageId").asText("a fixed AMI")
                            : "the AMI of SSM parameter " + p.path("Default").asText();
                    parts.add("EC2 instance: the team patches its OS (" + ami + ", resolved at each deploy; the"
                            + " running instance keeps the AMI it booted from until the stack replaces it)");
                    from.add("AWS::EC2::Instance ImageId" + (p == null ? "" : " -> Parameters." + ref + ".Default"));
                }
                case "AWS::ECS::TaskDefinition" -> {
                    List<String> images = new ArrayList<>();
                    for (JsonNode c : props.path("ContainerDefinitions")) {
                        images.add(c.path("Image").asText("?"));
                    }
                    parts.add("Fargate task: AWS patches the host; the team owns the container images' base ("
                            + String.join(", ", images) + ", pulled by tag at every task start)");
                    from.add("AWS::ECS::TaskDefinition ContainerDefinitions[].Image");
                }
                case "AWS::Lambda::Function" -> {
                    if (!TemplateInventory.deployTimeOnly(r.getKey())) {
                        parts.add("Lambda " + r.getKey() + ": managed runtime "
                                + props.path("Runtime").asText("?") + ", OS and runtime patched by AWS");
                        from.add("AWS::Lambda::Function Runtime");
                    }
                }
                default -> {}
            }
        }
        if (parts.isEmpty()) {
            return new Fact("nothing with an operating system", where + ": no instance, task or function");
        }
        return new Fact(String.join("; ", dedupeLambdas(parts)), where + ": " + String.join(", ", distinct(from)));
    }

    /** Several functions on one runtime as one part ("3 Lambda functions: managed runtime java21 ..."). */
    private static List<String> dedupeLambdas(List<String> parts) {
        Map<String, Integer> lambda = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p.startsWith("Lambda ")) {
                lambda.merge(p.substring(p.indexOf(':') + 2), 1, Integer::sum);
            } else {
                out.add(p);
            }
        }
        lambda.forEach((rest, n) -> out.add((n == 1 ? "Lambda function: " : n + " Lambda functions: ") + rest));
        return out;
    }

    private static Fact agent(List<Map.Entry<String, JsonNode>> resources, String where) {
        for (Map.Entry<String, JsonNode> r : resources) {
            if ("AWS::EC2::Instance".equals(r.getValue().path("Type").asText())) {
                String userData =
                        r.getValue().path("Properties").path("UserData").toString();
                boolean install = userData.contains("install.sh");
                boolean cwAgent = resources.stream()
                        .anyMatch(x -> x.getValue().path("Type").asText().equals("AWS::IAM::Policy")
                                && x.getValue().toString().contains("CWAgent"));
                return new Fact(
                        cwAgent
                                ? "CloudWatch agent on the instance (installed by the user data's install bundle"
                                        + (install ? ", install.sh" : "")
                                        + "): ships the runner log and its EMF lines; the team keeps it running and"
                                        + " updated"
                                : "none found: the instance's role grants no CloudWatch agent namespace",
                        where + ": AWS::EC2::Instance UserData and the instance role's cloudwatch:namespace condition"
                                + " (CWAgent)");
            }
        }
        for (Map.Entry<String, JsonNode> r : resources) {
            if ("AWS::ECS::TaskDefinition".equals(r.getValue().path("Type").asText())) {
                TreeSet<String> drivers = new TreeSet<>();
                r.getValue()
                        .path("Properties")
                        .path("ContainerDefinitions")
                        .forEach(c -> drivers.add(
                                c.path("LogConfiguration").path("LogDriver").asText("none")));
                return new Fact(
                        "none: the containers' log driver (" + String.join(", ", drivers)
                                + ") sends stdout to CloudWatch Logs",
                        where + ": AWS::ECS::TaskDefinition ContainerDefinitions[].LogConfiguration");
            }
        }
        return new Fact(
                "none: Lambda sends the function's output to its log group",
                where + ": AWS::Lambda::Function LoggingConfig (no instance to install an agent on)");
    }

    private static Fact scales(List<Map.Entry<String, JsonNode>> resources, String where) {
        List<String> parts = new ArrayList<>();
        List<String> from = new ArrayList<>();
        boolean instance = false;
        for (Map.Entry<String, JsonNode> r : resources) {
            JsonNode props = r.getValue().path("Properties");
            switch (r.getValue().path("Type").asText()) {
                case "AWS::Lambda::Function" -> {
                    if (TemplateInventory.deployTimeOnly(r.getKey())) {
                        break;
                    }
                    if (props.has("ReservedConcurrentExecutions")) {
                        parts.add("Lambda " + r.getKey() + ": one environment per concurrent invocation, capped at "
                                + props.path("ReservedConcurrentExecutions").asText() + " (reserved concurrency)");
                        from.add("AWS::Lambda::Function ReservedConcurrentExecutions");
                    }
                }
                case "AWS::StepFunctions::StateMachine" -> {
                    String definition = props.path("DefinitionString").toString();
                    Matcher m = MAX_CONCURRENCY.matcher(definition);
                    boolean distributed = definition.contains("DISTRIBUTED");
                    parts.add("Step Functions " + (distributed ? "distributed " : "") + "Map: one child per shard"
                            + (m.find() ? ", at most " + m.group(1) + " at once (MaxConcurrency)" : ""));
                    from.add("AWS::StepFunctions::StateMachine DefinitionString");
                }
                case "AWS::EC2::Instance" -> instance = true;
                case "AWS::Scheduler::Schedule" -> {
                    JsonNode ecs = props.path("Target").path("EcsParameters");
                    if (!ecs.isMissingNode()) {
                        parts.add("no: " + ecs.path("TaskCount").asText("1") + " task per schedule firing, its size"
                                + " fixed in the task definition");
                        from.add("AWS::Scheduler::Schedule Target.EcsParameters.TaskCount");
                    }
                }
                default -> {}
            }
        }
        if (instance
                && resources.stream()
                        .noneMatch(
                                r -> r.getValue().path("Type").asText().equals("AWS::AutoScaling::AutoScalingGroup"))) {
            parts.add("no: one instance, no Auto Scaling group; a bigger instance type is a template change");
            from.add("AWS::EC2::Instance, no AWS::AutoScaling::AutoScalingGroup");
        }
        if (parts.isEmpty()) {
            parts.add("Lambda: one environment per concurrent invocation, up to the account's concurrency");
            from.add("AWS::Lambda::Function without ReservedConcurrentExecutions");
        }
        return new Fact(String.join("; ", parts), where + ": " + String.join(", ", distinct(from)));
    }

    private static Fact logs(List<Map.Entry<String, JsonNode>> resources, String where) {
        TreeMap<String, Integer> byRetention = new TreeMap<>();
        for (Map.Entry<String, JsonNode> r : resources) {
            if ("AWS::Logs::LogGroup".equals(r.getValue().path("Type").asText())) {
                JsonNode days = r.getValue().path("Properties").path("RetentionInDays");
                byRetention.merge(days.isMissingNode() ? "never expiring" : days.asText() + " days", 1, Integer::sum);
            }
        }
        int n = byRetention.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        byRetention.forEach((k, v) -> parts.add(v + " kept " + k));
        return new Fact(
                n == 0
                        ? "no log group in the template"
                        : plural(n, "log group", "log groups") + " (" + String.join(", ", parts) + ")",
                where + ": AWS::Logs::LogGroup RetentionInDays");
    }

    private static Fact alarms(List<Map.Entry<String, JsonNode>> resources, String where) {
        int n = 0;
        int withAction = 0;
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : resources) {
            if ("AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                n++;
                if (r.getValue().path("Properties").path("AlarmActions").size() > 0) {
                    withAction++;
                }
                names.add(r.getKey().replaceAll("Alarm[0-9A-F]{8}$", ""));
            }
        }
        return new Fact(
                n + " alarms, " + withAction + " with an action"
                        + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")"),
                where + ": AWS::CloudWatch::Alarm, AlarmActions");
    }

    private static Fact dashboard(String variant, List<JsonNode> dashboards) {
        int widgets = 0;
        int total = 0;
        for (JsonNode body : dashboards) {
            String text = joined(body);
            try {
                for (JsonNode w : JSON.readTree(text).path("widgets")) {
                    total++;
                    if (w.path("properties").path("metrics").toString().contains("\"Variant\",\"" + variant + "\"")) {
                        widgets++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("dashboard body is not JSON", e);
            }
        }
        return new Fact(
                dashboards.isEmpty()
                        ? "no dashboard"
                        : widgets + " of the shared dashboard's " + total + " widgets show this variant",
                "the shared stacks' template: AWS::CloudWatch::Dashboard DashboardBody: widgets with a metric of dimension Variant="
                        + variant);
    }

    private static Fact tracing(List<Map.Entry<String, JsonNode>> resources, String where) {
        List<String> on = new ArrayList<>();
        int traceable = 0;
        for (Map.Entry<String, JsonNode> r : resources) {
            JsonNode props = r.getValue().path("Properties");
            switch (r.getValue().path("Type").asText()) {
                case "AWS::Lambda::Function" -> {
                    if (!TemplateInventory.deployTimeOnly(r.getKey())) {
                        traceable++;
                        if ("Active"
                                .equals(props.path("TracingConfig").path("Mode").asText())) {
                            on.add(r.getKey());
                        }
                    }
                }
                case "AWS::StepFunctions::StateMachine" -> {
                    traceable++;
                    if (props.path("TracingConfiguration").path("Enabled").asBoolean(false)) {
                        on.add(r.getKey());
                    }
                }
                default -> {}
            }
        }
        if (traceable == 0) {
            return new Fact(
                    "no X-Ray tracing: the platform has none built in (the daemon or an OpenTelemetry collector would"
                            + " be another agent)",
                    where + ": no function or state machine");
        }
        return new Fact(
                on.isEmpty()
                        ? "off: X-Ray is one template setting away"
                        : "X-Ray on for " + on.size() + " of " + traceable + " (" + String.join(", ", on) + ")",
                where + ": AWS::Lambda::Function TracingConfig.Mode, AWS::StepFunctions::StateMachine"
                        + " TracingConfiguration.Enabled");
    }

    private static void rollout(List<Map.Entry<String, JsonNode>> resources, String where, Map<String, Fact> facts) {
        List<String> types =
                resources.stream().map(r -> r.getValue().path("Type").asText()).toList();
        Map.Entry<String, JsonNode> instance = resources.stream()
                .filter(r -> r.getValue().path("Type").asText().equals("AWS::EC2::Instance"))
                .findFirst()
                .orElse(null);
        if (instance != null) {
            boolean replaced = REPLACED_BY_USER_DATA.matcher(instance.getKey()).matches();
            facts.put(
                    "rollout.how",
                    new Fact(
                            replaced
                                    ? "a new instance: the runner jar is an asset the user data names, and a changed"
                                            + " user data replaces the instance, which boots and runs the install"
                                            + " bundle"
                                    : "in place: the user data runs at first boot only, so a new jar needs a manual"
                                            + " re-install on the instance",
                            where + ": the AWS::EC2::Instance logical id " + instance.getKey()
                                    + (replaced
                                            ? " ends in the user data's hash (userDataCausesReplacement)"
                                            : " carries no user data hash")));
            facts.put(
                    "rollout.rollback",
                    new Fact(
                            "not one step: redeploy the previous jar, which replaces the instance again",
                            where + ": one AWS::EC2::Instance, no launch template version or Auto Scaling group"));
            return;
        }
        if (types.contains("AWS::ECS::TaskDefinition")) {
            facts.put(
                    "rollout.how",
                    new Fact(
                            "a new task definition revision; the schedule's next firing starts a task from it (nothing"
                                    + " runs between firings)",
                            where
                                    + ": AWS::ECS::TaskDefinition (replaced on change), AWS::Scheduler::Schedule target"));
            facts.put(
                    "rollout.rollback",
                    new Fact(
                            "not one step through the stack: redeploy the previous jar (a new revision); the old"
                                    + " revision stays registered",
                            where + ": the schedule names the task definition the stack created"));
            return;
        }
        Map.Entry<String, JsonNode> alias = resources.stream()
                .filter(r -> r.getValue().path("Type").asText().equals("AWS::Lambda::Alias"))
                .findFirst()
                .orElse(null);
        if (alias != null) {
            String name = alias.getValue().path("Properties").path("Name").asText("?");
            facts.put(
                    "rollout.how",
                    new Fact(
                            "publish a new version; the alias " + name + " moves to it and the triggers invoke the"
                                    + " alias",
                            where + ": AWS::Lambda::Version and AWS::Lambda::Alias " + name));
            facts.put(
                    "rollout.rollback",
                    new Fact(
                            "one step: point the alias " + name + " back at the previous version (aws lambda"
                                    + " update-alias)",
                            where + ": AWS::Lambda::Alias " + name + " over published versions"));
            return;
        }
        boolean stateMachine = types.contains("AWS::StepFunctions::StateMachine");
        facts.put(
                "rollout.how",
                new Fact(
                        "the functions' code is replaced in place ($LATEST); the next invocation"
                                + (stateMachine ? " of the state machine" : "")
                                + " runs it, a cold start",
                        where + ": AWS::Lambda::Function Code.S3Key (the zip's hash), no AWS::Lambda::Version or"
                                + " Alias"));
        facts.put(
                "rollout.rollback",
                new Fact(
                        "not one step: redeploy the previous zip (no published version to go back to)",
                        where + ": no AWS::Lambda::Version or AWS::Lambda::Alias"));
    }

    /** A template string value, with the parts of an {@code Fn::Join} joined (references left as {@code ?}). */
    private static String joined(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        JsonNode join = value.path("Fn::Join");
        if (join.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : join.path(1)) {
                b.append(part.isTextual() ? part.asText() : "?");
            }
            return b.toString();
        }
        return value.toString();
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static List<String> distinct(List<String> items) {
        return items.stream().distinct().toList();
    }

    /** The profile as JSON, variants in the order given. */
    public static String toJson(Map<String, Variant> profile) {
        try {
            return JSON.writeValueAsString(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.asList;
import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static dev.twinrun.infra.CdkTestSupport.policyStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.pricing.FanoutStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FanoutVariantStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TwinrunApp.Stacks stacks;
    private static Template template;
    private static TwinrunApp.Stacks manual;
    private static Template manualTemplate;

    @BeforeAll
    static void synth() {
        stacks = CdkTestSupport.synth(Map.of("variants", "fanout"));
        template = Template.fromStack(stacks.fanout());
        manual = CdkTestSupport.synth(Map.of(
                "variants",
                "lambda,fanout",
                "fanoutTrigger",
                "none",
                "fanoutMaxConcurrency",
                "4",
                "outputPrefix",
                "out/",
                "distinctOutputPrefixes",
                "false"));
        manualTemplate = Template.fromStack(manual.fanout());
    }

    @Test
    void isNotDeployedUnlessNamedInVariants() {
        TwinrunConfig defaults = TwinrunConfig.defaults();

        assertThat(defaults.has(TwinrunConfig.Variant.FANOUT))
                .as("fanout in the default variants")
                .isFalse();
        assertThat(stacks.lambda()).as("lambda stack with variants=fanout").isNull();
        assertThat(stacks.dashboard())
                .as("the dashboard charts the fan-out alone too")
                .isNotNull();
        assertThat(manual.lambda())
                .as("lambda stack with variants=lambda,fanout")
                .isNotNull();
    }

    @Test
    void stateMachineIsPlanThenADistributedMapOfShardsThenMerge() throws Exception {
        JsonNode definition = definition(template);

        assertThat(definition.get("StartAt").asText()).as("first state").isEqualTo("Plan");
        JsonNode states = definition.get("States");
        assertThat(states.get("Plan").get("Next").asText()).as("after Plan").isEqualTo("HourDue");
        JsonNode map = states.get("Shards");
        assertThat(map.get("Type").asText()).as("Shards type").isEqualTo("Map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText())
                .as("Map mode")
                .isEqualTo("DISTRIBUTED");
        assertThat(map.get("ItemsPath").asText()).as("items").isEqualTo("$.shards");
        assertThat(map.get("MaxConcurrency").asInt())
                .as("default MaxConcurrency")
                .isEqualTo(10);
        // Absent means none tolerated: one failed shard fails the Map, and Merge never runs on a partial set.
        assertThat(map.path("ToleratedFailurePercentage").asInt(0))
                .as("tolerated failure percentage")
                .isZero();
        assertThat(map.has("ToleratedFailureCount"))
                .as("tolerated failure count set")
                .isFalse();
        assertThat(map.get("ResultPath").asText()).as("where shard answers go").isEqualTo("$.results");
        assertThat(map.get("Next").asText()).as("after Shards").isEqualTo("Merge");
        JsonNode shard = map.at("/ItemProcessor/States/Shard");
        assertThat(shard.get("Resource").asText()).as("shard task").contains("lambda:invoke");
        assertThat(shard.get("Retry").toString()).as("shard retries").contains("States.TaskFailed");
        JsonNode mergeParameters = states.get("Merge").get("Parameters").get("Payload");
        assertThat(mergeParameters.get("results.$").asText())
                .as("merge gets the shard answers")
                .isEqualTo("$.results");
        assertThat(mergeParameters.get("shardCount.$").asText())
                .as("merge gets the shard count")
                .isEqualTo("$.shardCount");
        assertThat(states.get("Merge").get("Next").asText())
                .as("after Merge: the next due hour")
                .isEqualTo("PlanNext");
        assertThat(definition(manualTemplate)
                        .at("/States/Shards/MaxConcurrency")
                        .asInt())
                .as("MaxConcurrency from fanoutMaxConcurrency")
                .isEqualTo(4);
    }

    @Test
    void stateMachineLoopsOverDueHoursUntilPlanIsDoneAndAFailedHourGoesOnToTheNext() throws Exception {
        JsonNode states = definition(template).get("States");

        JsonNode choice = states.get("HourDue");
        assertThat(choice.get("Type").asText()).as("HourDue type").isEqualTo("Choice");
        assertThat(choice.at("/Choices/0/Variable").asText())
                .as("what HourDue tests")
                .isEqualTo("$.done");
        assertThat(choice.at("/Choices/0/BooleanEquals").asBoolean())
                .as("done value")
                .isTrue();
        assertThat(choice.at("/Choices/0/Next").asText()).as("when done").isEqualTo("NoHourDue");
        assertThat(choice.get("Default").asText()).as("otherwise").isEqualTo("Shards");
        assertThat(choice.at("/Assign/loop.$").asText())
                .as("the loop kept in a variable")
                .isEqualTo("$.loop");
        assertThat(states.at("/NoHourDue/Type").asText()).as("NoHourDue type").isEqualTo("Succeed");
        for (String next : List.of("PlanNext", "PlanAfterFailure")) {
            JsonNode step = states.get(next);
            assertThat(step.get("Resource").asText()).as(next + " task").contains("lambda:invoke");
            assertThat(step.at("/Parameters/FunctionName").toString())
                    .as(next + " invokes the Plan function")
                    .isEqualTo(states.at("/Plan/Parameters/FunctionName").toString());
            assertThat(step.at("/Parameters/Payload/loop.$").asText())
                    .as(next + " gets the loop")
                    .isEqualTo("$loop");
            assertThat(step.at("/Parameters/Payload/executionStart.$").asText())
                    .as(next + " gets the execution's start")
                    .isEqualTo("$$.Execution.StartTime");
            assertThat(step.at("/Parameters/Payload/budgetSeconds").asLong())
                    .as(next + " budget: 2 h less 4 x the 900 s shard timeout")
                    .isEqualTo(3600);
            assertThat(step.get("Next").asText()).as("after " + next).isEqualTo("HourDue");
        }
        assertThat(states.at("/PlanAfterFailure/Parameters/Payload/error.$").asText())
                .as("PlanAfterFailure gets the caught error")
                .isEqualTo("$");
        for (String failing : List.of("Shards", "Merge")) {
            JsonNode c = states.get(failing).at("/Catch/0");
            assertThat(c.get("ErrorEquals").toString()).as(failing + " catches").isEqualTo("[\"States.ALL\"]");
            assertThat(c.get("Next").asText()).as(failing + " failure goes to").isEqualTo("PlanAfterFailure");
            assertThat(c.path("ResultPath").asText("$"))
                    .as(failing + " catch: the error replaces the state, which cannot grow")
                    .isEqualTo("$");
        }
        assertThat(states.at("/Plan/Catch").isMissingNode())
                .as("a failing Plan step (listing, or the last step naming failed hours) fails the execution")
                .isTrue();
    }

    @Test
    void thePricedStateTransitionsAreTheStatesTheDefinitionPassesThrough() throws Exception {
        JsonNode definition = definition(template);

        assertThat(walk(definition, 1))
                .as("one hour: what LambdaFanoutPricing bills (FanoutStateMachine.FIRST_HOUR)")
                .isEqualTo(FanoutStateMachine.FIRST_HOUR);
        List<String> threeHours = new ArrayList<>(FanoutStateMachine.FIRST_HOUR);
        for (int i = 0; i < 2; i++) {
            threeHours.addAll(threeHours.size() - 1, FanoutStateMachine.EXTRA_HOUR);
        }
        assertThat(walk(definition, 3)).as("three hours in one execution").isEqualTo(threeHours);
        assertThat(walk(definition, 3)).hasSize(FanoutStateMachine.parentTransitions(3));
        JsonNode processor = definition.at("/States/Shards/ItemProcessor");
        assertThat(walk(processor, 0)).as("a child execution's states").isEqualTo(FanoutStateMachine.CHILD);
    }

    /**
     * The states an execution passes through when Plan (and PlanNext) answer "not done" {@code hours} times, then
     * done: Task and Map states go to Next, the Choice follows its {@code $.done} rule, a Succeed ends.
     */
    private static List<String> walk(JsonNode definition, int hours) {
        JsonNode states = definition.get("States");
        String plan = states.at("/Plan/Parameters/FunctionName").toString();
        List<String> visited = new ArrayList<>();
        int answers = 0;
        boolean done = false;
        String at = definition.get("StartAt").asText();
        while (at != null) {
            assertThat(visited).as("the walk ends").hasSizeLessThan(100);
            visited.add(at);
            JsonNode state = states.get(at);
            switch (state.get("Type").asText()) {
                case "Choice" -> {
                    JsonNode rule = state.at("/Choices/0");
                    assertThat(rule.get("Variable").asText())
                            .as("the only rule")
                            .isEqualTo("$.done");
                    at = done == rule.get("BooleanEquals").asBoolean()
                            ? rule.get("Next").asText()
                            : state.get("Default").asText();
                }
                case "Succeed", "Fail" -> at = null;
                default -> {
                    if (plan.equals(state.at("/Parameters/FunctionName").toString())) {
                        done = answers++ >= hours;
                    }
                    at = state.path("End").asBoolean(false)
                            ? null
                            : state.get("Next").asText();
                }
            }
        }
        return visited;
    }

    @Test
    void threeFunctionsFromTheLambdaZipWithTheirHandlersAndTheFanoutEnvironment() {
        template.resourceCountIs("AWS::Lambda::Function", 3);
        for (String handler : List.of(
                FanoutVariantStack.PLAN_HANDLER, FanoutVariantStack.SHARD_HANDLER, FanoutVariantStack.MERGE_HANDLER)) {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Map.of(
                            "Handler",
                            handler,
                            "Runtime",
                            "java21",
                            "Environment",
                            Map.of(
                                    "Variables",
                                    Match.objectLike(Map.of(
                                            "TWINRUN_BUCKET", Match.anyValue(),
                                            "TWINRUN_VARIANT", "fanout",
                                            "TWINRUN_MAX_SHARDS", "200",
                                            "TWINRUN_SHARD_TARGET_MB", "256")))));
        }
        template.hasResourceProperties(
                "AWS::Lambda::Function", Map.of("Handler", FanoutVariantStack.SHARD_HANDLER, "Timeout", 900));
    }

    @Test
    void stateMachineLogsEverythingToALogGroupWithRetention() {
        template.hasResourceProperties(
                "AWS::StepFunctions::StateMachine",
                Map.of("LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL"))));
        template.resourceCountIs("AWS::Logs::LogGroup", 4);
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void anHourlyRuleStartsTheStateMachineUnlessTheTriggerIsNone() {
        template.hasResourceProperties(
                "AWS::Events::Rule",
                Map.of(
                        "ScheduleExpression",
                        "cron(5 * * * ? *)",
                        "Targets",
                        List.of(Match.objectLike(
                                Map.of("Arn", Map.of("Ref", Match.stringLikeRegexp("StateMachine.*")))))));
        manualTemplate.resourceCountIs("AWS::Events::Rule", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineRoleInvokesOnlyTheThreeFunctions() {
        List<String> invoked = new ArrayList<>();
        for (Map<String, Object> statement : policyStatements(template)) {
            List<Object> actions = asList(statement.get("Action"));
            if (actions.contains("lambda:InvokeFunction")) {
                assertThat(actions).as("invoke statement actions").containsExactly("lambda:InvokeFunction");
                for (Object resource : asList(statement.get("Resource"))) {
                    String json = json(resource);
                    assertThat(json).as("invoked resource").matches(".*\"(Plan|Shard|Merge)Function[A-Za-z0-9]+\".*");
                    invoked.add(json.replaceAll(".*\"(Plan|Shard|Merge)Function.*", "$1"));
                }
            }
        }
        assertThat(invoked)
                .as("functions the state machine may invoke")
                .containsOnly("Plan", "Shard", "Merge")
                .contains("Plan", "Shard", "Merge");
        List<Object> stateMachineActions = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e :
                template.findResources("AWS::IAM::Policy").entrySet()) {
            if (e.getKey().startsWith("StateMachine") && !e.getKey().startsWith("StateMachineEventsRole")) {
                Map<String, Object> document = (Map<String, Object>)
                        ((Map<String, Object>) e.getValue().get("Properties")).get("PolicyDocument");
                for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                    stateMachineActions.addAll(asList(statement.get("Action")));
                }
            }
        }
        assertThat(stateMachineActions)
                .as("every action of the state machine's role")
                .isNotEmpty()
                .allMatch(
                        a -> a.equals("lambda:InvokeFunction")
                                || ((String) a)
                                        .matches(
                                                "states:(StartExecution|DescribeExecution|StopExecution|RedriveExecution)")
                                || ((String) a)
                                        .matches(
                                                "logs:[A-Za-z]*(LogDelivery|LogDeliveries|ResourcePolicy|ResourcePolicies|LogGroups)"));
    }

    @Test
    void noWildcardActionAndNoManagedPolicy() {
        for (Template t : List.of(template, manualTemplate)) {
            for (Map<String, Object> statement : policyStatements(t)) {
                assertThat(statement.get("Effect"))
                        .as("effect of %s", statement)
                        .isEqualTo("Allow");
                for (Object action : asList(statement.get("Action"))) {
                    assertThat((String) action)
                            .as("action in %s", statement)
                            .isNotEqualTo("*")
                            .doesNotEndWith(":*");
                }
            }
        }
        template.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void eachFunctionReachesOnlyThePrefixesItsStepNeeds() {
        Map<String, List<String>> byPolicy = s3GrantsByPolicy(manualTemplate);

        assertThat(byPolicy.get("PlanDataAccess"))
                .as("Plan's S3 grants")
                .containsExactlyInAnyOrder(
                        "s3:ListBucket on bucket if prefix in [incoming/*, out/insights/*]",
                        "s3:GetObject on out/insights/*");
        assertThat(byPolicy.get("ShardDataAccess"))
                .as("Shard's S3 grants")
                .containsExactlyInAnyOrder(
                        "s3:GetObject on incoming/*",
                        "s3:PutObject on out/_shards/*",
                        "s3:AbortMultipartUpload on out/_shards/*");
        assertThat(byPolicy.get("MergeDataAccess"))
                .as("Merge's extra S3 grants")
                .containsExactlyInAnyOrder("s3:GetObject on out/_shards/*", "s3:DeleteObject on out/_shards/*");
        assertThat(byPolicy.get("MergeJobDataAccessPolicy"))
                .as("Merge's job access (JobDataAccess)")
                .contains("s3:PutObject on out/insights/*", "s3:GetObject on incoming/*")
                .doesNotContain("s3:PutObject on incoming/*");
        assertThat(byPolicy)
                .as("policies with S3 grants")
                .containsOnlyKeys("PlanDataAccess", "ShardDataAccess", "MergeDataAccess", "MergeJobDataAccessPolicy");
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirName() {
        assertThatThrownBy(() -> CdkTestSupport.synth(Map.of("variants", "fanout", "fanoutMaxConcurrency", "0")))
                .as("fanoutMaxConcurrency=0")
                .hasMessageContaining("fanoutMaxConcurrency must be 1..1000");
        assertThatThrownBy(() -> CdkTestSupport.synth(Map.of("variants", "fanout", "fanoutMaxShards", "501")))
                .as("fanoutMaxShards=501")
                .hasMessageContaining("fanoutMaxShards must be 1..500");
        assertThatThrownBy(() -> CdkTestSupport.synth(Map.of("variants", "fanout", "fanoutTrigger", "s3")))
                .as("fanoutTrigger=s3")
                .hasMessageContaining("expected schedule or none");
    }

    @Test
    void passesCdkNagAwsSolutionsChecks() {
        assertNoUnsuppressedNagErrors(stacks.fanout());
        assertNoUnsuppressedNagErrors(manual.fanout());
    }

    /** "action on prefix" per policy logical id (its prefix before the hash), for S3 statements. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> s3GrantsByPolicy(Template t) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> e :
                t.findResources("AWS::IAM::Policy").entrySet()) {
            String policy = e.getKey().replaceAll("[0-9A-F]{8}$", "");
            Map<String, Object> document =
                    (Map<String, Object>) ((Map<String, Object>) e.getValue().get("Properties")).get("PolicyDocument");
            for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                for (Object action : asList(statement.get("Action"))) {
                    if (!((String) action).startsWith("s3:")) {
                        continue;
                    }
                    for (Object resource : asList(statement.get("Resource"))) {
                        String json = json(resource);
                        assertThat(json)
                                .as("S3 resource of %s is in the data bucket", policy)
                                .contains("DataBucket");
                        String where = json.contains("\"/") ? json.replaceAll(".*\"/([^\"]*)\".*", "$1") : "bucket";
                        String grant = action + " on " + where;
                        if (action.equals("s3:ListBucket")) {
                            Map<String, Object> like = (Map<String, Object>)
                                    ((Map<String, Object>) statement.get("Condition")).get("StringLike");
                            grant += " if prefix in " + asList(like.get("s3:prefix"));
                        }
                        out.computeIfAbsent(policy, k -> new ArrayList<>()).add(grant);
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode definition(Template t) throws Exception {
        Map<String, Map<String, Object>> machines = t.findResources("AWS::StepFunctions::StateMachine");
        assertThat(machines).as("state machines").hasSize(1);
        Object body = machines.values().iterator().next();
        JsonNode props = JSON.valueToTree(body).get("Properties");
        // DefinitionString is an Fn::Join of literal parts and function ARNs: keep the literals, stand in for the ARNs
        // with the function's logical id (Fn::GetAtt [id, Arn]), so which step invokes which function stays visible.
        StringBuilder text = new StringBuilder();
        for (JsonNode part : props.at("/DefinitionString/Fn::Join/1")) {
            text.append(
                    part.isTextual()
                            ? part.asText()
                            : "arn:function:" + part.path("Fn::GetAtt").path(0).asText("?"));
        }
        return JSON.readTree(text.toString());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

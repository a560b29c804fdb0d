package dev.twinrun.infra;

import static dev.twinrun.infra.CdkTestSupport.asList;
import static dev.twinrun.infra.CdkTestSupport.assertNoUnsuppressedNagErrors;
import static dev.twinrun.infra.CdkTestSupport.policyStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class Ec2VariantStackTest {

    private static TwinrunApp.Stacks stacks;
    private static Template template;
    private static TwinrunApp.Stacks x86;

    @BeforeAll
    static void synth() {
        stacks = CdkTestSupport.synth(Map.of("variants", "ec2"));
        template = Template.fromStack(stacks.ec2());
        x86 = CdkTestSupport.synth(Map.of("variants", "ec2", "instanceType", "t3.small", "rootVolumeGb", "16"));
    }

    @Test
    void runsOneT4gMicroOnAmazonLinux2023ForArm() {
        template.resourceCountIs("AWS::EC2::Instance", 1);
        template.hasResourceProperties("AWS::EC2::Instance", Map.of("InstanceType", "t4g.micro"));
        template.hasParameter(
                "*",
                Map.of(
                        "Type",
                        "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                        "Default",
                        Match.stringLikeRegexp("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-.*-arm64")));
    }

    @Test
    void instanceTypeAndRootVolumeFollowTheSettingsAndPickTheMatchingAmi() {
        Template t = Template.fromStack(x86.ec2());
        t.hasResourceProperties(
                "AWS::EC2::Instance",
                Map.of(
                        "InstanceType",
                        "t3.small",
                        "BlockDeviceMappings",
                        List.of(Match.objectLike(Map.of("Ebs", Match.objectLike(Map.of("VolumeSize", 16)))))));
        t.hasParameter(
                "*",
                Map.of(
                        "Default",
                        Match.stringLikeRegexp("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-.*-x86_64")));
    }

    @Test
    void requiresImdsv2WithAHopLimitOfOne() {
        template.hasResourceProperties(
                "AWS::EC2::Instance",
                Map.of(
                        "MetadataOptions",
                        Map.of("HttpTokens", "required", "HttpEndpoint", "enabled", "HttpPutResponseHopLimit", 1)));
    }

    @Test
    void hasNoKeyPairAndNoInboundRule() {
        template.hasResourceProperties("AWS::EC2::Instance", Map.of("KeyName", Match.absent()));
        template.resourceCountIs("AWS::EC2::KeyPair", 0);
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Map.of(
                        "SecurityGroupIngress", Match.absent(),
                        "SecurityGroupEgress",
                                List.of(Map.of(
                                        "CidrIp",
                                        "0.0.0.0/0",
                                        "IpProtocol",
                                        "tcp",
                                        "FromPort",
                                        443,
                                        "ToPort",
                                        443,
                                        "Description",
                                        Match.anyValue()))));
    }

    @Test
    void rootVolumeIsEncryptedGp3() {
        template.hasResourceProperties(
                "AWS::EC2::Instance",
                Map.of(
                        "BlockDeviceMappings",
                        List.of(Map.of(
                                "DeviceName",
                                "/dev/xvda",
                                "Ebs",
                                Map.of(
                                        "Encrypted",
                                        true,
                                        "VolumeType",
                                        "gp3",
                                        "VolumeSize",
                                        8,
                                        "DeleteOnTermination",
                                        true)))));
    }

    @Test
    void vpcHasPublicSubnetsOnlyNoNatAndAnS3GatewayEndpoint() {
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::EIP", 0);
        template.resourceCountIs("AWS::EC2::Subnet", 2);
        template.allResourcesProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true));
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        template.hasResourceProperties(
                "AWS::EC2::VPCEndpoint",
                Map.of(
                        "VpcEndpointType",
                        "Gateway",
                        "ServiceName",
                        Match.objectLike(
                                Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(".s3"))))))));
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "REJECT"));
    }

    @Test
    void roleHasOnlySessionManagerActionsNoManagedPolicyNoWildcardActionAndScopedS3Access() {
        template.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                                Map.of(
                                        "Statement",
                                        List.of(Match.objectLike(
                                                Map.of("Principal", Map.of("Service", "ec2.amazonaws.com"))))),
                        "ManagedPolicyArns", Match.absent()));
        assertThat(policyStatements(template))
                .as("Session Manager's actions, in one statement")
                .anySatisfy(s -> assertThat(asList(s.get("Action")))
                        .containsExactlyInAnyOrderElementsOf(Ec2VariantStack.SESSION_MANAGER_ACTIONS));
        assertThat(policyStatements(template).stream()
                        .flatMap(s -> asList(s.get("Action")).stream())
                        .map(String.class::cast))
                .as("no SSM parameter or document reads")
                .noneMatch(
                        a -> a.startsWith("ssm:Get") || a.startsWith("ssm:Describe") || a.startsWith("ec2messages:"));
        for (Map<String, Object> statement : policyStatements(template)) {
            for (Object action : asList(statement.get("Action"))) {
                assertThat((String) action)
                        .as("action in %s", statement)
                        .isNotEqualTo("*")
                        .doesNotEndWith(":*");
            }
            if (asList(statement.get("Resource")).contains("*")
                    && !asList(statement.get("Action")).equals(Ec2VariantStack.SESSION_MANAGER_ACTIONS)) {
                assertThat(asList(statement.get("Action")))
                        .as("only PutMetricData and Session Manager may use Resource *")
                        .containsExactly("cloudwatch:PutMetricData");
                assertThat(statement.get("Condition"))
                        .as("PutMetricData limited by namespace")
                        .isNotNull();
            }
        }
        PolicyAssertions.assertS3AccessScopedToJobPrefixes(template, "ec2/");
    }

    @Test
    void userDataWritesTheEnvFileFetchesBothAssetsAndRunsInstallSh() throws Exception {
        Map<String, Map<String, Object>> instances = template.findResources("AWS::EC2::Instance");
        String userData = new ObjectMapper()
                .writeValueAsString(
                        ((Map<?, ?>) instances.values().iterator().next().get("Properties")).get("UserData"));
        assertThat(userData)
                .contains("cat > /etc/twinrun/twinrun.env")
                .contains("TWINRUN_BUCKET=")
                .contains("TWINRUN_INPUT_PREFIX=incoming/")
                .contains("TWINRUN_VARIANT=ec2")
                .contains("aws s3 cp")
                .contains(".jar\"}")
                .contains("\" " + Ec2VariantStack.JAR_PATH + "\\naws s3 cp")
                .contains("bash " + Ec2VariantStack.INSTALL_DIR + "/install.sh " + Ec2VariantStack.JAR_PATH);
    }

    @Test
    void withEc2JitC2TheUserDataInstallsWithC2() throws Exception {
        Template c2 = Template.fromStack(
                CdkTestSupport.synth(Map.of("variants", "ec2", "ec2Jit", "c2")).ec2());
        String userData = new ObjectMapper()
                .writeValueAsString(((Map<?, ?>) c2.findResources("AWS::EC2::Instance")
                                .values()
                                .iterator()
                                .next()
                                .get("Properties"))
                        .get("UserData"));
        assertThat(userData)
                .as("install.sh --jit c2 (the default stack's user data runs install.sh without it)")
                .contains("bash " + Ec2VariantStack.INSTALL_DIR + "/install.sh --jit c2 " + Ec2VariantStack.JAR_PATH);
    }

    @Test
    void aNewJarReplacesTheInstance() {
        // userDataCausesReplacement puts a hash of the user data (which names the jar's asset hash) in the logical id.
        String id =
                template.findResources("AWS::EC2::Instance").keySet().iterator().next();
        assertThat(id).as("instance logical id carries a user-data hash").matches("Instance[0-9A-F]{8}[0-9a-f]{16}");
    }

    @Test
    void runnerLogGroupHasRetention() {
        template.hasResourceProperties(
                "AWS::Logs::LogGroup", Map.of("LogGroupName", Ec2VariantStack.RUNNER_LOG_GROUP, "RetentionInDays", 30));
    }

    @Test
    void passesCdkNagAwsSolutionsChecks() {
        assertNoUnsuppressedNagErrors(stacks.ec2());
        assertNoUnsuppressedNagErrors(x86.ec2());
        assertNoUnsuppressedNagErrors(stacks.dashboard());
    }
}

package dev.twinrun.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward: the core knows no adapter, no adapter knows another, the benchmarks know only
 * the core and the Lambda adapter's runtime harness, and infra knows no module at all. Reads every module's
 * compiled classes, so it runs in the benchmarks module, which the reactor builds last.
 */
class DependencyRuleTest {
    static JavaClasses core;
    static JavaClasses lambda;
    static JavaClasses ec2;
    static JavaClasses infra;
    static JavaClasses bench;

    @BeforeAll
    static void importModules() throws IOException {
        core = classes("core");
        lambda = classes("lambda-adapter");
        ec2 = classes("ec2-adapter");
        infra = classes("infra");
        bench = classes("benchmarks");
    }

    private static JavaClasses classes(String module) throws IOException {
        Path root = Path.of("..").resolve(module);
        Path dir = root.resolve("target/classes");
        if (Files.isDirectory(root.resolve("src/main/java"))) {
            long sources;
            try (Stream<Path> s = Files.walk(root.resolve("src/main/java"))) {
                sources = s.filter(p -> p.toString().endsWith(".java")).count();
            }
            if (sources > 0) {
                assertThat(dir).as("%s is compiled (build the whole reactor: ./mvnw verify)", module).isDirectory();
            }
        }
        return Files.isDirectory(dir) ? new ClassFileImporter().importPath(dir) : new ClassFileImporter().importClasses();
    }

    @Test
    void theModulesWereImported() {
        assertThat(core.contain("dev.twinrun.core.HourJob")).as("the core's classes were found").isTrue();
        assertThat(bench.contain("dev.twinrun.cli.TwinrunCli")).as("the launcher's classes were found").isTrue();
    }

    @Test
    void coreDependsOnNoAdapterAndNoLambdaOrCdkType() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.twinrun.lambda..", "dev.twinrun.ec2..",
                        "dev.twinrun.infra..", "dev.twinrun.bench..", "dev.twinrun.cli..",
                        "com.amazonaws.services.lambda..", "software.amazon.awscdk..")
                .because("the core is the job itself; adapters wrap it").check(core);
    }

    @Test
    void noAdapterDependsOnAnotherAdapter() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.twinrun.ec2..", "dev.twinrun.infra..",
                "dev.twinrun.bench..", "dev.twinrun.cli..").check(lambda);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.twinrun.lambda..", "dev.twinrun.infra..",
                "dev.twinrun.bench..", "dev.twinrun.cli..").check(ec2);
    }

    @Test
    void benchmarksUseAdaptersOnlyAsBuiltArtifactsAndInfraUsesNoModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.twinrun.ec2..", "dev.twinrun.infra..")
                .check(bench);
        // The one exception: `twinrun compare` runs the packaged Lambda zip through the forked runtime harness
        // (JDK-only classes, shipped as the adapter's "harness" classifier jar). The handlers themselves stay out
        // of reach: the experiment only ever runs them as a built artifact, like the EC2 runner jar.
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.twinrun.lambda..")
                        .and(not(resideInAPackage("dev.twinrun.lambda.harness.."))))
                .because("benchmarks run the Lambda adapter only as its deployment zip, through the harness")
                .check(bench);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.twinrun.core..", "dev.twinrun.lambda..",
                "dev.twinrun.ec2..", "dev.twinrun.bench..", "dev.twinrun.cli..").check(infra);
    }
}

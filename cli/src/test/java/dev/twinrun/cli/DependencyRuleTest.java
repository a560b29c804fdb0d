package dev.twinrun.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward, package by package, as ARCHITECTURE.md draws them. Reads every module's compiled
 * main classes, so it lives in the cli module, which the reactor builds last. No rule names a class as an
 * exception.
 */
class DependencyRuleTest {
    private static final List<String> MODULES = List.of(
            "core",
            "adapter-common",
            "lambda-adapter",
            "ec2-adapter",
            "infra",
            "local-aws",
            "pricing",
            "benchmarks",
            "cli");

    /** Every project package but the ones named. */
    private static String[] projectPackagesExcept(String... allowed) {
        List<String> all = new ArrayList<>(List.of(
                "dev.twinrun.core..",
                "dev.twinrun.adapter..",
                "dev.twinrun.lambda..",
                "dev.twinrun.ec2..",
                "dev.twinrun.infra..",
                "dev.twinrun.local..",
                "dev.twinrun.pricing..",
                "dev.twinrun.benchmarks..",
                "dev.twinrun.cli.."));
        all.removeAll(List.of(allowed));
        return all.toArray(String[]::new);
    }

    static JavaClasses all;

    @BeforeAll
    static void importModules() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String module : MODULES) {
            Path root = Path.of("..").resolve(module);
            Path dir = root.resolve("target/classes");
            long sources = 0;
            if (Files.isDirectory(root.resolve("src/main/java"))) {
                try (Stream<Path> s = Files.walk(root.resolve("src/main/java"))) {
                    sources = s.filter(p -> p.toString().endsWith(".java")).count();
                }
            }
            if (sources > 0) {
                assertThat(dir)
                        .as("%s is compiled (build the whole reactor: ./mvnw verify)", module)
                        .isDirectory();
                dirs.add(dir);
            }
        }
        all = new ClassFileImporter().importPaths(dirs);
    }

    @Test
    void everyModuleWasImported() {
        assertThat(all.contain("dev.twinrun.core.job.HourJob")).as("core").isTrue();
        assertThat(all.contain("dev.twinrun.lambda.S3EventHandler"))
                .as("lambda-adapter")
                .isTrue();
        assertThat(all.contain("dev.twinrun.ec2.RunnerMain")).as("ec2-adapter").isTrue();
        assertThat(all.contain("dev.twinrun.infra.TwinrunApp")).as("infra").isTrue();
        assertThat(all.contain("dev.twinrun.local.lambda.ForkedLambda"))
                .as("local-aws")
                .isTrue();
        assertThat(all.contain("dev.twinrun.pricing.CostModel")).as("pricing").isTrue();
        assertThat(all.contain("dev.twinrun.cli.TwinrunCli")).as("cli").isTrue();
    }

    @Test
    void coreDependsOnNoOtherModuleAndNoLambdaOrCdkType() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(projectPackagesExcept("dev.twinrun.core.."))
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("com.amazonaws.services.lambda..", "software.amazon.awscdk..")
                .because("the core is the job itself; adapters wrap it")
                .check(all);
    }

    @Test
    void theJobKnowsNoAwsSdkType() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.core.job..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("software.amazon..")
                .because("core.store is the only package that knows the AWS SDK")
                .check(all);
    }

    @Test
    void adapterCommonKnowsOnlyTheCore() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(projectPackagesExcept("dev.twinrun.adapter..", "dev.twinrun.core.."))
                .check(all);
    }

    @Test
    void adaptersUseOnlyTheCoreAndAdapterCommonAndNeverEachOther() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.lambda..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        projectPackagesExcept("dev.twinrun.lambda..", "dev.twinrun.core..", "dev.twinrun.adapter.."))
                .check(all);
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.ec2..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        projectPackagesExcept("dev.twinrun.ec2..", "dev.twinrun.core..", "dev.twinrun.adapter.."))
                .check(all);
    }

    @Test
    void localAwsUsesAtMostTheCoreStore() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.local..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(projectPackagesExcept("dev.twinrun.local..", "dev.twinrun.core.."))
                .orShould()
                .dependOnClassesThat(
                        resideInAPackage("dev.twinrun.core..").and(not(resideInAPackage("dev.twinrun.core.store.."))))
                .because("the local AWS pieces run the adapters' built artifacts, never their code")
                .check(all);
    }

    @Test
    void pricingDependsOnNoProjectPackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.pricing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(projectPackagesExcept("dev.twinrun.pricing.."))
                .because("`twinrun cost` needs nothing but the price book and the model")
                .check(all);
    }

    @Test
    void benchmarksRunTheAdaptersOnlyAsBuiltArtifacts() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.benchmarks..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.twinrun.adapter..",
                        "dev.twinrun.lambda..",
                        "dev.twinrun.ec2..",
                        "dev.twinrun.infra..",
                        "dev.twinrun.cli..")
                .check(all);
    }

    @Test
    void measuringKnowsNothingOfAnalysisOrReports() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.benchmarks.measure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.twinrun.benchmarks.report..", "dev.twinrun.benchmarks.analysis..")
                .because("data flows one way: measure -> stats -> analysis -> report")
                .check(all);
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.benchmarks.stats..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.twinrun.benchmarks.report..", "dev.twinrun.benchmarks.analysis..")
                .check(all);
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.benchmarks.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.twinrun.benchmarks.measure..", "dev.twinrun.benchmarks.bench..")
                .because("renderers format a summary; they run nothing")
                .check(all);
    }

    @Test
    void onlyTheCliUsesPicocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.twinrun.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .check(all);
        classes()
                .that()
                .resideInAPackage("dev.twinrun.cli..")
                .should()
                .onlyBeAccessed()
                .byClassesThat()
                .resideInAPackage("dev.twinrun.cli..")
                .because("nothing depends on the command line")
                .check(all);
    }

    @Test
    void infraUsesNoProjectModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.twinrun.infra..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(projectPackagesExcept("dev.twinrun.infra.."))
                .because("infra refers to the adapters' built artifacts by path")
                .check(all);
    }
}

package dev.twinrun.lambda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The harness ships in its own jar to modules that must not see the adapter: it may use the JDK only. */
class HarnessIndependenceTest {
    private final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.twinrun.lambda");

    @Test
    void harnessUsesTheJdkOnly() {
        classes().that().resideInAPackage("dev.twinrun.lambda.harness..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.twinrun.lambda.harness..", "java..",
                        "com.sun.net.httpserver..")
                .as("the harness depends on the JDK only (no core, no Lambda libraries, no handler classes)")
                .check(main);
    }

    @Test
    void handlersDoNotUseTheHarness() {
        noClasses().that().resideInAPackage("dev.twinrun.lambda").should().dependOnClassesThat()
                .resideInAPackage("dev.twinrun.lambda.harness..")
                .as("the deployed handlers never reach into the harness (it is not in the zip)")
                .check(main);
    }
}

package io.pipelinescheduler.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * scheduler-test-support, main and test code, uses only the public packages of the core ({@code
 * io.pipelinescheduler}, {@code .spi}, {@code .testing}), never {@code
 * io.pipelinescheduler.internal}.
 */
@AnalyzeClasses(packages = "io.pipelinescheduler.testsupport")
class ArchitectureTest {
  @ArchTest
  static final ArchRule only_public_packages_of_the_core =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.pipelinescheduler.internal..")
          .because("the core's internal packages change without notice");
}

package io.pipelinescheduler.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * ArchUnit rules for code built on pipeline-scheduler. Needs {@code
 * com.tngtech.archunit:archunit-junit5} on the test class path (an optional dependency of this
 * artifact). The built-in modules run {@link #onlyPublicPackagesOfTheCore()} over their main and
 * test code; a backend author may too:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.example.mybackend")
 * class ArchitectureTest {
 *   @ArchTest
 *   static final ArchRule only_public_packages_of_the_core = CoreArchitecture.onlyPublicPackagesOfTheCore();
 * }
 * }</pre>
 */
public final class CoreArchitecture {
  private CoreArchitecture() {}

  /**
   * No class uses {@code io.pipelinescheduler.internal} or its subpackages: only the public
   * packages of the core ({@code io.pipelinescheduler}, {@code .spi}, {@code .testing}), which are
   * added to, never renamed.
   */
  public static ArchRule onlyPublicPackagesOfTheCore() {
    return noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.pipelinescheduler.internal..")
        .because("the core's internal packages change without notice");
  }
}

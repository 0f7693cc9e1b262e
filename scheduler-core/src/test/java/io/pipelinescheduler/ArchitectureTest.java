package io.pipelinescheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of scheduler-core: the core knows no store or lock library, the public packages and
 * the SPI do not lean on the engine, and the engine has no test mode. The store and lock modules
 * check their own arrows (no {@code io.pipelinescheduler.internal} outside the core) in their
 * ArchitectureTest.
 */
@AnalyzeClasses(
    packages = "io.pipelinescheduler",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule the_core_uses_no_jpa_hibernate_or_redisson =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "org.redisson..")
          .because("JPA lives in scheduler-persistence and Redisson in scheduler-redis");

  @ArchTest
  static final ArchRule the_spi_does_not_use_the_engine =
      noClasses()
          .that()
          .resideInAPackage("io.pipelinescheduler.spi..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.pipelinescheduler.internal.engine..")
          .because("backend authors build on the SPI; the engine may change under it");

  /**
   * The engine has no test mode: it meets time and threads through {@code EngineTime}, which the
   * settable clock implements; it never knows it is under test.
   */
  @ArchTest
  static final ArchRule the_engine_does_not_use_the_testing_package =
      noClasses()
          .that()
          .resideInAPackage("io.pipelinescheduler.internal.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.pipelinescheduler.testing..")
          .because("the engine has no test mode: SettableClock drives the engine, not back");
}

package io.pipelinescheduler.examples;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pipelinescheduler.testsupport.CoreArchitecture;

/** The examples show what users write: only the public packages of the core. */
@AnalyzeClasses(packages = "io.pipelinescheduler.examples")
class ArchitectureTest {
  @ArchTest
  static final ArchRule only_public_packages_of_the_core =
      CoreArchitecture.onlyPublicPackagesOfTheCore();
}

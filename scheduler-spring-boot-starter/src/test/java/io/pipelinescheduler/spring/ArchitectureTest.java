package io.pipelinescheduler.spring;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pipelinescheduler.testsupport.CoreArchitecture;

/** The starter, main and test code, uses only the public packages of the core. */
@AnalyzeClasses(packages = "io.pipelinescheduler.spring")
class ArchitectureTest {
  @ArchTest
  static final ArchRule only_public_packages_of_the_core =
      CoreArchitecture.onlyPublicPackagesOfTheCore();
}

package io.pipelinescheduler.cli;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pipelinescheduler.testsupport.CoreArchitecture;

/** scheduler-cli, main and test code, uses only the public packages of the core. */
@AnalyzeClasses(packages = "io.pipelinescheduler.cli")
class ArchitectureTest {
  @ArchTest
  static final ArchRule only_public_packages_of_the_core =
      CoreArchitecture.onlyPublicPackagesOfTheCore();
}

package io.pipelinescheduler.http;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pipelinescheduler.testsupport.CoreArchitecture;

/** scheduler-http, main and test code, uses only the public packages of the core. */
@AnalyzeClasses(packages = "io.pipelinescheduler.http")
class ArchitectureTest {
  @ArchTest
  static final ArchRule only_public_packages_of_the_core =
      CoreArchitecture.onlyPublicPackagesOfTheCore();
}

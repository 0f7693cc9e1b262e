package io.pipelinescheduler.benchmarks;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pipelinescheduler.testsupport.CoreArchitecture;

/** scheduler-benchmarks measures what users use: only the public packages of the core. */
@AnalyzeClasses(packages = "io.pipelinescheduler.benchmarks")
class ArchitectureTest {
  @ArchTest
  static final ArchRule only_public_packages_of_the_core =
      CoreArchitecture.onlyPublicPackagesOfTheCore();
}

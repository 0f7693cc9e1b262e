package io.pipelinescheduler.persistence.internal;

import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.AvailableSettings;

/**
 * Builds the Hibernate {@link SessionFactory} in code (no {@code persistence.xml}): the two
 * entities ({@code ps_schedules} and {@code ps_runs} rows; {@code ps_schema_version} is read and
 * written over JDBC by {@link SchemaManager}) on the pool's {@link DataSource}, with schema
 * generation off (the store runs its own DDL scripts).
 *
 * <p>Booting Hibernate is most of the time a store takes to open in a new JVM, so the boot leaves
 * out what the store does not use (measured by the start-up workload of scheduler-benchmarks):
 *
 * <ul>
 *   <li>no bytecode provider (Byte Buddy): the store reads and writes through stateless sessions,
 *       and its entities have no associations, so there are no lazy proxies to generate;
 *   <li>no JSON or XML format mapper ({@link NoFormatMapper}): no attribute is JSON or XML, so
 *       Jackson and JAXB are not set up;
 *   <li>no XML mappings (the entities are annotated) and no Bean Validation;
 *   <li>no JDBC metadata queries when the dialect and the database's version are known (SQLite: the
 *       bundled library's, {@link SqliteVersion}): Hibernate then needs no connection to boot, and
 *       {@link #sessionFactory} may run on another thread while the store is already in use ({@link
 *       BackgroundBoot}).
 * </ul>
 */
final class HibernateBoot {
  private HibernateBoot() {}

  /** Whether the boot on this dialect opens no connection, so that it may run in the background. */
  static boolean needsNoConnection(Dialect dialect) {
    return dialect.hibernateDialect() != null && dialect.databaseVersion() != null;
  }

  static SessionFactory sessionFactory(Dialect dialect, DataSource dataSource) {
    HibernateLogging.quietUnlessAskedFor();
    NoFormatMapper noFormat = new NoFormatMapper();
    StandardServiceRegistryBuilder settings =
        new StandardServiceRegistryBuilder()
            .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
            .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
            .applySetting(AvailableSettings.SHOW_SQL, false)
            .applySetting(AvailableSettings.USE_SECOND_LEVEL_CACHE, false)
            .applySetting(AvailableSettings.JSON_FORMAT_MAPPER, noFormat)
            .applySetting(AvailableSettings.XML_FORMAT_MAPPER, noFormat)
            .applySetting(AvailableSettings.XML_MAPPING_ENABLED, false)
            .applySetting(AvailableSettings.JAKARTA_VALIDATION_MODE, "none")
            .addService(
                BytecodeProvider.class,
                new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    if (dialect.hibernateDialect() != null) {
      settings.applySetting(AvailableSettings.DIALECT, dialect.hibernateDialect());
    }
    if (needsNoConnection(dialect)) {
      int[] version = dialect.databaseVersion();
      settings.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_MAJOR_VERSION, version[0]);
      settings.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_MINOR_VERSION, version[1]);
      settings.applySetting(AvailableSettings.ALLOW_METADATA_ON_BOOT, false);
    }
    StandardServiceRegistry registry = settings.build();
    try {
      SessionFactory factory =
          new MetadataSources(registry)
              .addAnnotatedClass(ScheduleRow.class)
              .addAnnotatedClass(RunRow.class)
              .buildMetadata()
              .buildSessionFactory();
      // The factory starts its per-session services (statistics, the JDBC event handlers) on the
      // first session it opens; opening one here, without a connection, keeps that work off the
      // first store call after start().
      factory.openStatelessSession().close();
      return factory;
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }
}

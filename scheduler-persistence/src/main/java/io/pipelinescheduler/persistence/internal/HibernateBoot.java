package io.pipelinescheduler.persistence.internal;

import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * Builds the Hibernate {@link SessionFactory} in code (no {@code persistence.xml}): the three
 * entities on the pool's {@link DataSource}, with schema generation off (the store runs its own DDL
 * scripts).
 */
final class HibernateBoot {
  private HibernateBoot() {}

  static SessionFactory sessionFactory(Dialect dialect, DataSource dataSource) {
    HibernateLogging.quietUnlessAskedFor();
    StandardServiceRegistryBuilder settings =
        new StandardServiceRegistryBuilder()
            .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
            .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
            .applySetting(AvailableSettings.SHOW_SQL, false)
            .applySetting(AvailableSettings.USE_SECOND_LEVEL_CACHE, false);
    if (dialect.hibernateDialect() != null) {
      settings.applySetting(AvailableSettings.DIALECT, dialect.hibernateDialect());
    }
    StandardServiceRegistry registry = settings.build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(ScheduleRow.class)
          .addAnnotatedClass(RunRow.class)
          .addAnnotatedClass(SchemaVersionRow.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }
}

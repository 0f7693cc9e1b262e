package io.pipelinescheduler.persistence.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Hibernate's start-up chatter (version, dialect and connection info lines) off when
 * Hibernate logs through {@code java.util.logging}, which JBoss Logging picks when the application
 * has no SLF4J binding. Only the JUL logger {@code org.hibernate} is touched, and only when nobody
 * set its level: a level the application set explicitly wins, and {@code
 * -Dpipeline.scheduler.hibernate.logging=true} leaves Hibernate's logging as it is. With an SLF4J
 * binding, Hibernate logs through it and the application's configuration decides; nothing here
 * applies.
 *
 * <p>Thread-safe; called before each session factory is built.
 */
final class HibernateLogging {
  static final String PROPERTY = "pipeline.scheduler.hibernate.logging";

  /** Held so the level set on it is not lost when JUL drops an unreferenced logger. */
  private static final Logger HIBERNATE = Logger.getLogger("org.hibernate");

  private HibernateLogging() {}

  static void quietUnlessAskedFor() {
    if (askedFor()) {
      return;
    }
    synchronized (HIBERNATE) {
      if (HIBERNATE.getLevel() == null) {
        HIBERNATE.setLevel(Level.WARNING);
      }
    }
  }

  private static boolean askedFor() {
    return Boolean.getBoolean(PROPERTY);
  }
}

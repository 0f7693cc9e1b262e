package io.pipelinescheduler.persistence;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleStoreProvider;
import io.pipelinescheduler.SchedulerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens the real JPA store wrapped in a {@link CountingStore}. Found by {@code
 * PipelineScheduler.create} only while {@link #around} has put it first on the thread's context
 * class loader; every other test finds the JPA store's own provider.
 */
public final class CountingStoreProvider implements ScheduleStoreProvider {
  private static final String SERVICE =
      "META-INF/services/" + ScheduleStoreProvider.class.getName();
  private static final AtomicReference<CountingStore> LAST = new AtomicReference<>();

  @Override
  public String name() {
    return "counting-jpa";
  }

  @Override
  public ScheduleStore create(SchedulerConfig config) {
    CountingStore store = new CountingStore(JpaScheduleStore.open(config));
    LAST.set(store);
    return store;
  }

  /** The store the last {@link #create} opened. */
  static CountingStore last() {
    return LAST.get();
  }

  /** A value made while this provider is the only one the service loader finds. */
  interface Work<T> {
    T run();
  }

  /** Runs {@code work} with this provider first on the context class loader, in {@code dir}. */
  static <T> T around(Path dir, Work<T> work) {
    Path service = dir.resolve(SERVICE);
    try {
      Files.createDirectories(service.getParent());
      Files.writeString(service, CountingStoreProvider.class.getName() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(
        new ClassLoader(previous) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals(SERVICE)
                ? Collections.enumeration(Collections.singletonList(service.toUri().toURL()))
                : super.getResources(name);
          }
        });
    try {
      return work.run();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}

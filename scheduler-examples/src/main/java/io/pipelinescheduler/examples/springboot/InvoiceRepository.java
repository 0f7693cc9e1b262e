package io.pipelinescheduler.examples.springboot;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** A Spring Data repository of the application. */
public interface InvoiceRepository extends JpaRepository<Invoice, Long> {
  /** The invoices not sent yet. */
  List<Invoice> findBySentFalse();
}

package io.pipelinescheduler.examples.springboot;

import io.pipelinescheduler.spring.PipelineScheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A scheduled method that works on the application's own entities, in the application's
 * transaction: the starter registers it as the schedule {@code send-invoices}.
 */
@Component
public class InvoiceJobs {
  private final InvoiceRepository invoices;

  InvoiceJobs(InvoiceRepository invoices) {
    this.invoices = invoices;
  }

  /** Sends what is unsent, at the top of every hour, retried twice when it fails. */
  @PipelineScheduled(name = "send-invoices", cron = "0 * * * *", zone = "UTC", retries = 2)
  @Transactional
  public void sendInvoices() {
    invoices.findBySentFalse().forEach(Invoice::markSent);
  }
}

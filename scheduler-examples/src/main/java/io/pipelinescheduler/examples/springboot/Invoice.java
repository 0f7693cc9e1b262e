package io.pipelinescheduler.examples.springboot;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** An entity of the application's own, beside the scheduler's tables. */
@Entity
public class Invoice {
  // IDENTITY: a table generator would take a second connection inside the transaction, which
  // waits for the first one's write lock on SQLite in IMMEDIATE mode
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String customer;
  private boolean sent;

  /** For JPA. */
  protected Invoice() {}

  /** An unsent invoice. */
  public Invoice(String customer) {
    this.customer = customer;
  }

  public String getCustomer() {
    return customer;
  }

  public boolean isSent() {
    return sent;
  }

  void markSent() {
    sent = true;
  }
}

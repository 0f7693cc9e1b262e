package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipelinescheduler.internal.observe.LogCapture;
import io.pipelinescheduler.testing.SettableClock;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19 item 2: notification emails sent to a real SMTP server (GreenMail, started per test):
 * once a run has failed for good, not for attempts that a retry follows; recoveries and successes
 * when asked; at most one per schedule per interval; to the schedule's own recipients too; and an
 * SMTP server that is down or silent never touches the runs.
 *
 * <p>Emails leave in order from one thread, so when a later "marker" email has arrived, every email
 * decided before it has arrived too: that is how a test shows that none was sent.
 */
class EmailNotificationTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "s3cret"));

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final List<PipelineScheduler> schedulers = new ArrayList<>();
  private final AtomicInteger markers = new AtomicInteger();

  @AfterEach
  void close() {
    schedulers.forEach(PipelineScheduler::close);
  }

  private SchedulerConfig.Builder mail() {
    return TestSchedulers.config(clock)
        .smtpHost("127.0.0.1")
        .smtpPort(SMTP.getSmtp().getPort())
        .smtpTls(SmtpTls.NONE)
        .smtpUser("mailer")
        .smtpPassword("s3cret")
        .mailFrom("Scheduler <scheduler@example.com>")
        .mailTo("ops@example.com");
  }

  private PipelineScheduler started(SchedulerConfig.Builder config) {
    PipelineScheduler scheduler = PipelineScheduler.create(config.build());
    schedulers.add(scheduler);
    scheduler.start();
    return scheduler;
  }

  /**
   * Sends a marker email and waits for it: every email decided before has arrived then. Each marker
   * is a schedule of its own, so that the rate limit never holds one back.
   */
  private void sendMarkerAndWait(PipelineScheduler scheduler) throws Exception {
    long before = messagesTo("marker@example.com").size();
    String marker = "marker-" + markers.incrementAndGet();
    scheduler.schedule(marker).manual().notifyEmail("marker@example.com").run(ctx -> fail());
    scheduler.runNow(marker).get(30, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> messagesTo("marker@example.com").size() > before);
  }

  private static void fail() throws IOException {
    throw new IOException("disk full");
  }

  private static List<MimeMessage> messagesTo(String address) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(m -> recipients(m).contains(address))
        .filter(m -> !subject(m).contains("marker") || address.startsWith("marker"))
        .toList();
  }

  private static List<MimeMessage> about(String schedule) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m ->
                subject(m).endsWith(": " + schedule) || subject(m).contains(": " + schedule + " ("))
        .toList();
  }

  private static List<String> recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
          .map(Object::toString)
          .toList();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_job_failing_every_attempt_sends_one_email_after_its_last_retry() throws Exception {
    PipelineScheduler scheduler = started(mail());
    AtomicInteger attempts = new AtomicInteger();
    scheduler
        .schedule("nightly-etl")
        .every(Duration.ofDays(1))
        .retries(2, Duration.ofMinutes(1))
        .run(
            ctx -> {
              attempts.incrementAndGet();
              fail();
            });

    clock.advance(Duration.ofHours(16)); // the slot at midnight: attempt 1
    clock.advance(Duration.ofMinutes(1)); // attempt 2
    assertThat(attempts).hasValue(2);
    sendMarkerAndWait(scheduler);
    assertThat(about("nightly-etl")).isEmpty();

    clock.advance(Duration.ofMinutes(2)); // attempt 3, the last
    assertThat(attempts).hasValue(3);
    sendMarkerAndWait(scheduler);

    List<MimeMessage> mails = about("nightly-etl");
    assertThat(mails).hasSize(1);
    MimeMessage mail = mails.get(0);
    assertThat(mail.getSubject()).isEqualTo("[pipeline-scheduler] FAILED: nightly-etl (attempt 3)");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("Scheduler <scheduler@example.com>");
    assertThat(recipients(mail)).containsExactly("ops@example.com");
    assertThat(GreenMailUtil.getBody(mail))
        .contains("Run FAILED: schedule 'nightly-etl', attempt 3")
        .contains("slot: 2026-03-10T00:00:00Z, trigger: retry")
        .contains("error: java.io.IOException: disk full");
    assertThat(scheduler.getHistory("nightly-etl", 10)).hasSize(3);
  }

  @Test
  void a_failure_that_a_retry_fixes_sends_nothing() throws Exception {
    PipelineScheduler scheduler = started(mail());
    AtomicInteger attempts = new AtomicInteger();
    scheduler
        .schedule("flaky")
        .every(Duration.ofHours(1))
        .retries(2, Duration.ofMinutes(1))
        .run(
            ctx -> {
              if (attempts.incrementAndGet() == 1) {
                fail();
              }
            });

    clock.advance(Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(1));
    sendMarkerAndWait(scheduler);

    assertThat(attempts).hasValue(2);
    assertThat(scheduler.getHistory("flaky", 10))
        .extracting(ExecutionRecord::status)
        .containsExactly(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
    assertThat(about("flaky")).isEmpty();
  }

  @Test
  void a_recovery_and_successes_are_emailed_when_asked_for() throws Exception {
    PipelineScheduler scheduler =
        started(mail().notifyOnRecovery(true).notifyMinInterval(Duration.ZERO));
    AtomicInteger calls = new AtomicInteger();
    scheduler
        .schedule("import")
        .manual()
        .run(
            ctx -> {
              if (calls.incrementAndGet() <= 2) {
                fail();
              }
            });
    scheduler.schedule("report").manual().notifyOn(NotifyOn.SUCCESS).run(ctx -> {});

    for (int i = 0; i < 4; i++) { // failed, failed, recovered, succeeded again
      scheduler.runNow("import").get(30, TimeUnit.SECONDS);
    }
    scheduler.runNow("report").get(30, TimeUnit.SECONDS);
    sendMarkerAndWait(scheduler);

    assertThat(about("import"))
        .extracting(EmailNotificationTest::subject)
        .containsExactly(
            "[pipeline-scheduler] FAILED: import (attempt 1)",
            "[pipeline-scheduler] FAILED: import (attempt 1)",
            "[pipeline-scheduler] RECOVERED: import");
    assertThat(GreenMailUtil.getBody(about("import").get(2)))
        .startsWith("Schedule 'import' recovered after 2 failed runs")
        .contains("Run SUCCEEDED: schedule 'import'");
    assertThat(about("report"))
        .extracting(EmailNotificationTest::subject)
        .containsExactly("[pipeline-scheduler] SUCCEEDED: report");
  }

  @Test
  void a_schedule_failing_again_and_again_sends_one_email_per_interval_counting_the_others()
      throws Exception {
    PipelineScheduler scheduler = started(mail().notifyMinInterval(Duration.ofMinutes(10)));
    scheduler.schedule("hammer").manual().run(ctx -> fail());
    scheduler.schedule("other").manual().run(ctx -> fail());

    for (int i = 0; i < 5; i++) {
      scheduler.runNow("hammer").get(30, TimeUnit.SECONDS);
    }
    scheduler.runNow("other").get(30, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(9));
    scheduler.runNow("hammer").get(30, TimeUnit.SECONDS);
    sendMarkerAndWait(scheduler);

    assertThat(about("hammer")).hasSize(1);
    assertThat(GreenMailUtil.getBody(about("hammer").get(0))).doesNotContain("held back");
    assertThat(about("other")).as("the limit is per schedule").hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    scheduler.runNow("hammer").get(30, TimeUnit.SECONDS);
    sendMarkerAndWait(scheduler);

    assertThat(about("hammer")).hasSize(2);
    assertThat(GreenMailUtil.getBody(about("hammer").get(1)))
        .endsWith(
            "(5 earlier notifications about this schedule held back: at most one every 10m 00s)");
  }

  @Test
  void a_schedule_emails_its_own_recipients_besides_the_schedulers() throws Exception {
    PipelineScheduler scheduler = started(mail());
    scheduler
        .schedule("billing")
        .manual()
        .notifyEmail("billing@team.example.com", "Lead <lead@team.example.com>")
        .run(ctx -> fail());
    scheduler.schedule("search").manual().run(ctx -> fail());

    scheduler.runNow("billing").get(30, TimeUnit.SECONDS);
    scheduler.runNow("search").get(30, TimeUnit.SECONDS);
    sendMarkerAndWait(scheduler);

    assertThat(about("billing"))
        .extracting(EmailNotificationTest::recipients)
        .allSatisfy(
            to ->
                assertThat(to)
                    .containsExactly(
                        "ops@example.com",
                        "billing@team.example.com",
                        "Lead <lead@team.example.com>"));
    assertThat(SMTP.getReceivedMessagesForDomain("team.example.com"))
        .extracting(EmailNotificationTest::subject)
        .containsOnly("[pipeline-scheduler] FAILED: billing (attempt 1)");
    assertThat(messagesTo("ops@example.com"))
        .extracting(EmailNotificationTest::subject)
        .contains(
            "[pipeline-scheduler] FAILED: billing (attempt 1)",
            "[pipeline-scheduler] FAILED: search (attempt 1)");
  }

  @Test
  void with_the_smtp_server_down_runs_succeed_and_fail_as_ever_and_the_failure_is_logged()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (LogCapture log = new LogCapture("io.pipelinescheduler.internal.notify")) {
      PipelineScheduler scheduler =
          PipelineScheduler.create(
              mail().smtpPort(closedPort).notifyMinInterval(Duration.ZERO).build());
      schedulers.add(scheduler);
      scheduler.start();
      AtomicInteger good = new AtomicInteger();
      scheduler.schedule("bad").every(Duration.ofHours(1)).run(ctx -> fail());
      scheduler.schedule("good").every(Duration.ofHours(1)).run(ctx -> good.incrementAndGet());

      clock.advance(Duration.ofHours(3));

      assertThat(scheduler.getHistory("bad", 10))
          .hasSize(3)
          .allMatch(r -> r.status() == ExecutionStatus.FAILED);
      assertThat(scheduler.getHistory("good", 10))
          .hasSize(3)
          .allMatch(r -> r.status() == ExecutionStatus.SUCCEEDED);
      assertThat(good).hasValue(3);
      assertThat(scheduler.isRunning()).isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> log.messages(Level.WARN).size() == 3);
      assertThat(log.messages(Level.WARN))
          .allSatisfy(
              m ->
                  assertThat(m)
                      .startsWith("email about schedule 'bad' (run ")
                      .contains(") through 127.0.0.1:" + closedPort + " not sent: ")
                      .doesNotContain("s3cret"));
    }
  }

  @Test
  void with_starttls_asked_for_no_email_leaves_in_plain_text_to_a_server_without_it()
      throws Exception {
    try (LogCapture log = new LogCapture("io.pipelinescheduler.internal.notify")) {
      PipelineScheduler scheduler = started(mail().smtpTls(SmtpTls.STARTTLS));
      scheduler.schedule("secret-job").manual().run(ctx -> fail());

      scheduler.runNow("secret-job").get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> !log.messages(Level.WARN).isEmpty());

      assertThat(log.messages(Level.WARN))
          .singleElement()
          .asString()
          .startsWith("email about schedule 'secret-job' (run ")
          .contains(" not sent: ")
          .contains("STARTTLS is required");
      assertThat(SMTP.getReceivedMessages()).isEmpty();
    }
  }

  @Test
  void an_smtp_server_that_never_answers_does_not_hold_up_the_runs() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // and never a greeting
                  }
                } catch (IOException e) {
                  // closed at the end of the test
                }
              });
      acceptor.start();
      PipelineScheduler scheduler =
          PipelineScheduler.create(
              mail().smtpPort(silent.getLocalPort()).notifyMinInterval(Duration.ZERO).build());
      schedulers.add(scheduler);
      scheduler.start();
      scheduler.schedule("stuck-mail").manual().run(ctx -> fail());

      for (int i = 0; i < 5; i++) {
        ExecutionRecord run = scheduler.runNow("stuck-mail").get(30, TimeUnit.SECONDS);
        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      }
      assertThat(scheduler.getHistory("stuck-mail", 10)).hasSize(5);

      silent.close(); // the client's read fails, the queue drains, close() returns at once
      acceptor.join(10_000);
      for (Socket socket : accepted) {
        closeQuietly(socket);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.pipelinescheduler.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostCheckTest {
  private static HostCheck check(String bound, int port, String... allowed) throws Exception {
    return new HostCheck(InetAddress.getByName(bound), port, Set.of(allowed));
  }

  @Test
  void bound_to_loopback_it_answers_to_loopback_names_with_its_port_only() throws Exception {
    HostCheck hosts = check("127.0.0.1", 8080);

    assertThat(hosts.accepts("127.0.0.1:8080")).isTrue();
    assertThat(hosts.accepts("localhost:8080")).isTrue();
    assertThat(hosts.accepts("LocalHost:8080")).isTrue();
    assertThat(hosts.accepts("[::1]:8080")).isTrue();
    assertThat(hosts.accepts("127.0.0.1:8081")).isFalse();
    assertThat(hosts.accepts("localhost")).isFalse();
    assertThat(hosts.accepts("rebind.attacker.test:8080")).isFalse();
    assertThat(hosts.accepts("localhost.:8080")).isFalse();
    assertThat(hosts.accepts("localhost.attacker.test:8080")).isFalse();
    assertThat(hosts.accepts("127.0.0.1:8080:8080")).isFalse();
    assertThat(hosts.accepts("[::1:8080")).isFalse();
    assertThat(hosts.accepts("2130706433:8080")).isFalse();
    assertThat(hosts.accepts("192.168.1.5:8080")).isFalse();
  }

  @Test
  void bound_to_every_interface_it_answers_to_ip_addresses_and_localhost_but_not_names()
      throws Exception {
    HostCheck hosts = check("0.0.0.0", 8080);

    assertThat(hosts.accepts("192.168.1.5:8080")).isTrue();
    assertThat(hosts.accepts("[fe80::1]:8080")).isTrue();
    assertThat(hosts.accepts("localhost:8080")).isTrue();
    assertThat(hosts.accepts("192.168.1.5:9999")).isFalse();
    assertThat(hosts.accepts("scheduler.example.com:8080")).isFalse();
  }

  @Test
  void allowed_names_match_with_any_port_and_in_any_case() throws Exception {
    HostCheck hosts = check("0.0.0.0", 8080, "scheduler.example.com");

    assertThat(hosts.accepts("Scheduler.Example.com")).isTrue();
    assertThat(hosts.accepts("scheduler.example.com:443")).isTrue();
    assertThat(hosts.accepts("example.com:8080")).isFalse();
  }

  @Test
  void bound_to_one_address_it_answers_to_that_address_only() throws Exception {
    HostCheck hosts = check("192.168.1.5", 8080);

    assertThat(hosts.accepts("192.168.1.5:8080")).isTrue();
    assertThat(hosts.accepts("localhost:8080")).isFalse();
    assertThat(hosts.accepts("127.0.0.1:8080")).isFalse();
    assertThat(hosts.accepts("192.168.1.6:8080")).isFalse();
  }

  @Test
  void on_port_80_a_host_without_a_port_is_accepted() throws Exception {
    HostCheck hosts = check("127.0.0.1", 80);

    assertThat(hosts.accepts("localhost")).isTrue();
    assertThat(hosts.accepts("localhost:80")).isTrue();
  }
}

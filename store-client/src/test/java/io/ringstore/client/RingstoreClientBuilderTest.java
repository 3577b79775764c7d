package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every builder argument is checked at once, with a message naming it. */
class RingstoreClientBuilderTest {
  @Test
  void seedsMustBeHostColonPort() {
    assertThatThrownBy(() -> RingstoreClient.builder().seeds("127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed '127.0.0.1' is not host:port");
    assertThatThrownBy(() -> RingstoreClient.builder().seeds("127.0.0.1:0"))
        .hasMessageContaining("port of 1-65535");
    assertThatThrownBy(() -> RingstoreClient.builder().seeds(":7000"))
        .hasMessageContaining("seed ':7000'");
    assertThatThrownBy(() -> RingstoreClient.builder().seeds("host:http"))
        .hasMessageContaining("seed 'host:http'");
    assertThatThrownBy(() -> RingstoreClient.builder().seeds(List.of()))
        .hasMessageContaining("seeds must name 1 to");
    assertThatThrownBy(() -> RingstoreClient.builder().seeds("a:1", null))
        .hasMessageContaining("seeds must not contain null");
  }

  @Test
  void settingsMaySetOnlyOnce() {
    assertThatThrownBy(() -> RingstoreClient.builder().seeds("a:1").seeds("b:2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("seeds was already set");
    assertThatThrownBy(() -> RingstoreClient.builder().ioThreads(1).ioThreads(2))
        .hasMessageContaining("ioThreads was already set to 1");
  }

  @Test
  void durationsMustBeInRange() {
    assertThatThrownBy(() -> RingstoreClient.builder().defaultTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultTimeout must be positive");
    assertThatThrownBy(() -> RingstoreClient.builder().defaultTimeout(Duration.ofHours(1)))
        .hasMessageContaining("defaultTimeout must be positive and at most PT10M but was PT1H");
    assertThatThrownBy(() -> RingstoreClient.builder().defaultTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("defaultTimeout");
    assertThatThrownBy(() -> RingstoreClient.builder().connectTimeout(Duration.ofMinutes(5)))
        .hasMessageContaining("connectTimeout must be 1 ms to 60000 ms");
    assertThatThrownBy(() -> RingstoreClient.builder().ringRefreshInterval(Duration.ofMillis(1)))
        .hasMessageContaining("ringRefreshInterval must be PT0.1S to PT1H");
    assertThatThrownBy(() -> ReadOptions.defaults().withTimeout(Duration.ofMillis(-1)))
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void countsMustBeInRange() {
    assertThatThrownBy(() -> RingstoreClient.builder().inFlightMaxPerNode(0))
        .hasMessageContaining("inFlightMaxPerNode must be 1 to");
    assertThatThrownBy(() -> RingstoreClient.builder().ioThreads(65))
        .hasMessageContaining("ioThreads must be 1 to 64 but was 65");
  }

  @Test
  void buildNeedsSeedsOrARingSource() {
    assertThatThrownBy(() -> RingstoreClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set seeds(");
  }
}

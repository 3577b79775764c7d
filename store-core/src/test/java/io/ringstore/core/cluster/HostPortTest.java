package io.ringstore.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeds as operators write them: host:port, with errors that say what is wrong. */
class HostPortTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:7000", " node-1.example.org:1 ", "h:65535"})
  void parsesHostAndPort(String text) {
    HostPort parsed = HostPort.parse(text);

    assertThat(parsed.toString()).isEqualTo(text.trim());
    assertThat(HostPort.parse(parsed.toString())).isEqualTo(parsed);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1 | is not host:port",
        ":7000 | is not host:port",
        "h: | is not host:port",
        "h:x | port that is not a number",
        "h:0 | port 0 is not 1-65535",
        "h:65536 | port 65536 is not 1-65535",
      })
  void refusesBadTextSayingWhy(String text, String reason) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @ValueSource(ints = {7000})
  void isAddressOfComparesHostAndPort(int port) {
    HostPort address = new HostPort("127.0.0.1", port);

    assertThat(address.isAddressOf(Member.of("a", "127.0.0.1", port))).isTrue();
    assertThat(address.isAddressOf(Member.of("a", "127.0.0.1", port + 1))).isFalse();
    assertThat(address.isAddressOf(Member.of("a", "localhost", port))).isFalse();
  }
}

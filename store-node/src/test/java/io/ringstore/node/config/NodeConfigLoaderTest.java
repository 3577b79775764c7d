package io.ringstore.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.storage.log.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading merges file, environment and flags in that order; every bad field is named. */
class NodeConfigLoaderTest {
  @TempDir Path directory;

  private Path file(String yaml) throws IOException {
    Path file = directory.resolve("node.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static final String VALID =
      String.join(
          "\n",
          "node-id: node-1",
          "host: 127.0.0.1",
          "port: 7001",
          "seeds: [127.0.0.1:7001, '127.0.0.2:7002']",
          "data-dir: /tmp/ringstore-test-data",
          "zone: eu-1",
          "weight: 2.5",
          "replication-factor: 3",
          "read-replicas: 1",
          "write-replicas: 3",
          "fsync: never",
          "");

  @Test
  void aCompleteFileLoads() throws IOException {
    NodeConfig config = NodeConfigLoader.load(file(VALID), Map.of(), Map.of());

    assertThat(config.nodeId().value()).isEqualTo("node-1");
    assertThat(config.port()).isEqualTo(7001);
    assertThat(config.seeds())
        .containsExactly(new HostPort("127.0.0.1", 7001), new HostPort("127.0.0.2", 7002));
    assertThat(config.zone()).isEqualTo("eu-1");
    assertThat(config.weight()).isEqualTo(2.5);
    assertThat(config.quorum().readReplicas()).isEqualTo(1);
    assertThat(config.quorum().writeReplicas()).isEqualTo(3);
    assertThat(config.fsync()).isEqualTo(FsyncPolicy.NEVER);
  }

  @Test
  void defaultsFillWhatIsNotSet() {
    NodeConfig config =
        NodeConfigLoader.load(
            null, Map.of(), Map.of(ConfigField.NODE_ID, "n", ConfigField.DATA_DIR, "/tmp/d"));

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(NodeConfigLoader.PORT_DEFAULT);
    assertThat(config.seeds()).isEmpty();
    assertThat(config.replicationFactor()).isEqualTo(3);
    assertThat(config.quorum().readReplicas()).isEqualTo(2);
    assertThat(config.quorum().writeReplicas()).isEqualTo(2);
    assertThat(config.fsync()).isEqualTo(FsyncPolicy.ALWAYS);
    assertThat(config.adminHost()).isEqualTo("127.0.0.1");
    assertThat(config.adminPort()).isEqualTo(NodeConfigLoader.ADMIN_PORT_DEFAULT);
    assertThat(config.readRepairChance()).isZero();
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideBoth() throws IOException {
    Path file = file(VALID);
    Map<String, String> env = Map.of("RINGSTORE_PORT", "8001", "RINGSTORE_ZONE", "eu-2");

    NodeConfig config = NodeConfigLoader.load(file, env, Map.of(ConfigField.PORT, "9001"));

    assertThat(config.port()).isEqualTo(9001);
    assertThat(config.zone()).isEqualTo("eu-2");
    assertThat(config.nodeId().value()).isEqualTo("node-1");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "node-id | bad id! | may hold only letters",
        "host | a:b | not a host name",
        "port | 70000 | must be 0 to 65535",
        "port | seven | not a whole number",
        "seeds | 127.0.0.1 | is not host:port",
        "seeds | 127.0.0.1:0 | port 0 is not 1-65535",
        "weight | 0 | above 0",
        "weight | heavy | not a number",
        "replication-factor | 16 | must be 1 to 15",
        "read-replicas | 4 | must be 1 to 3",
        "write-replicas | 0 | must be 1 to 3",
        "request-timeout-millis | 0 | must be 1 to",
        "fsync | sometimes | not a known policy",
        "admin-host | 0.0.0.0:80 | not a host name",
        "admin-port | 65536 | must be 0 to 65535",
        "read-repair-chance | 1.5 | must be 0 to 1",
        "read-repair-chance | often | not a number",
      })
  void eachBadFieldIsNamedWithItsSourceAndTheReason(String key, String value, String reason) {
    ConfigField field = ConfigField.ofKey(key);
    Map<ConfigField, String> flags =
        new java.util.EnumMap<>(Map.of(ConfigField.NODE_ID, "n", ConfigField.DATA_DIR, "/tmp/d"));
    flags.put(field, value);

    assertThatThrownBy(() -> NodeConfigLoader.load(null, Map.of(), flags))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config field '" + key + "'")
        .hasMessageContaining("flag --" + key)
        .hasMessageContaining(reason);
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    null,
                    Map.of(
                        "RINGSTORE_NODE_ID",
                        "n",
                        "RINGSTORE_DATA_DIR",
                        "/d",
                        "RINGSTORE_PORT",
                        "x"),
                    Map.of()))
        .hasMessageContaining("config field 'port' from environment variable RINGSTORE_PORT");
  }

  @Test
  void missingRequiredFieldsSayHowToSetThem() {
    assertThatThrownBy(() -> NodeConfigLoader.load(null, Map.of(), Map.of()))
        .hasMessageContaining("'node-id' is not set")
        .hasMessageContaining("RINGSTORE_NODE_ID")
        .hasMessageContaining("--node-id");
    assertThatThrownBy(
            () -> NodeConfigLoader.load(null, Map.of(), Map.of(ConfigField.NODE_ID, "n")))
        .hasMessageContaining("'data-dir' is not set");
  }

  @Test
  void aDataDirThatIsAFileIsRefused() throws IOException {
    Path notADirectory = file("x: 1");

    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    null,
                    Map.of(),
                    Map.of(
                        ConfigField.NODE_ID, "n", ConfigField.DATA_DIR, notADirectory.toString())))
        .hasMessageContaining("'data-dir'")
        .hasMessageContaining("not a directory");
  }

  @Test
  void unknownKeysAndNonMapFilesAreRefusedNamingThem() throws IOException {
    assertThatThrownBy(
            () -> NodeConfigLoader.load(file("node-id: n\nprot: 7000\n"), Map.of(), Map.of()))
        .hasMessageContaining("unknown field 'prot'")
        .hasMessageContaining("port");
    assertThatThrownBy(() -> NodeConfigLoader.load(file("- a\n- b\n"), Map.of(), Map.of()))
        .hasMessageContaining("must be a map");
    assertThatThrownBy(() -> NodeConfigLoader.load(file("port: [1, 2]\n"), Map.of(), Map.of()))
        .hasMessageContaining("'port' must be a single value");
    assertThatThrownBy(
            () -> NodeConfigLoader.load(file("node-id: [unclosed\n"), Map.of(), Map.of()))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void yamlTagsThatNameClassesAreRefused() throws IOException {
    Path hostile = file("node-id: !!java.io.File [\"/etc/passwd\"]\n");

    assertThatThrownBy(() -> NodeConfigLoader.load(hostile, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class);
  }
}

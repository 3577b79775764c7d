package io.ringstore.node.config;

import io.ringstore.client.netty.Credentials;
import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.Handoff;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.wire.WireLimits;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds a {@link NodeConfig} from three layers, later ones overriding earlier ones: the YAML file,
 * {@code RINGSTORE_*} environment variables, command-line flags. Each field is parsed and checked
 * once, after the layers are merged, and a bad value is refused with a {@link ConfigException}
 * naming the field, where the value came from, and what it must be.
 *
 * <p>The file is a flat map of {@link ConfigField} keys; {@code seeds} may be a YAML list or a
 * comma-separated string. Unknown keys are refused (a typo must not silently fall back to a
 * default). The file is read with SnakeYAML's {@link SafeConstructor}: plain maps, lists and
 * scalars, never arbitrary classes.
 */
public final class NodeConfigLoader {
  /** Default listen address: loopback, so a node is never exposed by accident. */
  public static final String HOST_DEFAULT = "127.0.0.1";

  /** Default listen port. */
  public static final int PORT_DEFAULT = 7000;

  /**
   * Where the admin endpoint listens unless told: loopback, as metrics and the ring view are for
   * the operator of this machine (set {@code admin-host} to 0.0.0.0 for a Prometheus elsewhere).
   */
  public static final String ADMIN_HOST_DEFAULT = "127.0.0.1";

  /** The admin endpoint's port unless told. */
  public static final int ADMIN_PORT_DEFAULT = 8000;

  /** Most seeds accepted. */
  public static final int SEEDS_MAX = 64;

  /** Largest configuration file read, in bytes. */
  public static final long FILE_BYTES_MAX = 1024 * 1024;

  /** Longest anti-entropy interval accepted: 30 days. */
  public static final int ANTI_ENTROPY_INTERVAL_SECONDS_MAX = 30 * 24 * 3600;

  /** Highest anti-entropy rate accepted, MiB/s (0 means unlimited). */
  public static final int ANTI_ENTROPY_MIB_PER_SECOND_MAX = 10 * 1024;

  private final Map<ConfigField, Value> values = new EnumMap<>(ConfigField.class);

  /** A raw value and where it came from, for error messages. */
  private record Value(String text, String origin) {}

  private NodeConfigLoader() {}

  /**
   * Loads and validates a configuration.
   *
   * @param file the YAML file, or null for none
   * @param environment the process environment (only {@code RINGSTORE_*} variables are read)
   * @param flags values given on the command line
   * @throws ConfigException for the first bad field, naming it
   */
  public static NodeConfig load(
      Path file, Map<String, String> environment, Map<ConfigField, String> flags) {
    NodeConfigLoader loader = new NodeConfigLoader();
    if (file != null) {
      loader.readFile(file);
    }
    loader.readEnvironment(environment);
    flags.forEach((field, text) -> loader.put(field, text, "flag " + field.flag()));
    return loader.build();
  }

  private void put(ConfigField field, String text, String origin) {
    if (text != null) {
      values.put(field, new Value(text.trim(), origin));
    }
  }

  private void readEnvironment(Map<String, String> environment) {
    for (ConfigField field : ConfigField.values()) {
      String variable = field.environmentVariable();
      put(field, environment.get(variable), "environment variable " + variable);
    }
  }

  private void readFile(Path file) {
    Object document = parseYaml(file);
    if (document == null) {
      return;
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new ConfigException(
          "config file "
              + file
              + " must be a map of 'field: value' lines; known fields: "
              + keys());
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      ConfigField field = ConfigField.ofKey(key);
      if (field == null) {
        throw new ConfigException(
            "config file " + file + ": unknown field '" + key + "'; known fields: " + keys());
      }
      put(field, scalarText(entry.getValue(), field, file), "file " + file);
    }
  }

  private static Object parseYaml(Path file) {
    try {
      if (Files.size(file) > FILE_BYTES_MAX) {
        throw new ConfigException(
            "config file " + file + " is larger than " + FILE_BYTES_MAX + " bytes");
      }
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e);
    } catch (YAMLException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
    }
  }

  private static String scalarText(Object value, ConfigField field, Path file) {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list && field == ConfigField.SEEDS) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new ConfigException(
          "config file "
              + file
              + ": field '"
              + field.key()
              + "' must be a single value: "
              + field.description());
    }
    return String.valueOf(value);
  }

  private static String keys() {
    return Arrays.stream(ConfigField.values())
        .map(ConfigField::key)
        .collect(Collectors.joining(", "));
  }

  private NodeConfig build() {
    NodeId nodeId = nodeId();
    int replicationFactor =
        intIn(ConfigField.REPLICATION_FACTOR, 1, RingConfig.REPLICATION_FACTOR_MAX, 3);
    QuorumDefaults quorum =
        new QuorumDefaults(
            intIn(
                ConfigField.READ_REPLICAS,
                1,
                replicationFactor,
                Math.min(QuorumDefaults.READ_REPLICAS_DEFAULT, replicationFactor)),
            intIn(
                ConfigField.WRITE_REPLICAS,
                1,
                replicationFactor,
                Math.min(QuorumDefaults.WRITE_REPLICAS_DEFAULT, replicationFactor)),
            intIn(
                ConfigField.REQUEST_TIMEOUT_MILLIS,
                1,
                WireLimits.TIMEOUT_MILLIS_MAX,
                QuorumDefaults.TIMEOUT_MILLIS_DEFAULT));
    return new NodeConfig(
        nodeId,
        hostOf(ConfigField.HOST, HOST_DEFAULT),
        intIn(ConfigField.PORT, 0, HostPort.PORT_MAX, PORT_DEFAULT),
        seeds(),
        dataDir(),
        zone(),
        weight(),
        replicationFactor,
        quorum,
        fsync(),
        hostOf(ConfigField.ADMIN_HOST, ADMIN_HOST_DEFAULT),
        intIn(ConfigField.ADMIN_PORT, 0, HostPort.PORT_MAX, ADMIN_PORT_DEFAULT),
        security(),
        readRepairChance(),
        handoff(),
        antiEntropy(),
        intIn(
            ConfigField.SIBLINGS_MAX,
            0,
            WireLimits.SIBLINGS_MAX,
            CoordinatorContext.SIBLINGS_MAX_DEFAULT));
  }

  /** The periodic interval and the rate from the configuration; the rest as production runs it. */
  private AntiEntropy.Settings antiEntropy() {
    AntiEntropy.Settings defaults = AntiEntropy.Settings.DEFAULTS;
    int intervalSeconds =
        intIn(
            ConfigField.ANTI_ENTROPY_INTERVAL_SECONDS,
            0,
            ANTI_ENTROPY_INTERVAL_SECONDS_MAX,
            (int) TimeUnit.MILLISECONDS.toSeconds(defaults.intervalMillis()));
    int mibPerSecond =
        intIn(
            ConfigField.ANTI_ENTROPY_MIB_PER_SECOND,
            0,
            ANTI_ENTROPY_MIB_PER_SECOND_MAX,
            (int) (defaults.bytesPerSecond() >> 20));
    return new AntiEntropy.Settings(
        TimeUnit.SECONDS.toMillis(intervalSeconds),
        (long) mibPerSecond << 20,
        defaults.keysPerLeaf(),
        defaults.timeoutMillis());
  }

  private ConfigException bad(ConfigField field, String problem) {
    Value value = values.get(field);
    String where =
        value == null
            ? "is not set (set '"
                + field.key()
                + "' in the file, "
                + field.environmentVariable()
                + " or "
                + field.flag()
                + ")"
            : "from " + value.origin() + " is '" + value.text() + "'";
    return new ConfigException(
        "config field '"
            + field.key()
            + "' "
            + where
            + ": "
            + problem
            + "; expected "
            + field.description());
  }

  private String text(ConfigField field) {
    Value value = values.get(field);
    return value == null || value.text().isEmpty() ? null : value.text();
  }

  private NodeId nodeId() {
    String text = text(ConfigField.NODE_ID);
    if (text == null) {
      throw bad(ConfigField.NODE_ID, "every node needs an id");
    }
    try {
      return NodeId.of(text);
    } catch (IllegalArgumentException e) {
      throw bad(ConfigField.NODE_ID, e.getMessage());
    }
  }

  private String hostOf(ConfigField field, String defaultHost) {
    String text = text(field);
    if (text == null) {
      return defaultHost;
    }
    if (text.length() > WireLimits.HOST_CHARS_MAX || text.contains(":") || text.contains(" ")) {
      throw bad(field, "not a host name or IPv4 address");
    }
    return text;
  }

  private int intIn(ConfigField field, int min, int max, int defaultValue) {
    String text = text(field);
    if (text == null) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw bad(field, "not a whole number");
    }
    if (value < min || value > max) {
      throw bad(field, "must be " + min + " to " + max);
    }
    return value;
  }

  private List<HostPort> seeds() {
    String text = text(ConfigField.SEEDS);
    List<HostPort> seeds = new ArrayList<>();
    if (text == null) {
      return seeds;
    }
    for (String part : text.split(",", -1)) {
      if (part.isBlank()) {
        continue;
      }
      try {
        seeds.add(HostPort.parse(part));
      } catch (IllegalArgumentException e) {
        throw bad(ConfigField.SEEDS, e.getMessage());
      }
    }
    if (seeds.size() > SEEDS_MAX) {
      throw bad(ConfigField.SEEDS, seeds.size() + " seeds exceed the maximum " + SEEDS_MAX);
    }
    return seeds;
  }

  private Path dataDir() {
    String text = text(ConfigField.DATA_DIR);
    if (text == null) {
      throw bad(ConfigField.DATA_DIR, "the node needs a directory for its data");
    }
    Path path = Path.of(text);
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw bad(ConfigField.DATA_DIR, "exists and is not a directory");
    }
    return path;
  }

  private String zone() {
    String text = text(ConfigField.ZONE);
    if (text == null) {
      return Member.NO_ZONE;
    }
    if (text.length() > WireLimits.ZONE_CHARS_MAX) {
      throw bad(ConfigField.ZONE, "longer than " + WireLimits.ZONE_CHARS_MAX + " characters");
    }
    return text;
  }

  private double weight() {
    String text = text(ConfigField.WEIGHT);
    if (text == null) {
      return 1.0;
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw bad(ConfigField.WEIGHT, "not a number");
    }
    if (!(value > 0 && value <= Member.WEIGHT_MAX)) {
      throw bad(ConfigField.WEIGHT, "must be above 0 and at most " + Member.WEIGHT_MAX);
    }
    return value;
  }

  private NodeSecurity security() {
    Path cert = readableFile(ConfigField.TLS_CERT);
    Path key = readableFile(ConfigField.TLS_KEY);
    Path ca = readableFile(ConfigField.TLS_CA);
    if ((cert == null) != (key == null) || (cert == null) != (ca == null)) {
      ConfigField missing =
          cert == null
              ? ConfigField.TLS_CERT
              : key == null ? ConfigField.TLS_KEY : ConfigField.TLS_CA;
      throw bad(missing, "TLS needs all three of tls-cert, tls-key and tls-ca");
    }
    Path clusterFile = readableFile(ConfigField.CLUSTER_SECRET_FILE);
    Path clientsFile = readableFile(ConfigField.CLIENT_SECRETS_FILE);
    return new NodeSecurity(
        cert,
        key,
        ca,
        clientCertificates(),
        clientsFile == null ? Map.of() : clientSecrets(clientsFile),
        clusterFile == null ? null : clusterSecret(clusterFile));
  }

  private boolean clientCertificates() {
    String text = text(ConfigField.TLS_CLIENT_CERTIFICATES);
    if (text == null || text.equals("required")) {
      return true;
    }
    if (text.equals("optional")) {
      return false;
    }
    throw bad(ConfigField.TLS_CLIENT_CERTIFICATES, "neither required nor optional");
  }

  private Path readableFile(ConfigField field) {
    String text = text(field);
    if (text == null) {
      return null;
    }
    Path path = Path.of(text);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw bad(field, "not a readable file");
    }
    return path;
  }

  private byte[] clusterSecret(Path file) {
    byte[] secret =
        readText(ConfigField.CLUSTER_SECRET_FILE, file).strip().getBytes(StandardCharsets.UTF_8);
    if (secret.length < Credentials.SECRET_BYTES_MIN) {
      throw bad(
          ConfigField.CLUSTER_SECRET_FILE,
          "the secret has " + secret.length + " bytes, fewer than " + Credentials.SECRET_BYTES_MIN);
    }
    return secret;
  }

  private Map<String, byte[]> clientSecrets(Path file) {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    int lineNumber = 0;
    for (String line : readText(ConfigField.CLIENT_SECRETS_FILE, file).split("\n", -1)) {
      lineNumber++;
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      int colon = entry.indexOf(':');
      String user = colon < 0 ? "" : entry.substring(0, colon).strip();
      byte[] secret =
          colon < 0
              ? new byte[0]
              : entry.substring(colon + 1).strip().getBytes(StandardCharsets.UTF_8);
      if (user.isEmpty()
          || user.equals(Credentials.NODE)
          || secret.length < Credentials.SECRET_BYTES_MIN) {
        throw bad(
            ConfigField.CLIENT_SECRETS_FILE,
            "line "
                + lineNumber
                + " is not 'user:secret' with a user other than '"
                + Credentials.NODE
                + "' and a secret of "
                + Credentials.SECRET_BYTES_MIN
                + " bytes or more");
      }
      secrets.put(user, secret);
    }
    if (secrets.isEmpty()) {
      throw bad(ConfigField.CLIENT_SECRETS_FILE, "names no user");
    }
    return secrets;
  }

  private String readText(ConfigField field, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw bad(field, "cannot be read: " + e.getMessage());
    }
  }

  private double readRepairChance() {
    String text = text(ConfigField.READ_REPAIR_CHANCE);
    if (text == null) {
      return 0;
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw bad(ConfigField.READ_REPAIR_CHANCE, "not a number");
    }
    if (!(value >= 0 && value <= 1)) {
      throw bad(ConfigField.READ_REPAIR_CHANCE, "must be 0 to 1");
    }
    return value;
  }

  private Handoff handoff() {
    String text = text(ConfigField.HINTED_HANDOFF);
    if (text == null) {
      return Handoff.SLOPPY;
    }
    try {
      return Handoff.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(ConfigField.HINTED_HANDOFF, "must be sloppy, strict or off");
    }
  }

  private FsyncPolicy fsync() {
    String text = text(ConfigField.FSYNC);
    if (text == null) {
      return FsyncPolicy.ALWAYS;
    }
    try {
      return FsyncPolicy.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(ConfigField.FSYNC, "not a known policy");
    }
  }
}

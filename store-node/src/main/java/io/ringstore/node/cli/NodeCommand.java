package io.ringstore.node.cli;

import io.ringstore.node.NodeAssembly;
import io.ringstore.node.config.ConfigException;
import io.ringstore.node.config.ConfigField;
import io.ringstore.node.config.NodeConfig;
import io.ringstore.node.config.NodeConfigLoader;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringstore node}: runs one node until the process is told to stop (SIGTERM or Ctrl-C), then
 * closes it. Flags override {@code RINGSTORE_*} variables, which override the file.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a node. Flags override RINGSTORE_* variables, which override the file.")
final class NodeCommand implements Callable<Integer> {
  /** Exit code of a node that could not start (address in use, data directory locked, ...). */
  static final int STARTUP_FAILED = 1;

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", description = "YAML file with the node's fields")
  private Path configFile;

  @Option(names = "--node-id", description = "this node's id, e.g. node-1")
  private String nodeId;

  @Option(names = "--host", description = "address to listen on (default 127.0.0.1)")
  private String host;

  @Option(names = "--port", description = "port to listen on (default 7000)")
  private String port;

  @Option(names = "--seeds", description = "host:port[,host:port...] to announce to")
  private String seeds;

  @Option(names = "--data-dir", description = "directory for the node's data")
  private String dataDir;

  @Option(names = "--zone", description = "rack or availability zone")
  private String zone;

  @Option(names = "--weight", description = "capacity weight (default 1)")
  private String weight;

  @Option(names = "--replication-factor", description = "N (default 3)")
  private String replicationFactor;

  @Option(names = "--read-replicas", description = "R (default 2)")
  private String readReplicas;

  @Option(names = "--write-replicas", description = "W (default 2)")
  private String writeReplicas;

  @Option(names = "--request-timeout-millis", description = "default timeout (2000)")
  private String requestTimeoutMillis;

  @Option(names = "--fsync", description = "always (default), interval or never")
  private String fsync;

  @Option(
      names = "--read-repair-chance",
      description = "how often a read asks every replica so skipped ones are repaired (default 0)")
  private String readRepairChance;

  @Option(
      names = "--hinted-handoff",
      description = "sloppy (default), strict or off: what a write does for an unreachable replica")
  private String hintedHandoff;

  @Option(
      names = "--anti-entropy-interval-seconds",
      description = "seconds between anti-entropy runs (default 3600; 0: only on ringstore repair)")
  private String antiEntropyIntervalSeconds;

  @Option(
      names = "--anti-entropy-mib-per-second",
      description = "rate anti-entropy streams differing keys at (default 16; 0: unlimited)")
  private String antiEntropyMibPerSecond;

  @Option(
      names = "--siblings-max",
      description =
          "siblings a key may have before writes adding one are refused (default 64; 0: none)")
  private String siblingsMax;

  @Option(
      names = "--admin-host",
      description = "address of the admin endpoint: /metrics, /health, /ring (default 127.0.0.1)")
  private String adminHost;

  @Option(names = "--admin-port", description = "port of the admin endpoint (default 8000)")
  private String adminPort;

  @Option(names = "--tls-cert", description = "PEM certificate chain of this node (enables TLS)")
  private String tlsCert;

  @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert")
  private String tlsKey;

  @Option(names = "--tls-ca", description = "PEM certificates of the authority nodes trust")
  private String tlsCa;

  @Option(
      names = "--tls-client-certificates",
      description = "required (default: clients present certificates too) or optional")
  private String tlsClientCertificates;

  @Option(names = "--client-secrets-file", description = "'user:secret' lines clients must prove")
  private String clientSecretsFile;

  @Option(names = "--cluster-secret-file", description = "the secret nodes prove to each other")
  private String clusterSecretFile;

  NodeCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig config;
    try {
      config = NodeConfigLoader.load(configFile, environment.environment(), flags());
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("ringstore node: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    NodeAssembly node;
    try {
      node = new NodeAssembly(config, environment.clock(), UnaryOperator.identity());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("ringstore node: could not start: " + e.getMessage());
      return STARTUP_FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "ringstore-shutdown"));
    stopped.await();
    return CommandLine.ExitCode.OK;
  }

  private Map<ConfigField, String> flags() {
    Map<ConfigField, String> flags = new EnumMap<>(ConfigField.class);
    flags.put(ConfigField.NODE_ID, nodeId);
    flags.put(ConfigField.HOST, host);
    flags.put(ConfigField.PORT, port);
    flags.put(ConfigField.SEEDS, seeds);
    flags.put(ConfigField.DATA_DIR, dataDir);
    flags.put(ConfigField.ZONE, zone);
    flags.put(ConfigField.WEIGHT, weight);
    flags.put(ConfigField.REPLICATION_FACTOR, replicationFactor);
    flags.put(ConfigField.READ_REPLICAS, readReplicas);
    flags.put(ConfigField.WRITE_REPLICAS, writeReplicas);
    flags.put(ConfigField.REQUEST_TIMEOUT_MILLIS, requestTimeoutMillis);
    flags.put(ConfigField.FSYNC, fsync);
    flags.put(ConfigField.READ_REPAIR_CHANCE, readRepairChance);
    flags.put(ConfigField.HINTED_HANDOFF, hintedHandoff);
    flags.put(ConfigField.ANTI_ENTROPY_INTERVAL_SECONDS, antiEntropyIntervalSeconds);
    flags.put(ConfigField.ANTI_ENTROPY_MIB_PER_SECOND, antiEntropyMibPerSecond);
    flags.put(ConfigField.SIBLINGS_MAX, siblingsMax);
    flags.put(ConfigField.ADMIN_HOST, adminHost);
    flags.put(ConfigField.ADMIN_PORT, adminPort);
    flags.put(ConfigField.TLS_CERT, tlsCert);
    flags.put(ConfigField.TLS_KEY, tlsKey);
    flags.put(ConfigField.TLS_CA, tlsCa);
    flags.put(ConfigField.TLS_CLIENT_CERTIFICATES, tlsClientCertificates);
    flags.put(ConfigField.CLIENT_SECRETS_FILE, clientSecretsFile);
    flags.put(ConfigField.CLUSTER_SECRET_FILE, clusterSecretFile);
    flags.values().removeIf(value -> value == null);
    return flags;
  }
}

package io.ringstore.node.config;

import java.util.Locale;

/**
 * Every configuration field of a node, with its name in the YAML file, its environment variable and
 * its command-line flag: one name, three spellings ({@code data-dir}, {@code RINGSTORE_DATA_DIR},
 * {@code --data-dir}).
 */
public enum ConfigField {
  NODE_ID("node-id", "this node's id: letters, digits, '.', '_' and '-', e.g. node-1"),
  HOST("host", "the address to listen on, e.g. 127.0.0.1"),
  PORT("port", "the TCP port to listen on, 1-65535 (0 picks a free one)"),
  SEEDS("seeds", "nodes to announce this node to, host:port[,host:port...]"),
  DATA_DIR("data-dir", "the directory holding this node's data"),
  ZONE("zone", "the rack or availability zone, empty for none"),
  WEIGHT("weight", "capacity weight, above 0 and at most 64"),
  REPLICATION_FACTOR("replication-factor", "N, the replicas of each key"),
  READ_REPLICAS("read-replicas", "R, replicas a read waits for by default"),
  WRITE_REPLICAS("write-replicas", "W, acknowledgements a write waits for by default"),
  REQUEST_TIMEOUT_MILLIS("request-timeout-millis", "default request timeout in milliseconds"),
  FSYNC("fsync", "always, interval or never"),
  READ_REPAIR_CHANCE(
      "read-repair-chance",
      "how often a read asks every replica, so that those it would skip are repaired, 0 to 1"),
  HINTED_HANDOFF(
      "hinted-handoff",
      "sloppy (default: a stand-in's hint counts toward W), strict (kept, not counted) or off"),
  ANTI_ENTROPY_INTERVAL_SECONDS(
      "anti-entropy-interval-seconds",
      "seconds between anti-entropy runs over the ranges this node is first replica of (default"
          + " 3600; 0: only when ringstore repair asks)"),
  ANTI_ENTROPY_MIB_PER_SECOND(
      "anti-entropy-mib-per-second",
      "the rate anti-entropy streams differing keys at, MiB/s (default 16; 0: unlimited)"),
  SIBLINGS_MAX(
      "siblings-max",
      "the most concurrent versions a key may have before new writes that add one are refused"
          + " (default 64; 0: no bound)"),
  ADMIN_HOST(
      "admin-host",
      "the address of the admin HTTP endpoint (/metrics, /health, /ring), e.g. 127.0.0.1"),
  ADMIN_PORT("admin-port", "the admin endpoint's TCP port, 1-65535 (0 picks a free one)"),
  TLS_CERT("tls-cert", "a PEM file with this node's certificate chain (with tls-key and tls-ca)"),
  TLS_KEY("tls-key", "a PEM file with the PKCS#8 private key of tls-cert"),
  TLS_CA("tls-ca", "a PEM file with the certificates of the authority nodes trust"),
  TLS_CLIENT_CERTIFICATES(
      "tls-client-certificates",
      "required (every connection presents a certificate of tls-ca) or optional (nodes only)"),
  CLIENT_SECRETS_FILE(
      "client-secrets-file",
      "a file of 'user:secret' lines, one per client identity (secrets of 16 bytes or more)"),
  CLUSTER_SECRET_FILE(
      "cluster-secret-file", "a file holding the secret nodes prove to each other (16+ bytes)");

  private final String key;
  private final String description;

  ConfigField(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** The name in the YAML file. */
  public String key() {
    return key;
  }

  /** The environment variable: {@code RINGSTORE_} and the key in upper case with underscores. */
  public String environmentVariable() {
    return "RINGSTORE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The command-line flag. */
  public String flag() {
    return "--" + key;
  }

  /** What the field means and which values it takes. */
  public String description() {
    return description;
  }

  /** The field whose file key is {@code key}, or null. */
  public static ConfigField ofKey(String key) {
    for (ConfigField field : values()) {
      if (field.key.equals(key)) {
        return field;
      }
    }
    return null;
  }
}

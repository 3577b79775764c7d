package io.ringstore.benchmarks.ycsb;

import io.ringstore.client.GetResult;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.VersionContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * The YCSB binding: the standard workloads against a ringstore cluster through the Java client.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar site.ycsb.Client -load|-t \
 *       -db io.ringstore.benchmarks.ycsb.RingstoreYcsbDb -P benchmarks/ycsb/workloada \
 *       -p ringstore.seeds=127.0.0.1:7001 -threads 16 -s
 * </pre>
 *
 * <p>A record is one value (its fields encoded by {@link FieldCodec}) under the key {@code
 * table:key}. An update writes the fields it is given over the record it read, with that read's
 * context, as Voldemort's binding does: YCSB updates change some fields, a ringstore put replaces
 * the whole value, so an update is a read and a write. Siblings (concurrent writes) are merged
 * field by field before reading or updating. A scan answers {@link Status#NOT_IMPLEMENTED}:
 * ringstore has no range scans for clients.
 *
 * <p><b>Properties.</b> {@code ringstore.seeds}: comma-separated {@code host:port} of nodes
 * (default {@value #SEEDS_DEFAULT}); {@code ringstore.timeoutMillis}: each request's timeout
 * (default the client's).
 *
 * <p><b>Threads.</b> YCSB makes one instance per thread; they share one client per JVM, opened by
 * the first {@link #init} and closed by the last {@link #cleanup}.
 */
public final class RingstoreYcsbDb extends DB {
  /** Where the client finds the cluster unless {@code ringstore.seeds} says otherwise. */
  public static final String SEEDS_DEFAULT = "127.0.0.1:7001";

  private static final Object SHARED_LOCK = new Object();
  private static RingstoreClient shared;
  private static int users;

  private RingstoreClient client;

  @Override
  public void init() throws DBException {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        shared = open(getProperties());
      }
      users++;
      client = shared;
    }
  }

  private static RingstoreClient open(Properties properties) throws DBException {
    try {
      RingstoreClient.Builder builder =
          RingstoreClient.builder()
              .seeds(
                  Arrays.asList(
                      properties.getProperty("ringstore.seeds", SEEDS_DEFAULT).split(",")));
      String timeoutMillis = properties.getProperty("ringstore.timeoutMillis");
      if (timeoutMillis != null) {
        builder.defaultTimeout(Duration.ofMillis(Long.parseLong(timeoutMillis.trim())));
      }
      return builder.build();
    } catch (RuntimeException e) {
      throw new DBException("cannot open a ringstore client: " + e.getMessage(), e);
    }
  }

  @Override
  public void cleanup() {
    synchronized (SHARED_LOCK) {
      if (client != null && --users == 0) {
        shared.close();
        shared = null;
      }
      client = null;
    }
  }

  @Override
  public Status read(
      String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    try {
      GetResult read = client.get(keyOf(table, key));
      if (!read.exists()) {
        return Status.NOT_FOUND;
      }
      merged(read)
          .forEach(
              (name, value) -> {
                if (fields == null || fields.contains(name)) {
                  result.put(name, new ByteArrayByteIterator(value));
                }
              });
      return Status.OK;
    } catch (RuntimeException e) {
      return Status.ERROR;
    }
  }

  @Override
  public Status scan(
      String table,
      String startKey,
      int recordCount,
      Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    try {
      byte[] storedKey = keyOf(table, key);
      GetResult read = client.get(storedKey);
      Map<String, byte[]> fields = merged(read);
      fields.putAll(bytesOf(values));
      client.put(storedKey, FieldCodec.encode(fields), read.context());
      return Status.OK;
    } catch (RuntimeException e) {
      return Status.ERROR;
    }
  }

  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    try {
      client.put(keyOf(table, key), FieldCodec.encode(bytesOf(values)), VersionContext.empty());
      return Status.OK;
    } catch (RuntimeException e) {
      return Status.ERROR;
    }
  }

  @Override
  public Status delete(String table, String key) {
    try {
      client.delete(keyOf(table, key));
      return Status.OK;
    } catch (RuntimeException e) {
      return Status.ERROR;
    }
  }

  static byte[] keyOf(String table, String key) {
    return (table + ":" + key).getBytes(StandardCharsets.UTF_8);
  }

  /** The fields of every sibling, later siblings' fields over earlier ones'. */
  static Map<String, byte[]> merged(GetResult read) {
    return merged(read.values());
  }

  static Map<String, byte[]> merged(List<byte[]> siblings) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    for (byte[] sibling : siblings) {
      fields.putAll(FieldCodec.decode(sibling));
    }
    return fields;
  }

  private static Map<String, byte[]> bytesOf(Map<String, ByteIterator> values) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    values.forEach((name, value) -> fields.put(name, value.toArray()));
    return fields;
  }
}

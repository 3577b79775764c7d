package io.ringstore.node.admin;

import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.Request;
import java.util.Locale;

/**
 * The names metrics give requests: a message class in snake case without its {@code Request} suffix
 * ({@code ReplicaPutRequest} is {@code replica_put}, {@code GossipSyn} is {@code gossip_syn}), and
 * a request's consistency level in lower case, {@code none} for requests without one. Names hold no
 * dots: a dot separates the parts of a metric's name.
 */
final class RequestNames {
  /** The consistency label of a request that has no consistency level. */
  static final String NO_CONSISTENCY = "none";

  private static final ClassValue<String> NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return nameOf(type.getSimpleName());
        }
      };

  private RequestNames() {}

  /** The name of {@code request}'s type. */
  static String of(Request request) {
    return NAMES.get(request.getClass());
  }

  /** The name of a message class called {@code simpleName}. */
  static String nameOf(String simpleName) {
    String stem =
        simpleName.endsWith("Request") && simpleName.length() > "Request".length()
            ? simpleName.substring(0, simpleName.length() - "Request".length())
            : simpleName;
    StringBuilder name = new StringBuilder(stem.length() + 4);
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        name.append('_');
      }
      name.append(Character.toLowerCase(c));
    }
    return name.toString();
  }

  /** Whether requests of {@code type} carry a consistency level ({@link #levelOf}). */
  static boolean hasLevel(Class<?> type) {
    return type == GetRequest.class || type == PutRequest.class || type == DeleteRequest.class;
  }

  /** The consistency level {@code request} asks for, or null when it has none. */
  static Consistency.Level levelOf(Request request) {
    if (request instanceof GetRequest get) {
      return get.consistency().level();
    }
    if (request instanceof PutRequest put) {
      return put.consistency().level();
    }
    if (request instanceof DeleteRequest delete) {
      return delete.consistency().level();
    }
    return null;
  }

  /** The label of {@code level}; {@link #NO_CONSISTENCY} for null. */
  static String label(Consistency.Level level) {
    return level == null ? NO_CONSISTENCY : level.name().toLowerCase(Locale.ROOT);
  }
}

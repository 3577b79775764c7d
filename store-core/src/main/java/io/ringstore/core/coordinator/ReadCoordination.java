package io.ringstore.core.coordinator;

import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaGetResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A read: ask R replicas for the key's versions (more if some fail or stay silent, see {@link
 * QuorumPlan}), and once R have answered, answer the client with the maximal versions among all
 * answers received so far ({@link Siblings#of}): one version when the replicas agree or one
 * supersedes the rest, several siblings when writes were concurrent. Tombstones are included: the
 * client filters them but needs their clocks as write context.
 *
 * <p>Read repair (a later issue) starts from {@link #answerOf}: each replica's versions are kept,
 * late answers included, so a repair step can compare each replica against the reconciled siblings
 * and write them back to the replicas they do not dominate.
 */
final class ReadCoordination extends QuorumCoordination {
  private final ReplicaGetRequest request;
  private final Versioned[][] answers;
  private final long ringEpoch;

  /**
   * @param ringEpoch the epoch of the ring {@code plan} was made against, stamped on the answer
   */
  ReadCoordination(
      QuorumPlan.Ask plan, ReplicaGetRequest request, long ringEpoch, Consumer<Response> respond) {
    super(plan, respond);
    this.request = request;
    this.ringEpoch = ringEpoch;
    this.answers = new Versioned[plan.replicas().size()][];
  }

  @Override
  Request replicaRequest() {
    return request;
  }

  @Override
  boolean accept(int replica, Response response) {
    if (response instanceof ReplicaGetResponse read) {
      answers[replica] = read.versions();
      return true;
    }
    return false;
  }

  /**
   * The siblings among every answer so far. More than {@link WireLimits#SIBLINGS_MAX} concurrent
   * versions (replicas each at the bound, holding different ones) are cut to the latest: the
   * client's next write supersedes those, and the rest surface on its next read.
   */
  /** What replica {@code replica} answered, late answers included; null if nothing yet. */
  synchronized Versioned[] answerOf(int replica) {
    return answers[replica];
  }

  @Override
  Response successResponse() {
    List<Versioned> received = new ArrayList<>();
    for (Versioned[] versions : answers) {
      if (versions != null) {
        received.addAll(Arrays.asList(versions));
      }
    }
    List<Versioned> siblings = Siblings.of(received).latest(WireLimits.SIBLINGS_MAX);
    return new GetResponse(siblings.toArray(new Versioned[0]), ringEpoch);
  }
}

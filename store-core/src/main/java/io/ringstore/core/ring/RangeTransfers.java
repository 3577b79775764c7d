package io.ringstore.core.ring;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which ranges change hands when the ring changes from {@code before} to {@code after}, and between
 * whom: what a joining node must receive before it serves reads, and what a leaving node must hand
 * over before it goes.
 *
 * <p>The two rings are cut at the union of their tokens; inside each piece both rings have one
 * replica set (a preference list is constant between two consecutive tokens of its ring). Pieces
 * next to each other with the same peers are joined, so a small cluster moves a few large ranges.
 * O(tokens of both rings) lookups; runs once per movement, never on the request path.
 */
public final class RangeTransfers {
  private RangeTransfers() {}

  /**
   * A range and the nodes at the other end of its transfer.
   *
   * @param peers for {@link #gainedBy}: the range's replicas before the change, to receive it from;
   *     for {@link #handedOffBy}: the nodes that become replicas of it, to send it to
   */
  public record Transfer(TokenRange range, List<NodeId> peers) {
    public Transfer {
      peers = List.copyOf(peers);
    }
  }

  /**
   * The ranges {@code node} replicates in {@code after} but not in {@code before}, each with its
   * replicas in {@code before}: the node must receive them from those before it serves them. Empty
   * if {@code before} is empty (nothing to receive) or {@code node} gains nothing.
   */
  public static List<Transfer> gainedBy(NodeId node, Ring before, Ring after) {
    List<Transfer> transfers = new ArrayList<>();
    if (before.isEmpty() || after.isEmpty()) {
      return transfers;
    }
    for (Piece piece : pieces(before, after)) {
      PreferenceList was = before.preferenceListForToken(piece.end);
      PreferenceList will = after.preferenceListForToken(piece.end);
      if (will.isReplica(node) && !was.isReplica(node)) {
        add(transfers, piece, ids(was.replicas()));
      }
    }
    return joinWrapped(transfers);
  }

  /**
   * The ranges {@code node} replicates in {@code before}, each with the nodes that replicate it in
   * {@code after} but not in {@code before}: what {@code node} must send, and to whom, before it
   * leaves (or what a removed node's ranges need, with {@code node} the removed one). Ranges that
   * gain no replica are left out.
   */
  public static List<Transfer> handedOffBy(NodeId node, Ring before, Ring after) {
    List<Transfer> transfers = new ArrayList<>();
    if (before.isEmpty() || after.isEmpty()) {
      return transfers;
    }
    for (Piece piece : pieces(before, after)) {
      PreferenceList was = before.preferenceListForToken(piece.end);
      if (!was.isReplica(node)) {
        continue;
      }
      List<NodeId> gaining = new ArrayList<>();
      for (Member replica : after.preferenceListForToken(piece.end).replicas()) {
        if (!was.isReplica(replica.id())) {
          gaining.add(replica.id());
        }
      }
      if (!gaining.isEmpty()) {
        add(transfers, piece, gaining);
      }
    }
    return joinWrapped(transfers);
  }

  /** A piece of the circle between two consecutive tokens of the union: (start, end]. */
  private record Piece(long start, long end) {}

  private static List<Piece> pieces(Ring before, Ring after) {
    TreeSet<Long> tokens = new TreeSet<>();
    addTokens(before, tokens);
    addTokens(after, tokens);
    List<Piece> pieces = new ArrayList<>(tokens.size());
    long previous = tokens.last();
    for (long token : tokens) {
      pieces.add(new Piece(previous, token));
      previous = token;
    }
    return pieces;
  }

  private static void addTokens(Ring ring, TreeSet<Long> tokens) {
    for (Member member : ring.members()) {
      for (long token : ring.tokensOf(member.id())) {
        tokens.add(token);
      }
    }
  }

  /** Appends the piece, extending the last transfer if it ends where the piece starts. */
  private static void add(List<Transfer> transfers, Piece piece, List<NodeId> peers) {
    List<NodeId> sorted = sorted(peers);
    int last = transfers.size() - 1;
    if (last >= 0
        && transfers.get(last).range().endInclusive() == piece.start
        && transfers.get(last).peers().equals(sorted)) {
      TokenRange joined = new TokenRange(transfers.get(last).range().startExclusive(), piece.end);
      transfers.set(last, new Transfer(joined, sorted));
    } else {
      transfers.add(new Transfer(new TokenRange(piece.start, piece.end), sorted));
    }
  }

  /** Joins the last transfer into the first when it runs into it across the wrap. */
  private static List<Transfer> joinWrapped(List<Transfer> transfers) {
    int last = transfers.size() - 1;
    if (last < 1) {
      return transfers;
    }
    Transfer first = transfers.get(0);
    Transfer tail = transfers.get(last);
    if (tail.range().endInclusive() == first.range().startExclusive()
        && tail.peers().equals(first.peers())) {
      transfers.set(
          0,
          new Transfer(
              new TokenRange(tail.range().startExclusive(), first.range().endInclusive()),
              first.peers()));
      transfers.remove(last);
    }
    return transfers;
  }

  private static List<NodeId> sorted(List<NodeId> ids) {
    return List.copyOf(new TreeSet<>(ids));
  }

  private static List<NodeId> ids(List<Member> members) {
    List<NodeId> ids = new ArrayList<>(members.size());
    for (Member member : members) {
      ids.add(member.id());
    }
    return ids;
  }
}

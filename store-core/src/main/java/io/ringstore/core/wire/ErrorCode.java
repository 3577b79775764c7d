package io.ringstore.core.wire;

/**
 * Why a request failed, in an {@link ErrorResponse}. The wire carries the ordinal: append new codes
 * at the end only.
 */
public enum ErrorCode {
  /** The request broke a rule (bad consistency for this key's replication factor, ...). */
  BAD_REQUEST,
  /** Too few replicas are alive to even try the request. */
  UNAVAILABLE,
  /** The node sheds load; retry later, preferably on another node. */
  OVERLOADED,
  /** The request ran out of time before the replicas answered. */
  TIMEOUT,
  /** The node could not decode the request; the connection is closed after this response. */
  PROTOCOL_ERROR,
  /** A bug or an I/O failure on the node; its log has the details. */
  INTERNAL,
  /**
   * The connection did not prove a credential the node requires (or proved a client's where a
   * node's is needed); the node closes the connection after this response.
   */
  UNAUTHENTICATED,
  /**
   * The key is held by a transaction's intent until that transaction ends (at most the resolve
   * timeout after its coordinator stops): retry after a short pause.
   */
  CONFLICT
}
